"""The roster out to Excel (danh sách tổ viên)."""

from django.utils import timezone
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
from teams.forms import filtered_members

#: Rows fetched from the database at a time.
CHUNK_SIZE = 2000


def roster_file(members, *, title: str, progress=None) -> tuple:
    """One row per member of `members` (annotated with `trainings_attended`), as an .xlsx in
    a temporary file, and the number of members written."""
    yes = _("yes")
    columns = [
        ExportColumn(_("Team"), lambda m: m.team.name, width=28),
        ExportColumn(_("Village"), lambda m: m.team.village.name if m.team.village else "", 18),
        ExportColumn(_("Full name"), lambda m: m.full_name, width=26),
        ExportColumn(_("Role"), lambda m: m.role.name, width=28),
        ExportColumn(_("Team leader"), lambda m: yes if m.is_leader and m.is_active else ""),
        ExportColumn(_("Youth Union member"), lambda m: yes if m.is_youth_union else ""),
        # The import's column of the same name: the roster goes back in as it came out.
        ExportColumn(
            _("Paid from the state budget"), lambda m: yes if m.paid_from_budget else "", 14
        ),
        ExportColumn(_("Phone"), lambda m: m.phone or None, number_format=TEXT_FORMAT),
        ExportColumn(_("Joined on"), lambda m: m.joined_on, width=13),
        ExportColumn(_("Left on"), lambda m: m.left_on, width=13),
        ExportColumn(_("Trainings attended"), lambda m: m.trainings_attended, width=12),
    ]
    workbook, sheet = streamed_workbook(_("Roster"))
    rows = stream_table(
        sheet, columns, members.iterator(chunk_size=CHUNK_SIZE), title=title, progress=progress
    )
    return workbook_file(workbook), rows


def roster_export_file(members, user, progress=None) -> tuple:
    """The roster file of `members`, titled with today's date."""
    title = _("Roster of the Community Digital Technology Teams, %(date)s") % {
        "date": timezone.localdate().strftime("%d/%m/%Y")
    }
    return roster_file(members, title=title, progress=progress)


def roster_selection(user, params) -> Selection:
    return Selection(filtered_members(user, params)[1])


ROSTER_EXPORT = Export(
    kind="members",
    capability=Capability.VIEW_MEMBERS,
    what=gettext_lazy("Team roster (Excel)"),
    select=roster_selection,
    write=roster_export_file,
    filename=lambda today: f"danh-sach-to-vien-{today}.xlsx",
)
