"""The aggregate queries behind the team pages: counted in the database, judged in Python.

Each function takes already-scoped querysets or lists (views scope through `for_user`) and
runs a fixed number of queries whatever the number of teams or members.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Max, Q
from django.utils import timezone

from binhdan.quarters import Quarter
from teams import allowances
from teams.composition import Composition, WeekActivity, composition, weekly_activity
from teams.models import ActivityDay, AllowanceRule, Member, MemberRole, Team


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


def allowance_schedule(commune, year: int, month: int):
    """The month's allowance schedule of every team of `commune`, computed now from its
    rules, members and activity days with their attendance (teams/allowances.py). Five
    queries, whatever the number of teams, members and days."""
    month_days = allowances.days_of_month(year, month)
    first, last = month_days[0], month_days[-1]
    rules = [
        allowances.Rule(
            valid_from=rule.valid_from,
            per_team_month=rule.per_team_month,
            per_person_day=rule.per_person_day,
            per_person_month=rule.per_person_month,
            person_month_needs_a_day=rule.person_month_needs_a_day,
            max_days_per_person_month=rule.max_days_per_person_month,
            max_per_person_month=rule.max_per_person_month,
            max_per_team_month=rule.max_per_team_month,
            exclude_budget_paid=rule.exclude_budget_paid,
            excluded_roles=frozenset(role.code for role in rule.excluded_roles.all()),
        )
        for rule in AllowanceRule.objects.filter(
            commune=commune, valid_from__lte=last
        ).prefetch_related("excluded_roles")
    ]
    teams = [
        allowances.TeamIn(pk, name)
        for pk, name in Team.objects.filter(commune=commune)
        .order_by("level", "village__code")
        .values_list("pk", "name")
    ]
    members = [
        allowances.MemberIn(
            id=row["pk"],
            team_id=row["team_id"],
            name=row["full_name"],
            role=row["role__code"],
            joined_on=row["joined_on"],
            left_on=row["left_on"],
            paid_from_budget=row["paid_from_budget"],
        )
        for row in Member.objects.filter(team__commune=commune)
        .filter(Q(joined_on__isnull=True) | Q(joined_on__lte=last))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=first))
        .order_by("team", "-is_leader", "sort_key", "pk")
        .values(
            "pk", "team_id", "full_name", "role__code", "joined_on", "left_on", "paid_from_budget"
        )
    ]
    days = ActivityDay.objects.filter(team__commune=commune, date__range=(first, last))
    attended = {}
    for day_id, member_id in ActivityDay.attendees.through.objects.filter(
        activityday__in=days
    ).values_list("activityday_id", "member_id"):
        attended.setdefault(day_id, set()).add(member_id)
    return allowances.compute_month(
        year,
        month,
        rules=rules,
        teams=teams,
        members=members,
        days=[
            allowances.DayIn(team_id, date, frozenset(attended.get(pk, ())))
            for pk, team_id, date in days.values_list("pk", "team_id", "date")
        ],
    )
