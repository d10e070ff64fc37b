"""The rows behind each KPI figure (dòng số liệu): the teams, members, roles, weeks, support
visits, households or OCOP products a KPI counts, split the way its figure is split.

`live_parts(figures, code)` gives a KPI's parts for the scope and quarter of `figures` (the
engine's own collection, reports/kpis/queries.py): the first part is what the figure counts
(its numerator for a ratio), the next ones the rest ("numerator" / "rest", and for K6 the
weeks not over yet, for K10 the priority households never reached and the households reached
for the first time). Members, roles, weeks and teams come from the collection itself; visits,
households and products from the same scope querysets and households/queries.py conditions
the tallies count, so that the rows of a figure's part are as many as the figure says
(tests/reports/test_kpi_rows.py compares them code by code).

A frozen report keeps each part's rows in its snapshot: reports/kpis/frozen.py.

What the parts hold: for a QuerySet part, model instances; for the others, dicts:
- teams: name, kpi (the team's own KpiValue), status, village_id (None: the commune team);
- members: id, full_name, team_name, role_name, is_leader, trained, households;
- roles: role (None: the team leader), members (names), present;
- weeks: key ("2026-W14"), start, end, days [(date, hours)], longest_day, met, ended.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from households import queries as household_queries
from reports.kpis.arithmetic import HOUSEHOLDS_PER_MEMBER, TEAM_KPIS, Status
from reports.kpis.queries import Figures, TeamFigures, scope_households, scope_visits
from reports.kpis.scopes import ScopeKind
from teams.models import TeamLevel


class Kind(StrEnum):
    TEAMS = "teams"
    MEMBERS = "members"
    ROLES = "roles"
    WEEKS = "weeks"
    VISITS = "visits"
    HOUSEHOLDS = "households"
    PRODUCTS = "products"


#: The kinds whose rows name residents (households, the people a visit helped).
RESIDENTS = frozenset({Kind.VISITS, Kind.HOUSEHOLDS})

#: Each part by the key a snapshot stores and the word its URL takes (?phan=).
SLUGS = {
    "numerator": "tu-so",
    "rest": "con-lai",
    "not_ended": "chua-het-tuan",
    "never_reached": "chua-tiep-can",
    "first_reached": "lan-dau",
}

LABELS = {
    ("teams", "numerator"): _("Teams that meet the target"),
    ("teams", "rest"): _("Teams that do not meet it"),
    ("K1", "numerator"): _("Active members"),
    ("K2", "numerator"): _("Roles present"),
    ("K2", "rest"): _("Roles missing"),
    ("K3", "numerator"): _("Members trained"),
    ("K3", "rest"): _("Members not trained yet"),
    ("K4", "numerator"): _("Members in charge of at least 20 households"),
    ("K4", "rest"): _("Members in charge of fewer than 20 households"),
    ("K5", "numerator"): _("Support visits in the quarter"),
    ("K6", "numerator"): _("Weeks met"),
    ("K6", "rest"): _("Weeks missed"),
    ("K6", "not_ended"): _("Weeks not over yet"),
    ("K7", "numerator"): _("Households reached"),
    ("K7", "rest"): _("Households never reached"),
    ("K8", "numerator"): _("Households using an essential platform"),
    ("K8", "rest"): _("Households using none yet"),
    ("K9", "numerator"): _("Products on e-commerce"),
    ("K9", "rest"): _("Products not on e-commerce yet"),
    ("K10", "numerator"): _("Visits to priority households"),
    ("K10", "never_reached"): _("Priority households never reached"),
    ("K10", "first_reached"): _("Households reached for the first time in the quarter"),
    ("K11", "numerator"): _("Households whose adults all have confirmed skills"),
    ("K11", "rest"): _("Households with adults not confirmed yet"),
}


@dataclass
class Part:
    """One part of a KPI's rows: `rows` is a QuerySet, a list of dicts or `FrozenRows`."""

    key: str
    label: str
    kind: Kind
    rows: Any

    @property
    def slug(self) -> str:
        return SLUGS[self.key]

    @cached_property
    def count(self) -> int:
        return self.rows.count() if isinstance(self.rows, QuerySet) else len(self.rows)


def part_of(code: str, key: str, rows, *, by_team: bool = False) -> Part:
    """Part `key` of `code`'s rows, labelled and of its kind (by_team: the teams)."""
    if by_team:
        return Part(key, LABELS["teams", key], Kind.TEAMS, rows)
    return Part(key, LABELS[code, key], KINDS[code, key], rows)


def is_by_team(figures: Figures, code: str) -> bool:
    """For the whole commune, K1, K2, K5 and K6 count the teams that meet them."""
    return figures.scope.kind == ScopeKind.COMMUNE and code in TEAM_KPIS


def live_parts(figures: Figures, code: str, *, member_id: int | None = None) -> list[Part]:
    """The parts of `code`'s rows for the scope and quarter of `figures`; `member_id` keeps
    the support visits of one member (K5, K10)."""
    if is_by_team(figures, code):
        return _team_parts(figures, code)
    parts = BUILDERS[code](figures)
    if member_id is not None:
        for part in parts:
            if part.kind == Kind.VISITS:
                part.rows = part.rows.filter(member_id=member_id)
    return parts


# --- by team (the whole commune's K1, K2, K5, K6) ---------------------------------------------


def _team_parts(figures: Figures, code: str) -> list[Part]:
    rows = []
    for name, team, village in figures.team_entries():
        kpi = figures.team_kpis(team)[code]
        rows.append(
            {"name": name, "kpi": kpi, "status": kpi.status, "village_id": village and village.pk}
        )
    met = [row for row in rows if row["status"] == Status.MET]
    rest = [row for row in rows if row["status"] != Status.MET]
    return [
        part_of(code, "numerator", met, by_team=True),
        part_of(code, "rest", rest, by_team=True),
    ]


# --- members, roles and weeks (from the collection) ------------------------------------------


def _teams(figures: Figures) -> list[TeamFigures]:
    """The teams whose members and days a team scope's KPIs count."""
    scope = figures.scope
    if scope.kind == ScopeKind.VILLAGE:
        team = figures.team_of(scope.village.pk)
    elif scope.kind == ScopeKind.COMMUNE_TEAM:
        team = figures.commune_team
    else:
        return list(figures.teams)
    return [team] if team else []


def _members(figures: Figures) -> list[dict]:
    return [
        {
            "id": m["id"],
            "full_name": m["full_name"],
            "team_name": team.name,
            "role_name": m["role_name"],
            "is_leader": m["is_leader"],
            "trained": m["trained"],
            "households": m["households_in_charge"],
        }
        for team in _teams(figures)
        for m in team.members
    ]


def _active_members(figures: Figures) -> list[Part]:
    return [part_of("K1", "numerator", _members(figures))]


def _training(figures: Figures) -> list[Part]:
    members = _members(figures)
    return [
        part_of("K3", "numerator", [m for m in members if m["trained"]]),
        part_of("K3", "rest", [m for m in members if not m["trained"]]),
    ]


def _households_per_member(figures: Figures) -> list[Part]:
    members = _members(figures)
    enough = [m for m in members if m["households"] >= HOUSEHOLDS_PER_MEMBER]
    below = [m for m in members if m["households"] < HOUSEHOLDS_PER_MEMBER]
    return [
        part_of("K4", "numerator", enough),
        part_of("K4", "rest", below),
    ]


def _roles(figures: Figures) -> list[Part]:
    """Each required role (village teams) and the team leader, with who holds it."""
    rows = []
    for team in _teams(figures):
        holders = defaultdict(list)
        for m in team.members:
            holders[m["role_name"]].append(m["full_name"])
        required = figures.required_roles if team.level == TeamLevel.VILLAGE else []
        rows += [{"role": r, "members": holders[r], "present": bool(holders[r])} for r in required]
        leaders = [m["full_name"] for m in team.members if m["is_leader"]]
        rows.append({"role": None, "members": leaders, "present": bool(leaders)})
    return [
        part_of("K2", "numerator", [r for r in rows if r["present"]]),
        part_of("K2", "rest", [r for r in rows if not r["present"]]),
    ]


def _weeks(figures: Figures) -> list[Part]:
    """The weeks of the quarter (teams/composition.py), with the team's days in each."""
    rows = []
    for team in _teams(figures):
        days = defaultdict(list)
        for day, hours in sorted(team.hours_by_date.items()):
            days[day - datetime.timedelta(days=day.weekday())].append((day, hours))
        for week in figures.weeks(team):
            rows.append(
                {
                    "key": f"{week.year}-W{week.week:02d}",
                    "start": week.start,
                    "end": week.end,
                    "days": days.get(week.start, []),
                    "longest_day": week.longest_day,
                    "met": week.met,
                    "ended": week.ended,
                }
            )
    counted = [r for r in rows if r["ended"] or r["met"]]  # WeekActivity.counts
    return [
        part_of("K6", "numerator", [r for r in counted if r["met"]]),
        part_of("K6", "rest", [r for r in counted if not r["met"]]),
        part_of("K6", "not_ended", [r for r in rows if not (r["ended"] or r["met"])]),
    ]


# --- visits, households and products (the queries the tallies count) ------------------------


def listed(kind: Kind, queryset: QuerySet) -> QuerySet:
    """A part's rows as its page and its Excel file list them."""
    if kind == Kind.VISITS:
        return (
            queryset.select_related("household", "member", "team")
            .prefetch_related("support_types")
            .order_by("-date", "-pk")
        )
    if kind == Kind.HOUSEHOLDS:
        return queryset.select_related("village", "member_in_charge").in_list_order()
    return queryset.select_related("village").prefetch_related("listed_on").order_by("name", "pk")


def _quarter_visits(figures: Figures) -> QuerySet:
    quarter = figures.quarter
    return scope_visits(figures.scope).filter(date__range=(quarter.first_day, quarter.last_day))


def _visits(figures: Figures) -> list[Part]:
    return [part_of("K5", "numerator", listed(Kind.VISITS, _quarter_visits(figures)))]


def _households(code: str, numerator: QuerySet, rest: QuerySet) -> list[Part]:
    return [
        part_of(code, "numerator", listed(Kind.HOUSEHOLDS, numerator)),
        part_of(code, "rest", listed(Kind.HOUSEHOLDS, rest)),
    ]


def _reach(figures: Figures) -> list[Part]:
    households, last_day = scope_households(figures.scope), figures.quarter.last_day
    return _households(
        "K7",
        household_queries.reached(households, on_or_before=last_day),
        household_queries.never_reached(households, on_or_before=last_day),
    )


def _adoption(figures: Figures) -> list[Part]:
    households = scope_households(figures.scope)
    using = household_queries.uses_essential_platform(figures.quarter.last_day)
    return _households("K8", households.filter(using), households.filter(~using))


def _ocop(figures: Figures) -> list[Part]:
    scope = figures.scope
    products = household_queries.ocop_products(
        scope.commune,
        [v.pk for v in figures.villages],
        commune_products=scope.kind != ScopeKind.VILLAGE,
    )
    return [
        part_of("K9", "numerator", listed(Kind.PRODUCTS, products.filter(listed=True))),
        part_of("K9", "rest", listed(Kind.PRODUCTS, products.filter(listed=False))),
    ]


def _priority(figures: Figures) -> list[Part]:
    quarter = figures.quarter
    visits = _quarter_visits(figures).filter(household_queries.priority("household__"))
    households = scope_households(figures.scope)
    never = household_queries.never_reached(
        households.filter(household_queries.priority()), on_or_before=quarter.last_day
    )
    first = household_queries.reached(
        household_queries.never_reached(households, before=quarter.first_day),
        on_or_before=quarter.last_day,
    )
    return [
        part_of("K10", "numerator", listed(Kind.VISITS, visits)),
        part_of("K10", "never_reached", listed(Kind.HOUSEHOLDS, never)),
        part_of("K10", "first_reached", listed(Kind.HOUSEHOLDS, first)),
    ]


def _skills(figures: Figures) -> list[Part]:
    """K11 counts adults; its rows are the households with adults recorded, those whose
    adults are all confirmed first (their counts are the figure's `households_skilled` and
    `households_with_adults`)."""
    households = household_queries.with_adults(scope_households(figures.scope))
    complete = household_queries.all_adults_skilled(figures.quarter.last_day)
    return _households("K11", households.filter(complete), households.exclude(complete))


BUILDERS: dict[str, Callable[[Figures], list[Part]]] = {
    "K1": _active_members,
    "K2": _roles,
    "K3": _training,
    "K4": _households_per_member,
    "K5": _visits,
    "K6": _weeks,
    "K7": _reach,
    "K8": _adoption,
    "K9": _ocop,
    "K10": _priority,
    "K11": _skills,
}

#: The kind of each part of a team or village scope's KPIs (the whole commune's K1, K2, K5 and
#: K6 are teams).
KINDS = {
    ("K1", "numerator"): Kind.MEMBERS,
    ("K2", "numerator"): Kind.ROLES,
    ("K2", "rest"): Kind.ROLES,
    ("K3", "numerator"): Kind.MEMBERS,
    ("K3", "rest"): Kind.MEMBERS,
    ("K4", "numerator"): Kind.MEMBERS,
    ("K4", "rest"): Kind.MEMBERS,
    ("K5", "numerator"): Kind.VISITS,
    ("K6", "numerator"): Kind.WEEKS,
    ("K6", "rest"): Kind.WEEKS,
    ("K6", "not_ended"): Kind.WEEKS,
    ("K7", "numerator"): Kind.HOUSEHOLDS,
    ("K7", "rest"): Kind.HOUSEHOLDS,
    ("K8", "numerator"): Kind.HOUSEHOLDS,
    ("K8", "rest"): Kind.HOUSEHOLDS,
    ("K9", "numerator"): Kind.PRODUCTS,
    ("K9", "rest"): Kind.PRODUCTS,
    ("K10", "numerator"): Kind.VISITS,
    ("K10", "never_reached"): Kind.HOUSEHOLDS,
    ("K10", "first_reached"): Kind.HOUSEHOLDS,
    ("K11", "numerator"): Kind.HOUSEHOLDS,
    ("K11", "rest"): Kind.HOUSEHOLDS,
}
