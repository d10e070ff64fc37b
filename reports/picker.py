"""The quarter picker of the portal's pages: ?quy=2026Q4, the current quarter by default."""

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.quarters import FIRST_QUARTER, Quarter


def quarter_from_request(request) -> Quarter:
    """The quarter asked for with ?quy=2026Q4, the current one by default."""
    current = Quarter.containing(timezone.localdate())
    text = request.GET.get("quy", "").strip()
    if not text:
        return current
    try:
        return Quarter.parse(text)
    except ValueError:
        messages.warning(
            request, _("“%(text)s” is not a quarter; showing this quarter.") % {"text": text}
        )
        return current


def quarter_choices(selected: Quarter) -> list[Quarter]:
    current = Quarter.containing(timezone.localdate())
    quarter, last = min(FIRST_QUARTER, selected), max(current, selected)
    choices = []
    while quarter <= last:
        choices.append(quarter)
        quarter = quarter.next()
    return choices[::-1]
