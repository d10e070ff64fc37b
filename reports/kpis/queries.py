"""The aggregate queries behind the KPIs: the database counts, reports/kpis/arithmetic.py judges.

`collect(scope, quarter)` runs a fixed set of queries (about eight, whatever the size of
the commune: grouped counts and IN-subqueries, never one query per row) and returns
`Figures`, from which `kpis()` and `village_table()` derive every KPI in Python over a few
hundred member rows at most. KPIs travel as `Kpis`, a mapping keyed by code in CODES order
(reports/kpis/arithmetic.py). What is read of the households app goes through
households/queries.py. Households and visits are never read row by row: their counts
come from the tallies (reports/kpis/tallies.py), kept up to date on every write, so that the time
does not grow with the number of households and visits.

Dates and people:
- "active members" are the members active on the quarter's last day (Member.objects.active):
  a member who left during the quarter no longer counts for K1-K4, but their support
  visits of the quarter still count for the team (K5, K10);
- cumulative KPIs count everything dated up to the quarter's last day: trainings attended
  (K3), households reached by a visit or a communication activity (K7), essential
  platforms first recorded (K8);
- K5 and K10 count the support visits dated in the quarter; K6 looks at every ISO week
  overlapping the quarter, with all of its days, but while the quarter runs a week not over
  yet counts only once it has a day of 4 hours (teams/composition.py);
- K4 counts the households each member was in charge of at the quarter's end, by the
  households' change history (reports/kpis/tallies.py): a closed quarter keeps who was in charge
  on its last day, the running quarter follows today's assignments;
- the registry holds the current household list (K7, K8, K10, K11) and OCOP listings (K9):
  past quarters are computed against them; K11 counts the adults recorded today and, of
  them, those whose confirmation of basic digital skills was seen by the quarter's end.

The commune team works across the whole commune: for it, households (K7, K8, K10) and OCOP
products (K9) are those of the whole commune, while K4 and K10 count its own members'
households and visits.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import (
    Count,
    F,
    Min,
    Q,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from binhdan.quarters import FIRST_QUARTER, Quarter
from households import queries as household_queries
from households.models import Household, SupportVisit
from reports.kpis import arithmetic
from reports.kpis.arithmetic import Kpis, KpiValue
from reports.kpis.scopes import Scope, ScopeKind
from reports.models import MemberTally, TeamTally, VillageTally
from teams.composition import Composition, composition, weekly_activity
from teams.models import ActivityDay, Member, Team, TeamLevel, Village
from teams.queries import required_roles_by_commune


@dataclass
class TeamFigures:
    """What the database counted for one team."""

    id: int
    name: str
    level: str
    village_id: int | None
    members: list[dict] = field(default_factory=list)
    visits: int = 0
    visits_to_priority: int = 0
    people_helped: int = 0
    hours_by_date: dict[datetime.date, Decimal] = field(default_factory=dict)

    def composition(self, required_roles: list[str]) -> Composition:
        return composition(
            level=self.level,
            active_members=len(self.members),
            roles_present={m["role_name"] for m in self.members},
            required_roles=required_roles,
            has_leader=any(m["is_leader"] for m in self.members),
            youth_union_members=sum(1 for m in self.members if m["is_youth_union"]),
        )


@dataclass
class AreaFigures:
    """What the database counted for the households and OCOP products of one village."""

    households: int = 0
    reached: int = 0
    adopted: int = 0
    priority: int = 0
    priority_never_reached: int = 0
    first_reached: int = 0
    adults: int = 0
    adults_skilled: int = 0
    households_with_adults: int = 0
    households_skilled: int = 0
    products: list[tuple[str, bool]] = field(default_factory=list)

    COUNTS = (
        "households",
        "reached",
        "adopted",
        "priority",
        "priority_never_reached",
        "first_reached",
        "adults",
        "adults_skilled",
        "households_with_adults",
        "households_skilled",
    )

    @classmethod
    def total(cls, areas: list["AreaFigures"]) -> "AreaFigures":
        """The areas added up in one pass (a commune's 120 villages, four quarters of them in
        a year review), not pairwise."""
        return cls(
            **{name: sum(getattr(area, name) for area in areas) for name in cls.COUNTS},
            products=[product for area in areas for product in area.products],
        )


@dataclass
class Figures:
    """Everything counted for a scope and a quarter; the KPIs are derived from it."""

    scope: Scope
    quarter: Quarter
    required_roles: list[str]
    villages: list[Village]
    teams: list[TeamFigures]
    areas: dict[int, AreaFigures]
    _team_kpis_cache: dict = field(default_factory=dict, init=False, repr=False)

    def weeks(self, team: TeamFigures | None):
        """K6 weeks of the quarter, as far as today while the quarter is in progress (a week
        not over yet counts once it has a day of 4 hours, teams/composition.py)."""
        if team is None:
            return None
        return weekly_activity(self.quarter, team.hours_by_date, as_of=self._today)

    @cached_property
    def _today(self) -> datetime.date:
        # Once for the figures, not once per team (a year review asks for 484 teams' weeks).
        return timezone.localdate()

    def team_kpis(self, team: TeamFigures | None) -> Kpis:
        """K1, K2, K5 and K6 of one team (None: a village without a team yet), computed once
        for the commune's figures and its village table."""
        key = team.id if team else None
        if key not in self._team_kpis_cache:
            team_composition = team.composition(self.required_roles) if team else None
            self._team_kpis_cache[key] = Kpis.of(
                [
                    arithmetic.team_size(team_composition),
                    arithmetic.team_composition(team_composition, self.required_roles),
                    arithmetic.visits_in_quarter(team.visits if team else None),
                    arithmetic.weekly_activity(self.weeks(team)),
                ]
            )
        return self._team_kpis_cache[key]

    @cached_property
    def _team_by_village(self) -> dict[int, TeamFigures]:
        return {t.village_id: t for t in self.teams if t.village_id is not None}

    def team_of(self, village_id: int) -> TeamFigures | None:
        return self._team_by_village.get(village_id)

    @property
    def commune_team(self) -> TeamFigures | None:
        return next((t for t in self.teams if t.level == TeamLevel.COMMUNE), None)

    def kpis(self) -> Kpis:
        """K1-K11 for the figures' own scope."""
        if self.scope.kind == ScopeKind.VILLAGE:
            return self.village_kpis(self.scope.village.pk)
        area = AreaFigures.total(list(self.areas.values()))
        if self.scope.kind == ScopeKind.COMMUNE_TEAM:
            return self.team_scope_kpis(self.commune_team, area)
        return self._commune_kpis(area)

    def village_kpis(self, village_id: int) -> Kpis:
        return self.team_scope_kpis(
            self.team_of(village_id), self.areas.get(village_id, AreaFigures())
        )

    def village_kpi(self, village_id: int, code: str) -> KpiValue:
        """One of `village_kpis(village_id)`, computing only what it needs (the year review's
        villages table: one KPI of every village in four quarters)."""
        team = self.team_of(village_id)
        if code in arithmetic.TEAM_KPIS:
            return self.team_kpis(team)[code]
        teams = [team] if team else []
        if code in ("K3", "K4"):
            values = self._member_kpis(teams)
        else:
            area = self.areas.get(village_id, AreaFigures())
            values = self._area_kpis(area, sum(t.visits_to_priority for t in teams), only=code)
        return next(kpi for kpi in values if kpi.code == code)

    def team_scope_kpis(self, team: TeamFigures | None, area: AreaFigures) -> Kpis:
        """K1-K10 of one team (None: a village without a team) over the households `area`."""
        teams = [team] if team else []
        return Kpis.of(
            [
                *self.team_kpis(team).values(),
                *self._member_kpis(teams),
                *self._area_kpis(area, sum(t.visits_to_priority for t in teams)),
            ]
        )

    def team_entries(self) -> list[tuple[str, TeamFigures | None, Village | None]]:
        """What the commune-wide K1, K2, K5 and K6 count: (name, team, village) of the
        commune team, then of every active village, even one without a team yet (None: it
        counts as not meeting the team KPIs)."""
        entries = [(t.name, t, None) for t in self.teams if t.level == TeamLevel.COMMUNE]
        entries += [(v.name, self.team_of(v.pk), v) for v in self.villages]
        return entries

    def _commune_kpis(self, area) -> Kpis:
        per_team = {code: [] for code in arithmetic.TEAM_KPIS}
        for name, team, _village in self.team_entries():
            for code, kpi in self.team_kpis(team).items():
                per_team[code].append((name, kpi))
        return Kpis.of(
            [
                arithmetic.teams_meeting(
                    "K1",
                    per_team["K1"],
                    active_members=sum(len(t.members) for t in self.teams),
                ),
                arithmetic.teams_meeting("K2", per_team["K2"]),
                *self._member_kpis(self.teams),
                arithmetic.teams_meeting(
                    "K5", per_team["K5"], visits=sum(t.visits for t in self.teams)
                ),
                arithmetic.teams_meeting("K6", per_team["K6"]),
                *self._area_kpis(area, sum(t.visits_to_priority for t in self.teams)),
            ]
        )

    def _member_kpis(self, teams) -> list[KpiValue]:
        # The entries of the members listed only (a commune's 1,200 members, four quarters
        # of them in a year review).
        active, untrained, below = 0, [], []
        for t in teams:
            active += len(t.members)
            for m in t.members:
                if not m["trained"]:
                    untrained.append(_member_entry(t, m))
                if m["households_in_charge"] < arithmetic.HOUSEHOLDS_PER_MEMBER:
                    below.append(_member_entry(t, m, households=m["households_in_charge"]))
        return [
            arithmetic.training_coverage(active, untrained),
            arithmetic.members_below_target(active, below),
        ]

    def _area_kpis(
        self, area: AreaFigures, visits_to_priority: int, only: str | None = None
    ) -> list[KpiValue]:
        """K7-K11 over the households `area` (`only`: that one alone)."""

        def ocop():
            unlisted = sorted(name for name, listed in area.products if not listed)
            listed = sum(1 for _name, is_listed in area.products if is_listed)
            return arithmetic.ocop_listing(listed, len(area.products), unlisted)

        def priority():
            if not area.households:
                return arithmetic.no_data("K10", None, arithmetic.Unit.VISITS)
            return arithmetic.priority_reach(
                visits_to_priority=visits_to_priority,
                priority_households=area.priority,
                priority_never_reached=area.priority_never_reached,
                first_reached=area.first_reached,
            )

        makers = {
            "K7": lambda: arithmetic.communication_reach(area.reached, area.households),
            "K8": lambda: arithmetic.platform_adoption(area.adopted, area.households),
            "K9": ocop,
            "K10": priority,
            "K11": lambda: arithmetic.skills_coverage(
                area.adults_skilled,
                area.adults,
                households_with_adults=area.households_with_adults,
                households_skilled=area.households_skilled,
            ),
        }
        return [make() for code, make in makers.items() if only is None or code == only]

    def village_table(self) -> list[dict]:
        """One row per active village: the village and its team's K1-K10 (`Kpis`)."""
        return [
            {"village": village, "kpis": self.village_kpis(village.pk)} for village in self.villages
        ]


def _member_entry(team: TeamFigures, member: dict, **more) -> dict:
    return {"member_id": member["id"], "member": member["full_name"], "team": team.name, **more}


# --- what a scope covers ----------------------------------------------------------------------


def scope_teams(scope: Scope):
    return Team.objects.filter(_teams_where(scope))


def scope_visits(scope: Scope):
    return SupportVisit.objects.filter(team__in=scope_teams(scope))


def scope_villages(scope: Scope):
    return Village.objects.filter(_villages_where(scope))


def scope_households(scope: Scope):
    return Household.objects.filter(village__in=scope_villages(scope))


# --- the queries ---------------------------------------------------------------------------


def collect(scope: Scope, quarter: Quarter) -> Figures:
    """Run the fixed set of aggregate queries for `scope` and `quarter`."""
    return collect_quarters(scope, [quarter])[quarter]


def collect_quarters(scope: Scope, quarters: list[Quarter]) -> dict[Quarter, Figures]:
    """The figures of several quarters from one pass: the same fixed set of queries as for
    one quarter (each grouped query counts every quarter at once), so that the year review
    reads four quarters for the price of one."""
    return collect_scopes([scope], quarters)[scope]


def collect_scopes(
    scopes: list[Scope], quarters: list[Quarter]
) -> dict[Scope, dict[Quarter, Figures]]:
    """The figures of several scopes (a province's communes) and quarters from one pass: the
    same fixed set of queries as for one scope, each over all of them at once, so that the
    number of queries does not grow with the number of communes."""
    communes = {s.commune.pk: s.commune for s in scopes}
    villages = list(Village.objects.filter(_all_villages_where(scopes)).order_by("code"))
    teams_where = _all_teams_where(scopes)
    teams = list(
        Team.objects.filter(teams_where).values(
            "id",
            "name",
            "level",
            "village_id",
            "commune_id",
            village_active=F("village__is_active"),
        )
    )
    # The teams as a subquery rather than a list of their ids: a province's thousands of ids
    # cost Django more to prepare than the database to read.
    team_ids = Team.objects.filter(teams_where).values("pk")
    roles = required_roles_by_commune(list(communes))
    by_quarter = {
        q: {t["id"]: TeamFigures(t["id"], t["name"], t["level"], t["village_id"]) for t in teams}
        for q in quarters
    }
    # By the quarter's index rather than the quarter: thousands of members and days.
    teams_in = [by_quarter[q] for q in quarters]
    for index, member in _active_members(team_ids, quarters):
        teams_in[index][member["team_id"]].members.append(member)
    for row in _visits_by_team(team_ids, quarters):
        team = by_quarter[Quarter.containing(row["quarter_start"])][row["team_id"]]
        team.visits, team.visits_to_priority = row["visits"], row["to_priority"]
        team.people_helped = row["people_helped"]
    for indexes, team_id, date, hours in _activity_days(team_ids, quarters):
        for index in indexes:
            teams_in[index][team_id].hours_by_date[date] = hours
    areas = _areas(
        _all_villages_where(scopes),
        quarters,
        commune_products=[s for s in scopes if s.village is None],
    )
    villages_of, teams_of = defaultdict(list), defaultdict(list)
    for village in villages:
        villages_of[village.commune_id].append(village)
    for team in teams:
        teams_of[team["commune_id"]].append(team)
    result = {}
    for scope in scopes:
        commune_id = scope.commune.pk
        own_villages = [v for v in villages_of[commune_id] if _covers_village(scope, v)]
        own_teams = [t["id"] for t in teams_of[commune_id] if _covers_team(scope, t)]
        own_areas = [v.pk for v in own_villages]
        if scope.village is None:  # the commune's own OCOP products
            own_areas.append((commune_id, None))
        result[scope] = {
            q: Figures(
                scope=scope,
                quarter=q,
                required_roles=roles.get(commune_id, []),
                villages=own_villages,
                teams=[by_quarter[q][pk] for pk in own_teams],
                areas={
                    None if isinstance(key, tuple) else key: areas[q][key]
                    for key in own_areas
                    if key in areas[q]
                },
            )
            for q in quarters
        }
    return result


def _all_villages_where(scopes: list[Scope]) -> Q:
    """The villages of every scope, as one condition (the whole communes' in one IN)."""
    whole = [s.commune.pk for s in scopes if s.village is None]
    where = Q(commune_id__in=whole, is_active=True) if whole else Q(pk__in=[])
    for scope in scopes:
        if scope.village is not None:
            where |= _villages_where(scope)
    return where


def _all_teams_where(scopes: list[Scope]) -> Q:
    """The teams of every scope, as one condition (the whole communes' in one IN)."""
    whole = [s.commune.pk for s in scopes if s.kind == ScopeKind.COMMUNE]
    where = Q(commune_id__in=whole) & _COMMUNE_TEAMS if whole else Q(pk__in=[])
    for scope in scopes:
        if scope.kind != ScopeKind.COMMUNE:
            where |= _teams_where(scope)
    return where


def _villages_where(scope: Scope) -> Q:
    if scope.kind == ScopeKind.VILLAGE:
        return Q(pk=scope.village.pk)
    return Q(commune=scope.commune, is_active=True)


def _covers_village(scope: Scope, village: Village) -> bool:
    if scope.kind == ScopeKind.VILLAGE:
        return village.pk == scope.village.pk
    return village.commune_id == scope.commune.pk and village.is_active


#: A whole commune's teams: its commune team and the teams of its active villages.
_COMMUNE_TEAMS = Q(level=TeamLevel.COMMUNE) | Q(village__is_active=True)


def _teams_where(scope: Scope) -> Q:
    """The teams `scope_teams(scope)` holds, as a condition (to combine several scopes)."""
    if scope.kind == ScopeKind.VILLAGE:
        return Q(commune=scope.commune, village=scope.village)
    if scope.kind == ScopeKind.COMMUNE_TEAM:
        return Q(commune=scope.commune, level=TeamLevel.COMMUNE)
    return Q(commune=scope.commune) & _COMMUNE_TEAMS


def _covers_team(scope: Scope, team: dict) -> bool:
    if team["commune_id"] != scope.commune.pk:
        return False
    if scope.kind == ScopeKind.VILLAGE:
        return team["village_id"] == scope.village.pk
    if scope.kind == ScopeKind.COMMUNE_TEAM:
        return team["level"] == TeamLevel.COMMUNE
    return team["level"] == TeamLevel.COMMUNE or bool(team["village_active"])


def compute_kpis(scope: Scope, quarter: Quarter) -> Kpis:
    """K1-K10 for a scope and a quarter."""
    return collect(scope, quarter).kpis()


def village_table(commune, quarter: Quarter) -> list[dict]:
    """Every active village team's K1-K10, from one collection (not one per village)."""
    return collect(Scope.whole_commune(commune), quarter).village_table()


def _active_members(team_ids, quarters: list[Quarter]):
    """(quarter's index in `quarters`, member) for each member active on a quarter's last day, with whether they
    had attended a training by then (K3) and how many households they were in charge of at
    its end (K4; the running quarter: today), from the member tallies' changes up to the
    quarter: two queries, whatever the number of quarters."""
    ends = [q.last_day for q in quarters]
    active = Member.objects.filter(
        Q(joined_on__isnull=True) | Q(joined_on__lte=max(ends)),
        Q(left_on__isnull=True) | Q(left_on__gt=min(ends)),
        team_id__in=team_ids,
    )
    # Tuples, not dicts: a province reads tens of thousands of members.
    members = list(
        # A grouped join, not a subquery per member: that one reads the training sessions
        # once for every member, which grows with members x sessions (a province's).
        active.annotate(first_trained=Min("trainings__date"))
        .order_by("team_id", "sort_key", "pk")
        .values_list(
            "id",
            "full_name",
            "team_id",
            "is_leader",
            "is_youth_union",
            "role__name",
            "joined_on",
            "left_on",
            "first_trained",
        )
    )
    in_charge = {
        member_id: counts
        for member_id, *counts in MemberTally.objects.filter(
            # The same members as a subquery, not their ids: 1,200 ids in a list cost Django
            # more to prepare than the database to read.
            member_id__in=active.values("pk")
        )
        .order_by()
        .values("member_id")
        .annotate(**{str(q): _sum("change", Q(quarter_start__lte=q.first_day)) for q in quarters})
        .values_list("member_id", *[str(q) for q in quarters])
    }
    none = [0] * len(quarters)
    for index, quarter in enumerate(quarters):
        end = quarter.last_day
        for pk, name, team_id, leader, youth, role, joined, left, trained in members:
            if (joined is None or joined <= end) and (left is None or left > end):
                yield (
                    index,
                    {
                        "id": pk,
                        "full_name": name,
                        "team_id": team_id,
                        "is_leader": leader,
                        "is_youth_union": youth,
                        "role_name": role,
                        "trained": trained is not None and trained <= end,
                        "households_in_charge": in_charge.get(pk, none)[index],
                    },
                )


def _visits_by_team(team_ids, quarters: list[Quarter]):
    return TeamTally.objects.filter(
        team_id__in=team_ids, quarter_start__in=[q.first_day for q in quarters]
    ).values(
        "team_id", "quarter_start", "visits", "people_helped", to_priority=F("visits_to_priority")
    )


def _activity_days(team_ids, quarters: list[Quarter]):
    """(indexes, team id, date, hours) of the activity days in the quarters' ISO weeks:
    `indexes` of the quarters whose weeks hold the day (a week overlapping two quarters
    counts in both): one query."""
    spans = [(q.week_ranges()[0][0], q.week_ranges()[-1][1]) for q in quarters]
    days = (
        ActivityDay.objects.filter(
            team_id__in=team_ids,
            date__range=(min(s[0] for s in spans), max(s[1] for s in spans)),
        )
        .order_by()  # in any order: a year review reads 10,000 days at 4x
        .values_list("team_id", "date", "hours")
    )
    # The quarters of each week, found once per week rather than once per day: a year review
    # reads a year of days of every team.
    of_week = {}
    for team_id, date, hours in days:
        monday = date - datetime.timedelta(days=date.weekday())
        if monday not in of_week:
            of_week[monday] = [i for i, (first, last) in enumerate(spans) if first <= date <= last]
        yield of_week[monday], team_id, date, hours


def _by_village(queryset, /, **counts) -> dict[int, dict]:
    rows = queryset.order_by().values("village_id").annotate(**counts)
    return {row.pop("village_id"): row for row in rows}


def _sum(column: str, condition: Q | None = None) -> Coalesce:
    return Coalesce(Sum(column, filter=condition), 0)


def _areas(
    villages_where: Q, quarters: list[Quarter], *, commune_products: list[Scope]
) -> dict[Quarter, dict]:
    """Household counts by village at each quarter's end, summed from the village tallies
    (one grouped query over a few rows per village, reports/kpis/tallies.py); OCOP products
    by village, and the commune's own of the scopes `commune_products` (keyed (commune id,
    None)): two queries, whatever the number of quarters and communes."""
    priority = Q(priority=True)
    # (The names differ from the tally's columns, which a filter would otherwise mean.)
    per_quarter = {}
    for q in quarters:
        by_end = Q(quarter_start__lte=q.first_day)  # first happened by the quarter's end
        per_quarter |= {
            f"reached_{q}": _sum("first_reached", by_end),
            f"priority_reached_{q}": _sum("first_reached", by_end & priority),
            f"first_reached_{q}": _sum("first_reached", Q(quarter_start=q.first_day)),
            f"adopted_{q}": _sum("first_adopted", by_end),
            f"skilled_{q}": _sum("adults_skilled", by_end),
            f"households_skilled_{q}": _sum("households_skilled", by_end),
        }
    village_ids = Village.objects.filter(villages_where).values("pk")  # (see collect_scopes)
    counts = _by_village(
        VillageTally.objects.filter(village_id__in=village_ids),
        n_households=_sum("first_reached"),
        n_priority=_sum("first_reached", priority),
        n_adults=_sum("adults"),
        n_households_with_adults=_sum("households_with_adults"),
        **per_quarter,
    )
    products = defaultdict(list)
    for commune_id, village_id, name, is_listed in household_queries.ocop_listings(
        village_ids,
        [s.commune.pk for s in commune_products],
    ):
        products[village_id if village_id else (commune_id, None)].append((name, is_listed))
    result = {}
    for q in quarters:
        areas = defaultdict(AreaFigures)
        for village_id, count in counts.items():
            areas[village_id] = AreaFigures(
                households=count["n_households"],
                reached=count[f"reached_{q}"],
                adopted=count[f"adopted_{q}"],
                priority=count["n_priority"],
                priority_never_reached=count["n_priority"] - count[f"priority_reached_{q}"],
                first_reached=count[f"first_reached_{q}"],
                adults=count["n_adults"],
                adults_skilled=count[f"skilled_{q}"],
                households_with_adults=count["n_households_with_adults"],
                households_skilled=count[f"households_skilled_{q}"],
            )
        for key, names in products.items():
            areas[key].products = list(names)
        result[q] = dict(areas)
    return result


# --- the dashboard's other figures -----------------------------------------------------------


def trend(scope: Scope, quarters: list[Quarter]) -> list[dict]:
    """Visits dated in each quarter and adoption (K8, %) at each quarter's end, with the
    chart's label of each quarter ("Quý I/2026"), from the tallies: two queries over a few
    rows per team and village. Quarters before the plan have no data (None)."""
    return trend_of(scope_teams(scope), scope_villages(scope), quarters)


def trend_of(teams, villages, quarters: list[Quarter]) -> list[dict]:
    """`trend()` of the teams and villages of any scope (a province's: every commune's)."""
    visits = dict(
        TeamTally.objects.filter(team__in=teams, quarter_start__in=[q.first_day for q in quarters])
        .order_by()
        .values("quarter_start")
        .annotate(n=Sum("visits"))
        .values_list("quarter_start", "n")
    )
    # By the quarter of each count, added up here: a few rows, and a query Django prepares in a
    # fraction of the time of one sum filtered per quarter.
    counts = list(
        VillageTally.objects.filter(village__in=villages)
        .order_by()
        .values("quarter_start")
        .annotate(reached=Sum("first_reached"), adopted=Sum("first_adopted"))
        .values_list("quarter_start", "reached", "adopted")
    )
    households = sum(reached for _start, reached, _adopted in counts)
    adoption = {
        q: sum(
            adopted for start, _r, adopted in counts if start is not None and start <= q.first_day
        )
        for q in quarters
    }
    return [
        {
            "quarter": q,
            "label": q.label,
            # Before the plan there is nothing to count: no data, never 0.
            "visits": visits.get(q.first_day, 0) if q >= FIRST_QUARTER else None,
            "adoption": arithmetic.percent(adoption[q], households) if q >= FIRST_QUARTER else None,
        }
        for q in quarters
    ]


def vneid_figures(scope: Scope, quarter: Quarter) -> dict:
    """The police's figures (Công an xã leads VNeID support), by village and in total.

    Households whose VNeID account was received (đã thu nhận) and activated (đã kích hoạt,
    level 2) by the quarter's end, the gap between them (received, not activated yet), and
    the support visits of the quarter that installed, activated or integrated papers in
    VNeID, with people helped. `using` is the households received (every VNeID record).
    """
    by_end = Q(quarter_start__lte=quarter.first_day)
    households = _by_village(
        VillageTally.objects.filter(village__in=scope_villages(scope)),
        n_households=_sum("first_reached"),
        n_using=_sum("first_vneid", by_end),
        n_activated=_sum("first_vneid_activated", by_end),
    )
    visits = (
        household_queries.vneid_visits(scope_visits(scope))
        .filter(date__range=(quarter.first_day, quarter.last_day))
        .order_by()
        .values("team__village_id")
        .annotate(visits=Count("pk"), people=Coalesce(Sum("people_helped"), 0))
    )
    keys = ("households", "using", "activated", "visits", "people")
    counts = defaultdict(lambda: dict.fromkeys(keys, 0))
    for village_id, row in households.items():
        counts[village_id].update(
            households=row["n_households"], using=row["n_using"], activated=row["n_activated"]
        )
    for row in visits:
        counts[row["team__village_id"]].update(visits=row["visits"], people=row["people"])

    def derived(count: dict) -> dict:
        return {
            **count,
            "received": count["using"],
            "not_activated": count["using"] - count["activated"],
            "using_percent": arithmetic.percent(count["using"], count["households"]),
            "activated_percent": arithmetic.percent(count["activated"], count["households"]),
        }

    total = derived({key: sum(c[key] for c in counts.values()) for key in keys})
    villages = scope_villages(scope).order_by("code")
    rows = [{"village": village, **derived(counts[village.pk])} for village in villages]
    return {"rows": rows, "commune_team": counts.get(None), "total": total}
