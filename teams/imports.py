"""Members in from Excel (nhập danh sách tổ viên): all rows good, or nothing saved."""

from django.db import transaction
from django.utils.translation import gettext as _

from binhdan.spreadsheets import (
    Column,
    ImportResult,
    SpreadsheetError,
    read_table,
    template_workbook,
)
from binhdan.text import fold
from teams.models import Member, MemberRole, Team


def member_columns() -> list[Column]:
    # Headers are Vietnamese whatever the interface language: the file is the commune's.
    return [
        Column("full_name", "Họ và tên", required=True, max_length=150),
        Column("role", "Vai trò trong Tổ", required=True, aliases=("Vai trò", "Chức danh")),
        Column("is_youth_union", "Đoàn viên thanh niên", kind="bool", aliases=("Đoàn viên",)),
        Column("phone", "Số điện thoại", max_length=20, aliases=("Điện thoại", "SĐT")),
        Column("joined_on", "Ngày tham gia", kind="date"),
    ]


def member_template():
    return template_workbook(
        member_columns(),
        title="Danh sách tổ viên Tổ CNSCĐ",
        example={
            "full_name": "Nguyễn Văn An",
            "role": "Trưởng thôn",
            "is_youth_union": "x",
            "phone": "0912345678",
            "joined_on": None,
        },
    )


def import_members(upload, team: Team) -> ImportResult:
    """Read `upload` and, if every row is good, add its members to `team`.

    Raises binhdan.spreadsheets.SpreadsheetError when the file as a whole is unreadable.
    """
    result = read_table(upload, member_columns(), max_rows=500)
    roles = {}
    for role in MemberRole.objects.filter(is_active=True):
        roles[fold(role.name)] = role
        roles[role.code] = role
    existing = set(Member.objects.active().filter(team=team).values_list("search_text", flat=True))
    seen = {}
    for row in result.rows:
        name = row.get("full_name")
        if row.get("role"):
            role = roles.get(fold(row["role"]))
            if role is None:
                result.add_error(
                    row["_row"],
                    "Vai trò trong Tổ",
                    _("“%(value)s” is not a role of the catalogue") % {"value": row["role"]},
                )
            row["role"] = role
        if name:
            key = fold(name)
            if key in existing:
                result.add_error(row["_row"], "Họ và tên", _("is already a member of this team"))
            elif key in seen:
                result.add_error(
                    row["_row"],
                    "Họ và tên",
                    _("appears twice in the file (also row %(row)s)") % {"row": seen[key]},
                )
            seen.setdefault(key, row["_row"])
    result.errors.sort(key=lambda error: error.row)
    if not result.rows and not result.errors:
        raise SpreadsheetError(_("The file has no member rows under the header."))
    if result.ok:
        with transaction.atomic():
            for row in result.rows:
                Member(
                    team=team,
                    full_name=" ".join(row["full_name"].split()),
                    role=row["role"],
                    is_youth_union=row["is_youth_union"],
                    phone=row["phone"],
                    joined_on=row["joined_on"],
                ).save()
    return result
