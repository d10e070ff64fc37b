"""Choosing a member ("Tổ viên phụ trách"): the active members grouped by village, each named
alone inside its group, so that namesakes of two villages are told apart and those who left
are not offered (issue 15, part 4)."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.factories import HouseholdFactory, MemberFactory, commune_team, village_team

pytestmark = pytest.mark.django_db


def select(html: str, name: str) -> str:
    """The HTML of the <select> named `name`."""
    found = re.search(rf'<select name="{name}".*?</select>', html, re.DOTALL)
    assert found, f"no <select name={name}>"
    return found.group(0)


def groups(select_html: str) -> dict[str, list[str]]:
    """{group label: [option labels]} of a <select> with <optgroup>s."""
    return {
        label: re.findall(r"<option[^>]*>([^<]*)</option>", body)
        for label, body in re.findall(
            r'<optgroup label="([^"]*)">(.*?)</optgroup>', select_html, re.DOTALL
        )
    }


@pytest.fixture
def members(world):
    """Namesakes in two villages, one in the commune team, and one who left."""
    team_a, team_b = village_team(world.village_a), village_team(world.village_b)
    return {
        "hung_a": MemberFactory(team=team_a, full_name="Nguyễn Văn Hùng"),
        "lan_a": MemberFactory(team=team_a, full_name="Trần Thị Lan"),
        "hung_b": MemberFactory(team=team_b, full_name="Nguyễn Văn Hùng"),
        "left_b": MemberFactory(
            team=team_b, full_name="Phạm Thu Hà", left_on=datetime.date(2026, 6, 30)
        ),
        "commune": MemberFactory(team=commune_team(world.commune), full_name="Lê Minh Đức"),
    }


def test_the_registry_filter_groups_active_members_by_village(world, client_for, members):
    html = client_for("office").get(reverse("households:household_list")).content.decode()
    member = select(html, "member")
    assert groups(member) == {
        "Tổ CNSCĐ xã": ["Lê Minh Đức"],
        "Thôn Đông": ["Nguyễn Văn Hùng", "Trần Thị Lan"],
        "Thôn Đoài": ["Nguyễn Văn Hùng"],
    }
    assert "Phạm Thu Hà" not in member  # left the team
    assert '<option value="" selected>Tất cả</option>' in member


def test_filtering_by_one_of_two_namesakes_lists_only_their_households(world, client_for, members):
    HouseholdFactory(
        village=world.village_a, head_name="Đỗ Thị Hồng", member_in_charge=members["hung_a"]
    )
    HouseholdFactory(
        village=world.village_b, head_name="Vũ Văn Long", member_in_charge=members["hung_b"]
    )
    html = (
        client_for("office")
        .get(reverse("households:household_list"), {"member": members["hung_b"].pk})
        .content.decode()
    )
    assert "Vũ Văn Long" in html and "Đỗ Thị Hồng" not in html
    assert f'<option value="{members["hung_b"].pk}" selected>Nguyễn Văn Hùng</option>' in html


def test_a_link_naming_a_member_who_left_still_filters_by_them(world, client_for, members):
    left = members["left_b"]
    HouseholdFactory(village=world.village_b, head_name="Vũ Văn Long", member_in_charge=left)
    HouseholdFactory(village=world.village_b, head_name="Bùi Thị Nga")
    html = (
        client_for("office")
        .get(reverse("households:household_list"), {"member": left.pk})
        .content.decode()
    )
    assert "Vũ Văn Long" in html and "Bùi Thị Nga" not in html
    assert f'<option value="{left.pk}" selected>Phạm Thu Hà</option>' in html


def test_a_leader_sees_their_team_without_groups(world, client_for, members):
    html = client_for("leader").get(reverse("households:household_list")).content.decode()
    member = select(html, "member")
    assert "<optgroup" not in member
    assert re.findall(r"<option[^>]*>([^<]*)</option>", member) == [
        "Tất cả",
        "Nguyễn Văn Hùng",
        "Trần Thị Lan",
    ]


@pytest.mark.parametrize(
    ("url_name", "field"),
    [
        ("households:household_create", "member_in_charge"),
        ("households:household_assign", "member"),
        ("households:visit_create", "member"),
    ],
)
def test_the_office_s_other_member_choices_are_grouped_too(
    world, client_for, members, url_name, field
):
    html = client_for("office").get(reverse(url_name)).content.decode()
    assert groups(select(html, field)) == {
        "Tổ CNSCĐ xã": ["Lê Minh Đức"],
        "Thôn Đông": ["Nguyễn Văn Hùng", "Trần Thị Lan"],
        "Thôn Đoài": ["Nguyễn Văn Hùng"],
    }
