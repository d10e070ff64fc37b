"""seed_demo's teams step: realistic, some teams incomplete, safe to run twice."""

import io

import pytest
from django.core.management import call_command

from teams import queries
from teams.models import ActivityDay, Member, Team, TrainingSession

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_every_village_a_team_and_is_safe_to_run_twice():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Member.objects.count(), ActivityDay.objects.count(), TrainingSession.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    again = (Member.objects.count(), ActivityDay.objects.count(), TrainingSession.objects.count())
    assert counts == again

    teams = list(Team.objects.all())
    assert len(teams) == 13  # the commune team and one per village
    compositions = queries.compositions(teams)
    complete = [t for t in teams if compositions[t.pk].complete]
    assert 0 < len(complete) < len(teams)
    commune_team = next(t for t in teams if t.is_commune_team)
    assert compositions[commune_team.pk].active_members >= 15
    leader = Member.objects.get(user__username="totruong01")
    assert leader.is_leader and leader.team.village.code == "LM01"
    assert Member.objects.get(user__username="tovien01").team == leader.team
