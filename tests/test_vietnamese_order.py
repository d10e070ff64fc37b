"""Lists of people come in Vietnamese order (given name first) on SQLite and PostgreSQL alike.

The order itself is tested without a database in tests/test_collation.py; these tests check
that the pages and files people read use it.
"""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from binhdan.collation import person_sort_key
from binhdan.quarters import Quarter
from households.models import Household
from reports.kpis.synthetic import build_commune
from teams.models import Member
from tests.factories import HouseholdFactory, MemberFactory, village_team

# Shuffled as they might be typed in; the order a commune list should read them in:
NAMES = [
    "Lê Văn Hưng",
    "Bùi Thị Ơn",
    "Trần Thị Ánh",
    "Phạm Văn Dũng",
    "Lê Văn Hùng",
    "Đỗ Thị Đào",
    "Hoàng Văn Ôn",
    "Nguyễn Văn An",
]
IN_ORDER = [
    "Nguyễn Văn An",
    "Trần Thị Ánh",
    "Phạm Văn Dũng",
    "Đỗ Thị Đào",
    "Lê Văn Hùng",
    "Lê Văn Hưng",
    "Hoàng Văn Ôn",
    "Bùi Thị Ơn",
]


def as_read(content: str, names=NAMES) -> list[str]:
    """`names` in the order in which they first appear in `content`."""
    return sorted((name for name in names if name in content), key=content.index)


@pytest.fixture
def households(world):
    return [
        HouseholdFactory(village=world.village_a, head_name=name, address=f"Xóm {number}")
        for number, name in enumerate(NAMES, start=1)
    ]


@pytest.fixture
def members(world):
    team = village_team(world.village_a)
    return [MemberFactory(team=team, full_name=name) for name in NAMES]


def test_the_household_registry_lists_heads_in_vietnamese_order(households, client_for):
    page = client_for("leader").get(reverse("households:household_list"))
    assert as_read(page.content.decode()) == IN_ORDER


def test_the_household_export_has_its_rows_in_the_order_of_the_registry(households, client_for):
    response = client_for("office").get(reverse("households:household_export"))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    headers = [cell.value for cell in sheet[2]]
    column = headers.index("Chủ hộ")
    assert [row[column] for row in sheet.iter_rows(min_row=3, values_only=True)] == IN_ORDER


def test_the_visit_form_offers_the_households_it_finds_in_vietnamese_order(households, client_for):
    response = client_for("member").get(reverse("households:household_search"), {"q": "xom"})
    assert as_read(response.content.decode()) == IN_ORDER


def test_the_member_list_lists_members_in_vietnamese_order(members, client_for):
    page = client_for("office").get(reverse("teams:member_list"))
    assert as_read(page.content.decode()) == IN_ORDER


def test_the_roster_export_lists_members_in_vietnamese_order(members, client_for):
    response = client_for("office").get(reverse("teams:member_export"))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    headers = [cell.value for cell in sheet[2]]
    column = headers.index("Họ và tên")
    assert [row[column] for row in sheet.iter_rows(min_row=3, values_only=True)] == IN_ORDER


def test_the_team_page_lists_its_leader_first_then_the_others_in_vietnamese_order(
    members, client_for
):
    leader = next(m for m in members if m.full_name == "Lê Văn Hưng")
    leader.make_leader()
    page = client_for("office").get(reverse("teams:team_detail", args=[leader.team_id]))
    content = page.content.decode()
    table = content[content.index("<tbody>") :]
    others = [name for name in IN_ORDER if name != leader.full_name]
    assert as_read(table) == [leader.full_name, *others]


def test_the_household_filter_offers_members_in_vietnamese_order(members, client_for):
    page = client_for("office").get(reverse("households:household_list"))
    choices = page.context["filter_form"].fields["member"].queryset
    assert [member.full_name for member in choices] == IN_ORDER


def test_a_renamed_household_moves_to_its_new_place(households, client_for):
    ann = next(h for h in households if h.head_name == "Nguyễn Văn An")
    ann.head_name = "Nguyễn Văn Yên"
    ann.save()
    page = client_for("leader").get(reverse("households:household_list"))
    assert as_read(page.content.decode(), [*NAMES, "Nguyễn Văn Yên"])[-1] == "Nguyễn Văn Yên"


@pytest.mark.django_db
def test_demo_data_gives_every_household_and_member_its_sort_key():
    call_command("seed_demo", stdout=StringIO())
    for model, name in ((Household, "head_name"), (Member, "full_name")):
        rows = list(model.objects.values_list(name, "sort_key"))
        assert rows
        assert [key for full_name, key in rows if key != person_sort_key(full_name)] == []


@pytest.mark.django_db
def test_the_synthetic_commune_gives_every_household_and_member_its_sort_key():
    build_commune(
        "SORT",
        villages=2,
        households=20,
        members=9,
        visits=10,
        last_quarter=Quarter(2026, 4),
        quarters=1,
    )
    for model, name in ((Household, "head_name"), (Member, "full_name")):
        rows = list(model.objects.values_list(name, "sort_key"))
        assert rows
        assert [key for full_name, key in rows if key != person_sort_key(full_name)] == []
