"""Export of the household registry to Excel (xuất danh sách hộ dân)."""

from django.utils.translation import gettext as _

from binhdan.spreadsheets import (
    TEXT_FORMAT,
    ExportColumn,
    stream_table,
    streamed_workbook,
    workbook_file,
)

#: Rows fetched from the database at a time: memory stays flat whatever the registry's size.
CHUNK_SIZE = 2000


def registry_file(households, user) -> tuple:
    """The registry as the user may see it (phones masked outside the villages they change),
    as an .xlsx in a temporary file, and the number of households written.

    `households` should come with village, member in charge and `essential_platforms`
    (a count) annotated, so that the export runs a fixed number of queries; its rows are
    read in chunks and written out as they come.
    """
    columns = [
        ExportColumn(_("Household code"), lambda h: h.code, 11),
        ExportColumn(_("Village"), lambda h: h.village.name, 16),
        ExportColumn(_("Head of household"), lambda h: h.head_name, 26),
        ExportColumn(_("Address"), lambda h: h.address, 28),
        ExportColumn(_("Phone"), lambda h: h.phone_for(user), 14, number_format=TEXT_FORMAT),
        ExportColumn(_("Number of people"), lambda h: h.people_count, 10),
        ExportColumn(_("Has an elderly person"), lambda h: _("yes") if h.has_elderly else "", 10),
        ExportColumn(_("Has no digital device"), lambda h: _("yes") if h.has_no_device else "", 10),
        ExportColumn(
            _("Member in charge"),
            lambda h: h.member_in_charge.full_name if h.member_in_charge else "",
            22,
        ),
        ExportColumn(_("Essential platforms used"), lambda h: h.essential_platforms, 12),
        ExportColumn(_("Notes"), lambda h: h.notes, 30),
    ]
    workbook, sheet = streamed_workbook(_("Households"))
    rows = stream_table(
        sheet,
        columns,
        households.iterator(chunk_size=CHUNK_SIZE),
        title=_("Household registry"),
    )
    return workbook_file(workbook), rows
