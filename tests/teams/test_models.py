import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from teams.models import Member, MemberRole, Team
from tests.factories import CommuneFactory, MemberFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_catalogues_are_seeded_with_the_plans_roles():
    required = set(
        MemberRole.objects.of(CommuneFactory())
        .filter(required_in_village_team=True)
        .values_list("name", flat=True)
    )
    assert "Bí thư Chi bộ" in required and "Y tế thôn" in required
    assert len(required) == 6


def test_one_active_leader_per_team(world):
    team = TeamFactory(village=world.village_a)
    MemberFactory(team=team, is_leader=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        MemberFactory(team=team, is_leader=True)


def test_teams_for_user_follow_the_village_scope(world):
    team_a = TeamFactory(village=world.village_a)
    TeamFactory(village=world.village_b)
    commune_team = Team.objects.create(
        commune=world.commune, level="commune", name="Tổ CNSCĐ xã Liên Minh"
    )
    assert list(Team.objects.for_user(world.users["leader"])) == [team_a]
    assert set(Team.objects.for_user(world.users["office"], write=True)) >= {commune_team, team_a}
    assert not Team.objects.for_user(world.users["leadership"], write=True).exists()
    assert commune_team in Team.objects.for_user(world.users["leadership"])


def test_member_who_left_is_not_active_after_leaving(world):
    import datetime

    member = MemberFactory(
        team=TeamFactory(village=world.village_a), left_on=datetime.date(2026, 2, 15)
    )
    assert member in Member.objects.active(on=datetime.date(2026, 2, 14))
    assert member not in Member.objects.active(on=datetime.date(2026, 2, 15))


def test_role_catalogue_page_lists_roles_in_their_order_with_active_members(world, client_for):
    last_added = MemberRole.objects.of(world.commune).order_by("pk").last()
    last_added.sort_order = 0  # the office moves it to the top
    last_added.save()
    MemberFactory(team=TeamFactory(village=world.village_a), role=last_added)
    roles = list(client_for("office").get(reverse("teams:role_list")).context["roles"])
    assert roles[0] == last_added and roles[0].active_members == 1
    assert [r.pk for r in roles] == list(
        MemberRole.objects.of(world.commune).values_list("pk", flat=True)
    )
