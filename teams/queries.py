"""The aggregate queries behind the team pages: counted in the database, judged in Python.

Each function takes already-scoped querysets or lists (views scope through `for_user`) and
runs a fixed number of queries whatever the number of teams or members.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.utils import timezone

from binhdan.quarters import Quarter
from teams.composition import Composition, WeekActivity, composition, weekly_activity
from teams.models import ActivityDay, Member, MemberRole, Team


def required_role_names(commune) -> list[str]:
    """The roles `commune`'s catalogue asks every village team to have (K2)."""
    return required_roles_by_commune([commune.pk]).get(commune.pk, [])


def required_roles_by_commune(commune_ids) -> dict[int, list[str]]:
    """The required roles' names of each commune's catalogue, in its order (one query)."""
    required = MemberRole.objects.filter(
        commune_id__in=commune_ids, required_in_village_team=True, is_active=True
    )
    names: dict[int, list[str]] = {}
    for commune_id, name in required.values_list("commune_id", "name"):
        names.setdefault(commune_id, []).append(name)
    return names


def compositions(teams: list[Team], on: datetime.date | None = None) -> dict[int, Composition]:
    """Composition (K1, K2) of each team on date `on` (today), keyed by team id."""
    on = on or timezone.localdate()
    ids = [team.pk for team in teams]
    active = Member.objects.active(on).filter(team_id__in=ids)
    counts = {
        row["team_id"]: row
        for row in active.values("team_id").annotate(
            members=Count("id"),
            youth=Count("id", filter=Q(is_youth_union=True)),
            leaders=Count("id", filter=Q(is_leader=True)),
        )
    }
    roles: dict[int, set[str]] = {}
    for team_id, role_name in active.values_list("team_id", "role__name").distinct():
        roles.setdefault(team_id, set()).add(role_name)
    required = required_roles_by_commune({team.commune_id for team in teams})
    result = {}
    for team in teams:
        row = counts.get(team.pk, {})
        result[team.pk] = composition(
            level=team.level,
            active_members=row.get("members", 0),
            roles_present=roles.get(team.pk, ()),
            required_roles=required.get(team.commune_id, []),
            has_leader=bool(row.get("leaders")),
            youth_union_members=row.get("youth", 0),
        )
    return result


def training_coverage(teams: list[Team], on: datetime.date | None = None) -> dict[int, dict]:
    """Per team: active members and how many attended at least one training (K3)."""
    on = on or timezone.localdate()
    rows = (
        Member.objects.active(on)
        .filter(team_id__in=[team.pk for team in teams])
        .values("team_id")
        .annotate(
            members=Count("id", distinct=True),
            trained=Count("id", filter=Q(trainings__isnull=False), distinct=True),
        )
    )
    # No active member is "no data", never 100 % (DOMAIN.md).
    coverage = {team.pk: {"members": 0, "trained": 0, "percent": None} for team in teams}
    for row in rows:
        coverage[row["team_id"]] = {
            "members": row["members"],
            "trained": row["trained"],
            "percent": round(100 * row["trained"] / row["members"]),
        }
    return coverage


def untrained_members(team: Team, on: datetime.date | None = None):
    """Active members of `team` who have not attended any training yet."""
    return (
        Member.objects.active(on)
        .filter(team=team)
        .with_trained()
        .filter(is_trained=False)
        .select_related("role")
    )


def team_weekly_activity(team: Team, quarter: Quarter) -> list[WeekActivity]:
    """K6 week by week for `quarter`, from the team's activity days (one query)."""
    ranges = quarter.week_ranges()
    hours_by_date: dict[datetime.date, Decimal] = dict(
        ActivityDay.objects.filter(team=team, date__range=(ranges[0][0], ranges[-1][1]))
        .values("date")
        .annotate(hours=Max("hours"))
        .values_list("date", "hours")
    )
    return weekly_activity(quarter, hours_by_date, as_of=timezone.localdate())
