"""Household import from Excel (nhập danh sách hộ dân), for the web page and the command.

Rules: the file is read with binhdan.spreadsheets (tolerant of real files); every bad cell
is reported with its row, column and reason; nothing is saved unless the whole file is good.

Natural key: a household is identified inside its village by its head's name and its
address, both folded (no diacritics, lower case, single spaces): `household_key`. A row
whose key already exists in the village updates that household instead of adding one, so
importing the same file twice creates no duplicates; two rows of one file with the same
key are an error.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from binhdan.spreadsheets import Column, RowError, read_table
from binhdan.text import fold
from households.models import Household, household_key
from households.signals import written_in_bulk
from teams.models import Member

COLUMNS = [
    Column(
        "head_name",
        "Họ tên chủ hộ",
        required=True,
        aliases=("Chủ hộ", "Họ và tên chủ hộ"),
        max_length=150,
    ),
    Column("address", "Địa chỉ", required=True, aliases=("Địa chỉ (xóm, thôn)",), max_length=250),
    Column("phone", "Số điện thoại", aliases=("Điện thoại", "SĐT"), max_length=20),
    Column(
        "people_count", "Số nhân khẩu", kind="int", min_value=1, max_value=99, aliases=("Số người",)
    ),
    Column("has_elderly", "Có người cao tuổi", kind="bool", aliases=("Người cao tuổi",)),
    Column("has_no_device", "Chưa có thiết bị số", kind="bool", aliases=("Không có thiết bị số",)),
    Column("member", "Tổ viên phụ trách", max_length=150),
    Column("notes", "Ghi chú"),
]

EXAMPLE = {
    "head_name": "Nguyễn Văn An",
    "address": "Xóm 3, Thôn Đông",
    "phone": "0912345678",
    "people_count": 4,
    "has_elderly": "x",
    "has_no_device": "",
    "member": "Trần Thị Lan",
    "notes": "",
}

UPDATED_FIELDS = [
    "head_name",
    "address",
    "phone",
    "people_count",
    "has_elderly",
    "has_no_device",
    "member_in_charge",
    "notes",
    "search_text",
    "updated_at",
]

TEMPLATE_TITLE = gettext_lazy("Household list")


@dataclass
class HouseholdImport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _column(key: str) -> str:
    return next(c.header for c in COLUMNS if c.key == key)


def import_households(upload, village, *, user=None) -> HouseholdImport:
    """Read `upload` and, if every row is good, create or update the village's households.

    Raises binhdan.spreadsheets.SpreadsheetError when the file itself cannot be read.
    """
    table = read_table(upload, COLUMNS, max_rows=20_000)
    outcome = HouseholdImport(errors=list(table.errors))
    members = _members_by_name(village)
    existing = {h.match_key: h for h in Household.objects.filter(village=village)}
    seen: dict[str, int] = {}
    now = timezone.now()
    to_create, to_update = [], []
    for row in table.rows:
        number = row["_row"]
        if "head_name" not in row or "address" not in row:
            continue  # already reported by read_table
        phone = "".join((row.get("phone") or "").split())
        if phone and not phone.lstrip("+").isdigit():
            outcome.errors.append(
                RowError(number, _column("phone"), _("a phone number has digits only"))
            )
        member = None
        if row.get("member"):
            member = members.get(fold(row["member"]))
            if member is None:
                outcome.errors.append(
                    RowError(
                        number,
                        _column("member"),
                        _("no active member named “%(name)s” in the village team")
                        % {"name": row["member"]},
                    )
                )
        key = household_key(row["head_name"], row["address"])
        if key in seen:
            outcome.errors.append(
                RowError(
                    number,
                    _column("head_name"),
                    _("the same household (head and address) is already on row %(row)s")
                    % {"row": seen[key]},
                )
            )
            continue
        seen[key] = number
        values = {
            "head_name": row["head_name"],
            "address": row["address"],
            "phone": phone,
            "people_count": row.get("people_count") or 1,
            "has_elderly": bool(row.get("has_elderly")),
            "has_no_device": bool(row.get("has_no_device")),
            "member_in_charge": member,
            "notes": row.get("notes") or "",
        }
        household = existing.get(key)
        if household is None:
            household = Household(village=village, **values)
            household.fill_derived_fields()
            to_create.append(household)
        elif _differs(household, values):
            for name, value in values.items():
                setattr(household, name, value)
            household.fill_derived_fields()
            household.updated_at = now
            to_update.append(household)
        else:
            outcome.unchanged += 1
    outcome.errors.sort(key=lambda e: e.row)
    if outcome.errors:
        return outcome  # all or nothing: one bad row, nothing saved
    with transaction.atomic():
        if to_create:
            bulk_create_with_history(to_create, Household, batch_size=500, default_user=user)
        if to_update:
            bulk_update_with_history(
                to_update, Household, UPDATED_FIELDS, batch_size=500, default_user=user
            )
        if to_create or to_update:
            written_in_bulk.send(sender=Household, villages=[village.pk])
    outcome.created, outcome.updated = len(to_create), len(to_update)
    return outcome


def _members_by_name(village) -> dict[str, Member]:
    members = Member.objects.active().filter(team__village=village)
    return {fold(m.full_name): m for m in members}


def _differs(household, values) -> bool:
    member = values["member_in_charge"]
    if household.member_in_charge_id != (member.pk if member else None):
        return True
    return any(
        getattr(household, name) != value
        for name, value in values.items()
        if name != "member_in_charge"
    )
