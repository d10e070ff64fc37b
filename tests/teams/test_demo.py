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


def test_seed_demo_allowances_show_figures_at_once(today_is):
    import datetime

    from teams import demo
    from teams.allowances import EXCLUDED_BUDGET
    from teams.models import AllowanceRule

    today_is(datetime.date(2026, 11, 20))
    commune = demo.seed()
    demo.seed_teams(commune)
    demo.seed_allowances(commune)
    attended = ActivityDay.attendees.through.objects.count()
    demo.seed_allowances(commune)  # safe to run twice
    assert ActivityDay.attendees.through.objects.count() == attended > 0
    assert AllowanceRule.objects.filter(commune=commune).count() == 1

    schedule = queries.allowance_schedule(commune, 2026, 10)
    assert len(schedule.teams) == 13 and schedule.total > 0
    lines = [line for team in schedule.teams for line in team.members]
    assert sum(line.excluded == EXCLUDED_BUDGET for line in lines) == 2
    assert all(line.days_paid <= 8 for line in lines)
