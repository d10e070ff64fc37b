"""The roster out to Excel (danh sách tổ viên)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from binhdan.spreadsheets import TEXT_FORMAT, ExportColumn, write_table


def roster_workbook(members, *, title: str) -> Workbook:
    """One row per member of `members` (annotated with `trainings_attended`)."""
    yes = _("yes")
    columns = [
        ExportColumn(_("Team"), lambda m: m.team.name, width=28),
        ExportColumn(_("Village"), lambda m: m.team.village.name if m.team.village else "", 18),
        ExportColumn(_("Full name"), lambda m: m.full_name, width=26),
        ExportColumn(_("Role"), lambda m: m.role.name, width=28),
        ExportColumn(_("Team leader"), lambda m: yes if m.is_leader and m.is_active else ""),
        ExportColumn(_("Youth Union member"), lambda m: yes if m.is_youth_union else ""),
        ExportColumn(_("Phone"), lambda m: m.phone or None, number_format=TEXT_FORMAT),
        ExportColumn(_("Joined on"), lambda m: m.joined_on, width=13),
        ExportColumn(_("Left on"), lambda m: m.left_on, width=13),
        ExportColumn(_("Trainings attended"), lambda m: m.trainings_attended, width=12),
    ]
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Roster")[:31]
    write_table(sheet, columns, members, title=title)
    return workbook
