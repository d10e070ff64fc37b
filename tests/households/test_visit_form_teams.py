"""A large commune's visit form asks for the team first and lists that team's members
(households/forms.py SupportVisitForm.MEMBERS_AT_ONCE): the office of a 120-village commune
was offered 1,156 members in one list. The bound is lowered here to two members."""

import re

import pytest
from django.urls import reverse

from households.forms import SupportVisitForm
from households.models import SupportVisit
from tests.factories import (
    HouseholdFactory,
    MemberFactory,
    SupportVisitFactory,
    commune_team,
    village_team,
)
from tests.households.test_visits import visit_data


@pytest.fixture
def teams(world, monkeypatch):
    monkeypatch.setattr(SupportVisitForm, "MEMBERS_AT_ONCE", 2)
    return {
        "commune": MemberFactory(team=commune_team(world.commune), full_name="Hoàng Văn Sơn"),
        "a1": MemberFactory(team=village_team(world.village_a), full_name="Lò Văn Páo"),
        "a2": MemberFactory(team=village_team(world.village_a), full_name="Hà Thị Mai"),
        "b1": MemberFactory(team=village_team(world.village_b), full_name="Nông Văn Dũng"),
        "elsewhere": MemberFactory(
            team=village_team(world.other_commune_village), full_name="Vi Thị Hoa"
        ),
    }


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def test_the_office_chooses_a_team_then_one_of_its_members(world, teams, client_for):
    html = client_for("office").get(reverse("households:visit_create")).content.decode()
    # The commune team first, then the villages in their order; no member listed yet.
    assert options(html, "member_team") == [
        "---------",
        teams["commune"].team.name,
        teams["a1"].team.name,
        teams["b1"].team.name,
    ]
    assert options(html, "member") == ["---------"]
    assert 'src="/static/js/member-team.js"' in html

    found = client_for("office").get(
        reverse("households:visit_members"), {"to": teams["a1"].team_id}
    )
    # In the order of names (given name first): Mai, then Páo.
    listed = options(f'<select name="member">{found.content.decode()}</select>', "member")
    assert listed == ["---------", "Hà Thị Mai", "Lò Văn Páo"]


def test_another_communes_team_lists_nobody(world, teams, client_for):
    found = client_for("office").get(
        reverse("households:visit_members"), {"to": teams["elsewhere"].team_id}
    )
    assert found.status_code == 200
    assert "Vi Thị Hoa" not in found.content.decode()
    assert options(f'<select name="member">{found.content.decode()}</select>', "member") == [
        "---------"
    ]


def test_without_javascript_the_choose_button_lists_the_team_and_keeps_what_was_typed(
    world, teams, client_for
):
    client = client_for("office")
    response = client.post(
        reverse("households:visit_create"),
        {"member_team": teams["b1"].team_id, "notes": "Cài VNeID cho ông Dũng", "find": "1"},
    )
    html = response.content.decode()
    assert options(html, "member") == ["---------", "Nông Văn Dũng"]
    assert "Cài VNeID cho ông Dũng" in html
    assert "invalid-feedback" not in html  # a choice, not a submission: nothing judged
    assert not SupportVisit.objects.exists()


def test_a_visit_is_saved_for_the_member_sent_whatever_team_the_list_shows(
    world, teams, client_for
):
    field = {
        "me": teams["b1"],
        "team": teams["b1"].team,
        "household": HouseholdFactory(village=world.village_b),
    }
    response = client_for("office").post(
        reverse("households:visit_create"),
        # The list showed village A's team.
        visit_data(field, member_team=teams["a1"].team_id),
    )
    assert response.status_code == 302
    visit = SupportVisit.objects.get()
    assert (visit.member, visit.team) == (teams["b1"], teams["b1"].team)


def test_an_edited_visit_opens_on_its_members_team(world, teams, client_for):
    visit = SupportVisitFactory(member=teams["b1"])
    html = client_for("office").get(reverse("households:visit_edit", args=[visit.pk]))
    html = html.content.decode()
    assert re.search(
        rf'<option value="{teams["b1"].team_id}" selected>{teams["b1"].team.name}</option>', html
    )
    assert re.search(rf'<option value="{teams["b1"].pk}" selected>Nông Văn Dũng</option>', html)


def test_a_leaders_few_members_come_in_one_list(world, teams, client_for, monkeypatch):
    monkeypatch.setattr(SupportVisitForm, "MEMBERS_AT_ONCE", 150)
    html = client_for("office").get(reverse("households:visit_create")).content.decode()
    assert 'name="member_team"' not in html
    assert "member-team.js" not in html
    assert {"Hoàng Văn Sơn", "Lò Văn Páo", "Hà Thị Mai", "Nông Văn Dũng"} <= set(
        options(html, "member")
    )
    monkeypatch.setattr(SupportVisitForm, "MEMBERS_AT_ONCE", 2)
    html = client_for("leader").get(reverse("households:visit_create")).content.decode()
    assert 'name="member_team"' not in html  # two members of village A: not above the bound
    assert set(options(html, "member")) == {"---------", "Lò Văn Páo", "Hà Thị Mai"}
