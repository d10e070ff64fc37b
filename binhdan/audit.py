"""The access log of residents' personal data (Decree 13/2023/NĐ-CP, Law on PDP 2025).

Every view that exports or downloads residents' personal data (names, addresses, phone
numbers of households: an Excel export, a PDF with a household list, an import template
pre-filled with households) calls `record_data_access` once, after the file is built and
before it is returned. The commune office reads the log at /nhat-ky-truy-cap/.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address

from binhdan.models import DataAccessLog
from binhdan.security import client_ip


def record_data_access(request, what: str, *, village=None, commune=None, rows: int | None = None):
    """Record that `request.user` exported or downloaded residents' personal data.

    - `what`: a short description of the file, e.g. ``gettext("Households (Excel)")``.
      It must NOT contain the personal data itself (no names, addresses, phone numbers,
      search terms typed by the user): the log is about who took what, not a copy of it.
    - `village`: the village the data belongs to, or None for a commune-wide file.
    - `commune`: the commune a commune-wide file belongs to, when it is not the user's own
      (the Department downloading a commune's report).
    - `rows`: how many residents/households the file holds, when known.

    The entry belongs to the village's commune (or the user's commune) so that the office of
    that commune sees it. Returns the DataAccessLog entry.

    Example, in an export view::

        households = list(Household.objects.for_user(request.user).filter(village=village))
        response = HttpResponse(workbook_bytes(build_workbook(households)), content_type=...)
        record_data_access(request, _("Households (Excel)"), village=village, rows=len(households))
        return response
    """
    user = request.user
    if village is not None:
        commune_id = village.commune_id
    else:
        commune_id = commune.pk if commune is not None else getattr(user, "commune_id", None)
    ip = client_ip(request)
    try:
        validate_ipv46_address(ip)
    except ValidationError:
        ip = None
    return DataAccessLog.objects.create(
        user=user if user.is_authenticated else None,
        username=user.get_username() if user.is_authenticated else "",
        commune_id=commune_id,
        village=village,
        what=str(what)[:200],
        rows=rows,
        ip_address=ip,
    )
