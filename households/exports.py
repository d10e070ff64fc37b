"""Export of the household registry to Excel (xuất danh sách hộ dân)."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from binhdan.spreadsheets import (
    TEXT_FORMAT,
    ExportColumn,
    stream_table,
    streamed_workbook,
    workbook_file,
)
from households.models import HouseholdPlatform, household_code, phone_as_seen_by

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


def registry_file(households, user) -> tuple:
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
    )
    return workbook_file(workbook), rows
