"""The support visit list's count: from the teams' tallies when nothing but the user's teams
narrows it, counted otherwise; the same number either way."""

import datetime

from django.urls import reverse

from households.models import SupportMethod, SupportVisit
from households.services import delete_visit
from teams.models import TeamLevel
from tests.factories import MemberFactory, SupportVisitFactory, TeamFactory, village_team


def _count(client, **params) -> int:
    response = client.get(reverse("households:visit_list"), params)
    assert response.status_code == 200
    return response.context["page_obj"].paginator.count


def test_the_visit_lists_count_is_that_of_the_visits_it_lists(world, client_for):
    member_a = MemberFactory(team=village_team(world.village_a))
    member_b = MemberFactory(team=village_team(world.village_b))
    commune_member = MemberFactory(
        team=TeamFactory(commune=world.commune, village=None, level=TeamLevel.COMMUNE)
    )
    elsewhere = MemberFactory(team=village_team(world.other_commune_village))
    for day in (3, 4, 5):
        SupportVisitFactory(member=member_a, date=datetime.date(2026, 10, day))
    SupportVisitFactory(member=member_b, date=datetime.date(2025, 6, 1))
    SupportVisitFactory(
        member=commune_member, date=datetime.date(2026, 2, 1), method=SupportMethod.SMALL_GROUP
    )
    SupportVisitFactory(member=elsewhere, date=datetime.date(2026, 10, 3))
    delete_visit(SupportVisit.objects.filter(member=member_a).first(), None)
    office, leader = client_for("office"), client_for("leader")
    assert _count(office) == SupportVisit.objects.for_user(world.users["office"]).count() == 4
    assert _count(office, page=2) == 4
    assert _count(office, method=SupportMethod.SMALL_GROUP) == 1
    assert _count(office, q="vãng lai") == 4
    assert _count(leader) == SupportVisit.objects.for_user(world.users["leader"]).count() == 2
