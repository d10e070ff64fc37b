"""Household import from Excel (nhập danh sách hộ dân): read, preview, then confirm.

1. `read_household_file(upload)` reads a commune's own spreadsheet (title rows, blank rows,
   header variants, phones stored as numbers, "x" for yes) into plain values: the payload
   that an `ImportPreview` keeps until the user confirms. Nothing is written to the registry.
2. `plan_household_import(payload, village)` compares those rows with the village's registry
   and says, row by row, what confirming would do: add a household, update one (each changed
   field before -> after), leave one unchanged, or ask the user, for a row that looks like an
   existing household or like another row of the file.
3. `households.services.import_households(plan, decisions, by=...)` writes it, in one
   transaction.

Matching rules (issue of identity, not of search: every diacritic counts):
- a row with a household code (the "Mã hộ" column of the portal's export and template) is
  that household, and only that one;
- a row without a code is the household with the same head's name, address and phone
  (compared with case and spacing normalised, diacritics kept: binhdan.text.identity),
  and, among namesakes, the one whose other values are the same;
- a row that shares only the name and address, or only the phone, with a household or with
  an earlier row *looks like* it: the user chooses "same household", "a different
  household" or "skip". When the phone or the household size differs, "different" is
  proposed (namesakes at one hamlet address are common).
- an empty cell never erases what the registry has (yes/no columns excepted: empty is no).

So importing the same file again, or the portal's own export, adds nothing and changes nothing.
"""

import datetime
from collections import defaultdict
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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
from binhdan.spreadsheets import Column, RowError, read_table
from binhdan.text import fold, identity
from households.models import (
    ADULTS,
    HOUSEHOLD_SIZE,
    Household,
    household_key,
    parse_household_code,
    skills_problems,
)
from teams.models import Member

MAX_ROWS = 20_000

COLUMNS = [
    Column("code", "Mã hộ", aliases=("Mã hộ dân", "Household code"), max_length=20),
    Column(
        "head_name",
        "Họ tên chủ hộ",
        required=True,
        aliases=(
            "Họ và tên chủ hộ",
            "Chủ hộ",
            "Tên chủ hộ",
            "Họ tên chủ hộ gia đình",
            "Head of household",
        ),
        max_length=150,
    ),
    Column(
        "address",
        "Địa chỉ",
        required=True,
        aliases=("Địa chỉ (xóm, thôn)", "Nơi ở", "Địa chỉ hộ", "Address"),
        max_length=250,
    ),
    Column(
        "phone",
        "Số điện thoại",
        aliases=("Điện thoại", "SĐT", "Số ĐT", "ĐT", "Điện thoại liên hệ", "Phone"),
        max_length=30,
    ),
    Column(
        "people_count",
        "Số nhân khẩu",
        kind="int",
        min_value=HOUSEHOLD_SIZE.lowest,
        max_value=HOUSEHOLD_SIZE.highest,
        aliases=("Nhân khẩu", "Số khẩu", "Số người", "Số người trong hộ", "Number of people"),
    ),
    Column(
        "has_elderly",
        "Có người cao tuổi",
        kind="bool",
        aliases=("Người cao tuổi", "Hộ có người cao tuổi", "NCT", "Has an elderly person"),
    ),
    Column(
        "has_no_device",
        "Chưa có thiết bị số",
        kind="bool",
        aliases=(
            "Không có thiết bị số",
            "Không có điện thoại thông minh",
            "Chưa có điện thoại thông minh",
            "Has no digital device",
        ),
    ),
    Column(
        "adults",
        "Số người từ 15 tuổi",
        kind="int",
        min_value=ADULTS.lowest,
        max_value=ADULTS.highest,
        aliases=("Người từ 15 tuổi", "Số người trưởng thành", "Adults"),
    ),
    Column(
        "adults_skilled",
        "Số người đã hoàn thành kỹ năng số cơ bản (VNeID)",
        kind="int",
        min_value=ADULTS.lowest,
        max_value=ADULTS.highest,
        aliases=(
            "Số người hoàn thành kỹ năng số cơ bản",
            "Đã hoàn thành kỹ năng số cơ bản",
            "Adults with confirmed skills",
        ),
    ),
    Column(
        "skills_seen_on",
        "Ngày xem xác nhận trên VNeID",
        kind="date",
        aliases=("Ngày xác nhận kỹ năng số", "Confirmation seen on"),
    ),
    Column("member", "Tổ viên phụ trách", aliases=("Member in charge",), max_length=150),
    Column("notes", "Ghi chú", aliases=("Notes",)),
]
HEADERS = {c.key: c.header for c in COLUMNS}

EXAMPLE = {
    "code": "",
    "head_name": "Nguyễn Văn An",
    "address": "Xóm 3, Thôn Đông",
    "phone": "0912345678",
    "people_count": 4,
    "has_elderly": "x",
    "has_no_device": "",
    "adults": 3,
    "adults_skilled": 1,
    "skills_seen_on": "15/11/2026",
    "member": "Trần Thị Lan",
    "notes": "",
}

TEMPLATE_TITLE = gettext_lazy("Household list")

# The fields a row can set, in the order a preview lists changes.
FIELDS = [
    "head_name",
    "address",
    "phone",
    "people_count",
    "has_elderly",
    "has_no_device",
    "adults",
    "adults_skilled",
    "skills_seen_on",
    "member_in_charge",
    "notes",
]
DEFAULTS = {
    "phone": "",
    "people_count": 1,
    "has_elderly": False,
    "has_no_device": False,
    "member_in_charge": None,
    "notes": "",
}


# --- 1. Reading ---------------------------------------------------------------------------


def read_household_file(upload) -> dict[str, Any]:
    """The rows of `upload` as plain values (JSON-ready), with the header as it was read
    and the cells that could not be read. Raises SpreadsheetError for an unreadable file."""
    return table_payload(read_table(upload, COLUMNS, max_rows=MAX_ROWS))


# --- 2. Planning --------------------------------------------------------------------------


class HouseholdImportPlan(ImportPlan):
    def __init__(self, village, rows, errors, header):
        super().__init__(rows, errors, header)
        self.village = village


def plan_household_import(payload: dict, village) -> HouseholdImportPlan:
    """What importing `payload` into `village` would do, row by row (reads, never writes)."""
    header = payload_header(payload)
    present = {cell.key for cell in header if cell.key}
    errors = payload_errors(payload)
    registry = _Registry(village)
    members = _MemberNames(village)
    plans: list[RowPlan] = []
    seen_codes: dict[int, int] = {}
    earlier: dict[str, list[RowPlan]] = defaultdict(list)  # rows by match key and by phone
    for row in payload["rows"]:
        number = row["_row"]
        if not row.get("head_name") or not row.get("address"):
            continue  # already reported by read_table
        values, row_errors = _clean(row, present, members, number)
        household_id = None
        if row.get("code"):
            household_id = parse_household_code(row["code"])
            if household_id is None or household_id not in registry.by_id:
                row_errors.append(
                    RowError(
                        number,
                        HEADERS["code"],
                        _("no household of %(village)s has the code “%(code)s”")
                        % {"village": village.name, "code": row["code"]},
                    )
                )
            elif household_id in seen_codes:
                row_errors.append(
                    RowError(
                        number,
                        HEADERS["code"],
                        _("the code is already used on row %(row)s")
                        % {"row": seen_codes[household_id]},
                    )
                )
            else:
                seen_codes[household_id] = number
        if row_errors:
            errors.extend(row_errors)
            continue
        if household_id is not None:
            plan = _against(number, values, registry.take(household_id))
        else:
            plan = _match(number, values, registry, earlier)
        plans.append(plan)
        if plan.action in (NEW, ASK):
            earlier[_name_key(values)].append(plan)
            if values.get("phone"):
                earlier[_phone_key(values["phone"])].append(plan)
    errors.sort(key=lambda error: error.row)
    return HouseholdImportPlan(village, plans, errors, header)


def _name_key(values) -> str:
    return "name:" + household_key(values["head_name"], values["address"])


def _phone_key(phone) -> str:
    return "phone:" + phone


def _clean(row, present, members, number) -> tuple[dict, list[RowError]]:
    """The model values a row sets: only columns the file has; an empty cell sets nothing
    (yes/no columns excepted)."""
    errors = []
    values = {"head_name": row["head_name"], "address": row["address"]}
    if "phone" in present and row.get("phone"):
        try:
            values["phone"] = normalize_phone(row["phone"])
        except ValidationError as error:
            errors.append(RowError(number, HEADERS["phone"], error.messages[0]))
    if "people_count" in present and row.get("people_count"):
        values["people_count"] = row["people_count"]
    for name in ("has_elderly", "has_no_device"):
        if name in present:
            values[name] = bool(row.get(name))
    if "member" in present and row.get("member"):
        member, problem = members.find(row["member"])
        if problem:
            errors.append(RowError(number, HEADERS["member"], problem))
        values["member_in_charge"] = member
    if "notes" in present and row.get("notes"):
        values["notes"] = row["notes"]
    errors += _skills(row, present, values, number)
    return values, errors


def _skills(row, present, values, number) -> list[RowError]:
    """Adults and confirmed basic digital skills (K11) into `values`, and what is wrong with
    them, named by row and column: the household form's rules (households.models)."""
    for name in ("adults", "adults_skilled"):
        if name in present and row.get(name) is not None:
            values[name] = row[name]
    if "skills_seen_on" in present and row.get("skills_seen_on"):
        seen_on = datetime.date.fromisoformat(row["skills_seen_on"])
        try:
            validate_happened(seen_on)
        except ValidationError as error:
            return [RowError(number, HEADERS["skills_seen_on"], error.messages[0])]
        values["skills_seen_on"] = seen_on
    problems = skills_problems(
        values.get("people_count"),
        values.get("adults"),
        values.get("adults_skilled"),
        values.get("skills_seen_on"),
    )
    return [RowError(number, HEADERS[name], str(problem)) for name, problem in problems.items()]


def _match(number, values, registry, earlier) -> RowPlan:
    key = household_key(values["head_name"], values["address"])
    phone = values.get("phone", "")
    namesakes = registry.unclaimed(registry.by_key.get(key, ()))
    same_phone = [h for h in namesakes if h.phone == phone]
    if same_phone:
        # Among namesakes with this phone, the one with the same values is this row.
        identical = [h for h in same_phone if not changes_for(h, values)]
        if len(same_phone) == 1 or len(identical) == 1:
            household = identical[0] if identical else same_phone[0]
            return _against(number, values, registry.take(household.pk))
    phone_twins = registry.unclaimed(registry.by_phone.get(phone, ())) if phone else []
    lookalikes = list(dict.fromkeys([*namesakes, *phone_twins]))
    twins = list(dict.fromkeys([*earlier.get(_name_key(values), ())]))
    if phone:
        twins = list(dict.fromkeys([*twins, *earlier.get(_phone_key(phone), ())]))
    if not lookalikes and not twins:
        return RowPlan(number, values, NEW, _summary(values))
    plan = RowPlan(number, values, ASK, _summary(values), lookalikes=lookalikes)
    for household in lookalikes:
        reason = (
            _("same head and address as %(code)s")
            if household.match_key == key
            else _("same phone as %(code)s (%(name)s)")
        )
        plan.reasons.append(reason % {"code": household.code, "name": household.head_name})
        plan.choices.append(
            Choice(
                f"id:{household.pk}",
                _("Same household as %(code)s (update it)") % {"code": household.code},
            )
        )
    for twin in twins:
        reason = (
            _("same head and address as row %(row)s")
            if _name_key(twin.values) == _name_key(values)
            else _("same phone as row %(row)s")
        )
        plan.reasons.append(reason % {"row": twin.row})
        plan.choices.append(
            Choice(
                f"row:{twin.row}",
                _("Same household as row %(row)s (do not import again)") % {"row": twin.row},
            )
        )
    plan.choices += [
        Choice(NEW, _("A different household (add it)")),
        Choice(SKIP, _("Skip this row")),
    ]
    plan.proposed = _proposal(values, lookalikes, twins)
    return plan


def _proposal(values, lookalikes, twins) -> str:
    """ "Same" when nothing tells them apart, "different" when the phone or the size does."""

    def differs(phone, people_count) -> bool:
        mine_phone, mine_count = values.get("phone", ""), values.get("people_count")
        if mine_phone and phone and mine_phone != phone:
            return True
        return bool(mine_count and people_count and mine_count != people_count)

    for household in lookalikes:
        if not differs(household.phone, household.people_count):
            return f"id:{household.pk}"
    for twin in twins:
        if not differs(twin.values.get("phone", ""), twin.values.get("people_count")):
            return f"row:{twin.row}"
    return NEW


def _against(number, values, household) -> RowPlan:
    changes = changes_for(household, values)
    action = UPDATE if changes else UNCHANGED
    return RowPlan(number, values, action, _summary(values, household), household, changes)


def _summary(values, household=None) -> str:
    parts = [household.code] if household else []
    parts += [values["head_name"], values["address"]]
    if values.get("phone"):
        parts.append(values["phone"])
    if values.get("people_count"):
        parts.append(
            ngettext("%(n)s person", "%(n)s people", values["people_count"])
            % {"n": values["people_count"]}
        )
    return " · ".join(parts)


def changes_for(household, values) -> list[Change]:
    """The fields `values` would change on `household`. A name or address that differs only
    in case or spacing is not a change."""
    changes = []
    for name in FIELDS:
        if name not in values:
            continue
        before, after = getattr(household, name), values[name]
        if name in ("head_name", "address"):
            if identity(before) == identity(after):
                continue
        elif name == "member_in_charge":
            if (before.pk if before else None) == (after.pk if after else None):
                continue
        elif before == after:
            continue
        changes.append(Change(name, _field_label(name), before, after))
    return changes


def _field_label(name) -> str:
    return str(Household._meta.get_field(name).verbose_name)


class _Registry:
    """The village's households, indexed for matching, each taken by at most one row."""

    def __init__(self, village):
        households = Household.objects.filter(village=village).select_related("member_in_charge")
        self.by_id = {h.pk: h for h in households}
        self.by_key = defaultdict(list)
        self.by_phone = defaultdict(list)
        for household in self.by_id.values():
            self.by_key[household.match_key].append(household)
            if household.phone:
                self.by_phone[household.phone].append(household)
        self.claimed: set[int] = set()

    def take(self, pk) -> Household:
        self.claimed.add(pk)
        return self.by_id[pk]

    def unclaimed(self, households):
        return [h for h in households if h.pk not in self.claimed]


class _MemberNames:
    """The village team's members by name: exactly as written first, then without
    diacritics when that is not ambiguous; active members before those who left."""

    def __init__(self, village):
        members = Member.objects.filter(team__village=village).order_by("pk")
        self.exact, self.folded = defaultdict(list), defaultdict(list)
        self.former = defaultdict(list)  # a household may still name a member who left
        for member in members:
            if member.is_active:
                self.exact[identity(member.full_name)].append(member)
                self.folded[fold(member.full_name)].append(member)
            else:
                self.former[identity(member.full_name)].append(member)

    def find(self, name) -> tuple[Member | None, str | None]:
        key = identity(name)
        found = self.exact.get(key) or self.folded.get(fold(name)) or self.former.get(key) or []
        if len(found) == 1:
            return found[0], None
        if not found:
            return None, _("no active member named “%(name)s” in the village team") % {"name": name}
        return None, _("several members are named “%(name)s”: write the name with diacritics") % {
            "name": name
        }
