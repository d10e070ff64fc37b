"""Members in from Excel (nhập danh sách tổ viên): read, preview, then confirm.

The same two steps as the household import (binhdan.previews): the file is read and kept,
`plan_member_import` says row by row what confirming would do, and
`teams.services.import_members` writes it in one transaction.

Matching: a row is the active member of the team with the same full name (case and spacing
normalised, diacritics kept: "Lê Văn Hùng" is not "Lê Văn Hưng"), unless both have a phone
and the phones differ: then it only looks like them and the user decides (namesakes exist).
Two rows of the file with the same name are asked about the same way. An empty cell never
erases what the team's list has (the yes/no columns excepted: empty is no). The column
"Hưởng lương ngân sách" (a civil servant on a state salary, whom an allowance rule may
exclude) may be left out of the file: then nobody's flag changes.
"""

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from binhdan.dates import validate_happened
from binhdan.phones import normalize_phone
from binhdan.previews import (
    ASK,
    NEW,
    SKIP,
    UNCHANGED,
    UPDATE,
    Change,
    Choice,
    ImportPlan,
    RowPlan,
    payload_errors,
    payload_header,
    table_payload,
)
from binhdan.spreadsheets import Column, RowError, read_table, template_workbook
from binhdan.text import fold, identity
from teams.models import Member, MemberRole

MAX_ROWS = 500
FIELDS = ["role", "is_youth_union", "phone", "joined_on", "paid_from_budget"]


def member_columns() -> list[Column]:
    # Headers are Vietnamese whatever the interface language: the file is the commune's.
    return [
        Column(
            "full_name",
            "Họ và tên",
            required=True,
            max_length=150,
            aliases=("Họ tên", "Họ và tên tổ viên", "Tên tổ viên", "Full name"),
        ),
        Column(
            "role",
            "Vai trò trong Tổ",
            required=True,
            aliases=("Vai trò", "Chức danh", "Chức vụ", "Thành phần", "Role"),
        ),
        Column(
            "is_youth_union",
            "Đoàn viên thanh niên",
            kind="bool",
            aliases=("Đoàn viên", "ĐVTN", "Youth Union member"),
        ),
        Column(
            "phone",
            "Số điện thoại",
            max_length=30,
            aliases=("Điện thoại", "SĐT", "Số ĐT", "ĐT", "Phone"),
        ),
        Column("joined_on", "Ngày tham gia", kind="date", aliases=("Ngày vào Tổ", "Joined on")),
        # Optional: a file without it leaves every member's flag as it is (allowances).
        Column(
            "paid_from_budget",
            "Hưởng lương ngân sách",
            kind="bool",
            aliases=(
                "Hưởng lương ngân sách nhà nước",
                "Hưởng lương NSNN",
                "Lương ngân sách",
                "Paid from the state budget",
            ),
        ),
    ]


HEADERS = {c.key: c.header for c in member_columns()}


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
            "paid_from_budget": None,
        },
    )


def read_member_file(upload) -> dict:
    """The rows of `upload` as plain values for an ImportPreview. Raises SpreadsheetError."""
    return table_payload(read_table(upload, member_columns(), max_rows=MAX_ROWS))


class MemberImportPlan(ImportPlan):
    def __init__(self, team, rows, errors, header):
        super().__init__(rows, errors, header)
        self.team = team


def plan_member_import(payload, team) -> MemberImportPlan:
    """What importing `payload` into `team` would do, row by row (reads, never writes)."""
    header = payload_header(payload)
    present = {cell.key for cell in header if cell.key}
    errors = payload_errors(payload)
    roles = {}
    for role in MemberRole.objects.of(team.commune_id).filter(is_active=True):
        roles[fold(role.name)] = role
        roles[role.code] = role
    by_name = defaultdict(list)
    for member in Member.objects.active().filter(team=team).select_related("role"):
        by_name[identity(member.full_name)].append(member)
    claimed: set[int] = set()
    earlier: dict[str, list[RowPlan]] = defaultdict(list)
    plans = []
    for row in payload["rows"]:
        number = row["_row"]
        if not row.get("full_name") or not row.get("role"):
            continue  # already reported by read_table
        values, row_errors = _clean(row, present, roles, number)
        if row_errors:
            errors.extend(row_errors)
            continue
        key = identity(values["full_name"])
        namesakes = [m for m in by_name.get(key, ()) if m.pk not in claimed]
        same = [m for m in namesakes if not _phones_differ(values, m.phone)]
        if len(same) == 1:
            member = same[0]
            claimed.add(member.pk)
            changes = changes_for(member, values)
            action = UPDATE if changes else UNCHANGED
            plans.append(RowPlan(number, values, action, _summary(values), member, changes))
            continue
        twins = earlier.get(key, [])
        if not namesakes and not twins:
            plan = RowPlan(number, values, NEW, _summary(values))
        else:
            plan = _ask(number, values, namesakes, twins)
            if same:  # several namesakes the row fits: propose the first, the user checks
                plan.proposed = f"id:{same[0].pk}"
        plans.append(plan)
        earlier[key].append(plan)
    errors.sort(key=lambda error: error.row)
    return MemberImportPlan(team, plans, errors, header)


def _clean(row, present, roles, number) -> tuple[dict, list[RowError]]:
    errors = []
    values = {"full_name": " ".join(row["full_name"].split())}
    role = roles.get(fold(row["role"]))
    if role is None:
        errors.append(
            RowError(
                number,
                HEADERS["role"],
                _("“%(value)s” is not a role of the catalogue") % {"value": row["role"]},
            )
        )
    values["role"] = role
    for flag in ("is_youth_union", "paid_from_budget"):
        if flag in present:
            values[flag] = bool(row.get(flag))
    if "phone" in present and row.get("phone"):
        try:
            values["phone"] = normalize_phone(row["phone"])
        except ValidationError as error:
            errors.append(RowError(number, HEADERS["phone"], error.messages[0]))
    if "joined_on" in present and row.get("joined_on"):
        joined_on = datetime.date.fromisoformat(row["joined_on"])
        try:
            validate_happened(joined_on)
        except ValidationError as error:
            errors.append(RowError(number, HEADERS["joined_on"], error.messages[0]))
        else:
            values["joined_on"] = joined_on
    return values, errors


def _phones_differ(values, phone) -> bool:
    return bool(values.get("phone") and phone and values["phone"] != phone)


def _ask(number, values, namesakes, twins) -> RowPlan:
    plan = RowPlan(number, values, ASK, _summary(values), lookalikes=namesakes)
    for member in namesakes:
        plan.reasons.append(
            _("same name as a member of the team (%(phone)s)") % {"phone": member.phone or "—"}
        )
        plan.choices.append(Choice(f"id:{member.pk}", _("The same member (update them)")))
    for twin in twins:
        plan.reasons.append(_("same name as row %(row)s") % {"row": twin.row})
        plan.choices.append(
            Choice(
                f"row:{twin.row}",
                _("Same person as row %(row)s (do not import again)") % {"row": twin.row},
            )
        )
    plan.choices += [
        Choice(NEW, _("Another person with the same name (add them)")),
        Choice(SKIP, _("Skip this row")),
    ]
    plan.proposed = NEW
    for twin in twins:
        if not _phones_differ(values, twin.values.get("phone")):
            plan.proposed = f"row:{twin.row}"
    return plan


def changes_for(member, values) -> list[Change]:
    changes = []
    for name in FIELDS:
        if name in values and getattr(member, name) != values[name]:
            label = str(Member._meta.get_field(name).verbose_name)
            changes.append(Change(name, label, getattr(member, name), values[name]))
    return changes


def _summary(values) -> str:
    parts = [values["full_name"], str(values["role"])]
    if values.get("phone"):
        parts.append(values["phone"])
    return " · ".join(parts)
