"""Field work on a phone (issue 15, part 1): a member's visit list shows their own visits
first, a household's page logs a visit for it, "save and log another" keeps the day and the
kinds of support, and every list is marked up to become cards on a phone."""

import datetime
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse
from django.utils import timezone

from households.models import SupportType, SupportVisit
from tests.factories import HouseholdFactory, MemberFactory, SupportVisitFactory, TeamFactory


@pytest.fixture
def field(world):
    team = TeamFactory(village=world.village_a)
    me = MemberFactory(team=team, full_name="Đỗ Minh Tuấn", user=world.users["member"])
    other = MemberFactory(team=team, full_name="Trần Thị Lan")
    household = HouseholdFactory(village=world.village_a, head_name="Nguyễn Thị Hường")
    mine = SupportVisitFactory(member=me, household=household, walk_in_name="")
    theirs = SupportVisitFactory(member=other, walk_in_name="Lò Văn Páo")
    return {"team": team, "me": me, "household": household, "mine": mine, "theirs": theirs}


def listed(response):
    return {visit.pk for visit in response.context["page_obj"]}


def test_a_member_lands_on_their_own_visits_and_may_see_the_teams(world, field, client_for):
    member = client_for("member")
    url = reverse("households:visit_list")
    response = member.get(url)
    assert listed(response) == {field["mine"].pk} and response.context["mine"]
    # The box unticked: the hidden "0" alone is sent.
    assert listed(member.get(url, {"mine": "0"})) == {field["mine"].pk, field["theirs"].pk}
    assert listed(member.get(url, {"mine": ["0", "1"]})) == {field["mine"].pk}
    # A leader looks after the whole team: every visit by default.
    assert listed(client_for("leader").get(url)) == {field["mine"].pk, field["theirs"].pk}


def test_a_household_page_logs_a_visit_for_that_household(world, field, client_for):
    page = client_for("member").get(field["household"].get_absolute_url()).content.decode()
    link = re.search(r'href="([^"]+)" data-testid="log-visit-here"', page).group(1)
    form = client_for("member").get(link.replace("&amp;", "&")).context
    assert form["chosen"] == str(field["household"].pk)
    assert [h.pk for h in form["choices"]] == [field["household"].pk]
    # Leadership looks only: no such button.
    other = client_for("leadership").get(field["household"].get_absolute_url())
    assert b'data-testid="log-visit-here"' not in other.content


def test_a_household_outside_the_users_villages_is_not_prefilled(world, field, client_for):
    elsewhere = HouseholdFactory(village=world.village_b)
    context = (
        client_for("member").get(reverse("households:visit_create"), {"ho": elsewhere.pk}).context
    )
    assert context["choices"] == []


def test_save_and_log_another_keeps_the_day_the_kinds_and_the_way(world, field, client_for):
    member = client_for("member")
    day = timezone.localdate() - datetime.timedelta(days=1)
    kinds = SupportType.objects.of(world.commune).filter(code__in=["vneid-kich-hoat", "khac"])
    response = member.post(
        reverse("households:visit_create"),
        {
            "date": day.strftime("%d/%m/%Y"),
            "household": field["household"].pk,
            "support_types": [k.pk for k in kinds],
            "method": "at_home",
            "people_helped": "2",
            "again": "1",
        },
    )
    assert response.status_code == 302
    assert SupportVisit.objects.filter(member=field["me"], date=day, method="at_home").exists()
    target = urlparse(response["Location"])
    assert target.path == reverse("households:visit_create")
    form = member.get(response["Location"]).context["form"]
    assert form["date"].value() == day.strftime("%d/%m/%Y")
    assert sorted(map(int, form["support_types"].value())) == sorted(k.pk for k in kinds)
    assert form["method"].value() == "at_home"
    assert parse_qs(target.query)["cach"] == ["at_home"]
    # The plain "save" goes back to the member's own visits, as before.
    plain = member.post(
        reverse("households:visit_create"),
        {
            "date": day.strftime("%d/%m/%Y"),
            "walk_in_name": "Hà Thị Mỵ",
            "support_types": [kinds[0].pk],
            "method": "door_to_door",
            "people_helped": "1",
            "save": "1",
        },
    )
    assert plain["Location"] == reverse("households:visit_list")


@pytest.mark.parametrize(
    "url_name, testid",
    [
        ("households:visit_list", "visit-list"),
        ("households:household_list", "household-list"),
        ("teams:member_list", "member-list"),
        ("teams:training_list", "training-list"),
        ("households:communication_list", "communication-list"),
    ],
)
def test_every_field_list_becomes_cards_on_a_phone(world, field, client_for, url_name, testid):
    from tests.factories import CommunicationActivityFactory, training_of

    training_of(world.village_a)
    CommunicationActivityFactory(commune=world.commune, villages=[world.village_a])
    html = client_for("office").get(reverse(url_name)).content.decode()
    table = re.search(rf'<table class="([^"]*)" data-testid="{testid}">', html)
    assert table and "table-cards" in table.group(1).split()
    assert 'class="cell-title' in html or "cell-title" in html


def test_the_bottom_bar_is_there_for_whoever_logs_visits(world, client_for):
    assert b'data-testid="bottom-log-visit"' in client_for("member").get("/").content
    assert b'data-testid="bottom-log-visit"' not in client_for("leadership").get("/").content
