"""The household registry and the support visits out to Excel (xuất danh sách hộ dân, lượt
hỗ trợ): rows read as plain values a chunk at a time, written to a write-only workbook in a
temporary file, the same file whether the request writes it or a background job does
(`REGISTRY_EXPORT`, `VISIT_EXPORT`: binhdan/jobs.py)."""

from collections import defaultdict

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binhdan.access import Capability
from binhdan.jobs import Export, Selection
from binhdan.spreadsheets import (
    TEXT_FORMAT,
    ExportColumn,
    stream_table,
    streamed_workbook,
    workbook_file,
)
from households.forms import HouseholdFilterForm, VisitFilters
from households.models import (
    Household,
    HouseholdPlatform,
    SupportMethod,
    SupportVisit,
    household_code,
    phone_as_seen_by,
)

#: Rows fetched from the database at a time: memory stays flat whatever the registry's size.
CHUNK_SIZE = 2000
#: What a row of the file is made of, read as plain values (no model per row: 40,000 rows).
ROW = (
    "pk",
    "village_id",
    "village__name",
    "head_name",
    "address",
    "phone",
    "people_count",
    "has_elderly",
    "has_no_device",
    "adults",
    "adults_skilled",
    "skills_seen_on",
    "member_in_charge__full_name",
    "essential_platforms",
    "notes",
)


def registry_rows(households):
    """`households` (filtered as the list is) as the export's rows, in the list's order, with
    the number of essential platforms each uses counted by the database (a subquery per
    household rather than a GROUP BY over every column): one query, read in chunks."""
    essential = (
        HouseholdPlatform.objects.filter(household=OuterRef("pk"), platform__is_essential=True)
        .order_by()
        .values("household")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        households.annotate(
            essential_platforms=Coalesce(Subquery(essential, output_field=IntegerField()), Value(0))
        )
        .in_list_order()
        .values_list(*ROW, named=True)
    )


def registry_file(households, user, progress=None) -> tuple:
    """The registry as the user may see it (phones masked outside the villages they change),
    as an .xlsx in a temporary file, and the number of households written.

    `households` is the filtered registry; its rows are read in chunks (`registry_rows`) and
    written out as they come.
    """
    yes = _("yes")
    columns = [
        ExportColumn(_("Household code"), lambda h: household_code(h.pk), 11),
        ExportColumn(_("Village"), lambda h: h.village__name, 16),
        ExportColumn(_("Head of household"), lambda h: h.head_name, 26),
        ExportColumn(_("Address"), lambda h: h.address, 28),
        ExportColumn(
            _("Phone"),
            lambda h: phone_as_seen_by(user, h.village_id, h.phone),
            14,
            number_format=TEXT_FORMAT,
        ),
        ExportColumn(_("Number of people"), lambda h: h.people_count, 10),
        ExportColumn(_("Has an elderly person"), lambda h: yes if h.has_elderly else "", 10),
        ExportColumn(_("Has no digital device"), lambda h: yes if h.has_no_device else "", 10),
        # Empty, not 0, where the adults were not asked yet (a missing value is not zero).
        ExportColumn(_("Adults"), lambda h: h.adults, 9),
        ExportColumn(_("Adults with confirmed skills"), lambda h: h.adults_skilled, 12),
        ExportColumn(_("Confirmation seen on"), lambda h: h.skills_seen_on, 12),
        ExportColumn(_("Member in charge"), lambda h: h.member_in_charge__full_name or "", 22),
        ExportColumn(_("Essential platforms used"), lambda h: h.essential_platforms, 12),
        ExportColumn(_("Notes"), lambda h: h.notes, 30),
    ]
    workbook, sheet = streamed_workbook(_("Households"))
    rows = stream_table(
        sheet,
        columns,
        registry_rows(households).iterator(chunk_size=CHUNK_SIZE),
        title=_("Household registry"),
        progress=progress,
    )
    return workbook_file(workbook), rows


def registry_selection(user, params) -> Selection:
    """The households of the user's scope the registry's filters keep (`params`: its query
    string), and the village it was filtered to."""
    form = HouseholdFilterForm(params or None, user=user)
    village = form.cleaned_data.get("village") if form.is_valid() else None
    return Selection(form.apply(Household.objects.for_user(user)), village)


REGISTRY_EXPORT = Export(
    kind="households",
    capability=Capability.EXPORT_HOUSEHOLDS,
    what=gettext_lazy("Household registry (Excel)"),
    select=registry_selection,
    write=registry_file,
    filename=lambda today: f"ho-dan-{today:%Y%m%d}.xlsx",
)


# --- Support visits ---------------------------------------------------------------------------

VISIT_ROW = (
    "pk",
    "date",
    "team__name",
    "member__full_name",
    "household_id",
    "household__head_name",
    "walk_in_name",
    "method",
    "people_helped",
    "notes",
)


def visit_rows(visits):
    """`visits` (filtered as the list is) as the export's rows, newest first as listed: one
    query for the visits, read in chunks, and one per chunk for their kinds of support."""
    rows = visits.order_by("-date", "-id").values_list(*VISIT_ROW, named=True)
    return _with_support_types(rows.iterator(chunk_size=CHUNK_SIZE))


def _with_support_types(rows):
    """Each row with the names of its kinds of support (`support`), in the catalogue's order,
    looked up a chunk of rows at a time rather than a model and a query per visit."""
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == CHUNK_SIZE:
            yield from _named_support(chunk)
            chunk = []
    yield from _named_support(chunk)


def _named_support(chunk):
    if not chunk:
        return
    links = (
        SupportVisit.support_types.through.objects.filter(
            supportvisit_id__in=[row.pk for row in chunk]
        )
        .order_by("supporttype__sort_order", "supporttype__name")
        .values_list("supportvisit_id", "supporttype__name")
    )
    names = defaultdict(list)
    for visit_id, name in links:
        names[visit_id].append(name)
    for row in chunk:
        yield row, "; ".join(names[row.pk])


def visit_file(visits, user, progress=None) -> tuple:
    """The support visits `visits` as an .xlsx in a temporary file, and the number written."""
    methods = dict(SupportMethod.choices)
    columns = [
        ExportColumn(_("Date"), lambda r: r[0].date, 12),
        ExportColumn(_("Team"), lambda r: r[0].team__name, 24),
        ExportColumn(_("Member"), lambda r: r[0].member__full_name, 22),
        ExportColumn(
            _("Household code"),
            lambda r: household_code(r[0].household_id) if r[0].household_id else "",
            11,
        ),
        ExportColumn(
            _("Household or resident"),
            lambda r: r[0].household__head_name if r[0].household_id else r[0].walk_in_name,
            26,
        ),
        ExportColumn(_("What was supported"), lambda r: r[1], 36),
        ExportColumn(_("How"), lambda r: str(methods.get(r[0].method, r[0].method)), 18),
        ExportColumn(_("People helped"), lambda r: r[0].people_helped, 10),
        ExportColumn(_("Notes"), lambda r: r[0].notes, 30),
    ]
    workbook, sheet = streamed_workbook(_("Support visits"))
    rows = stream_table(
        sheet, columns, visit_rows(visits), title=_("Support visits"), progress=progress
    )
    return workbook_file(workbook), rows


def visit_selection(user, params) -> Selection:
    """The visits of the user's scope the visit list's search and filters keep."""
    filters = VisitFilters.read(params, user)
    return Selection(filters.apply(SupportVisit.objects.for_user(user), user))


VISIT_EXPORT = Export(
    kind="visits",
    capability=Capability.EXPORT_HOUSEHOLDS,
    what=gettext_lazy("Support visits (Excel)"),
    select=visit_selection,
    write=visit_file,
    filename=lambda today: f"luot-ho-tro-{today:%Y%m%d}.xlsx",
)
