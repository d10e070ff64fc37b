"""The rows behind a frozen report's figures: what its snapshot keeps of each KPI's parts
(reports/kpis/rows.py) and how they are read back.

Submitting (sending) a report stores `frozen_ids(figures)` in its snapshot under "rows":
{code: {part key: items}}, the items in the order the page lists them: ids (visits,
households, members, OCOP products; for K4 [member id, households]), role names (None: the
team leader), week keys ("2026-W14") or team names, whose figures the snapshot's own details
hold. `frozen_parts` reads them back a page at a time (`FrozenRows`), with the rows' current
names and a row deleted since marked as such (`Gone`).
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from households.models import Household, OcopProduct, SupportVisit, household_code
from reports.kpis.arithmetic import TEAM_KPIS, KpiValue, Status
from reports.kpis.queries import Figures
from reports.kpis.rows import BUILDERS, KINDS, SLUGS, Kind, Part, listed, live_parts, part_of
from reports.kpis.scopes import ScopeKind
from reports.reporting.figures import village_unit
from teams.models import Member


def _stored(part: Part, code: str) -> list:
    """What a snapshot keeps of a part's rows: ids (K4: [id, households]), role names, week
    keys or team names; in the order the page lists them."""
    if isinstance(part.rows, QuerySet):
        return list(part.rows.prefetch_related(None).values_list("pk", flat=True))
    if part.kind == Kind.MEMBERS:
        if code == "K4":
            return [[m["id"], m["households"]] for m in part.rows]
        return [m["id"] for m in part.rows]
    if part.kind == Kind.ROLES:
        return [r["role"] for r in part.rows]
    if part.kind == Kind.WEEKS:
        return [r["key"] for r in part.rows]
    return [r["name"] for r in part.rows]


def frozen_ids(figures: Figures) -> dict[str, dict[str, list]]:
    """{code: {part key: ids}} of every KPI, for a report's snapshot (a few queries)."""
    return {
        code: {part.key: _stored(part, code) for part in live_parts(figures, code)}
        for code in BUILDERS
    }


@dataclass(frozen=True)
class Gone:
    """A row frozen in a report and deleted since."""

    pk: int
    code: str = ""
    deleted: bool = True


class FrozenRows(Sequence):
    """The rows of a frozen part, fetched a page at a time (Paginator slices it)."""

    def __init__(self, items: list, load: Callable[[list], list]):
        self.items = items
        self.load = load

    def __len__(self):
        return len(self.items)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.load(self.items[index])
        return self.load([self.items[index]])[0]


def _by_ids(queryset: QuerySet, ids: list[int], gone: Callable[[int], Any]) -> list:
    found = queryset.in_bulk(ids) if ids else {}
    return [found.get(pk) or gone(pk) for pk in ids]


def _frozen_members(items: list) -> list[dict]:
    pairs = [item if isinstance(item, list) else [item, None] for item in items]
    found = Member.objects.select_related("team", "role").in_bulk([pk for pk, _n in pairs])
    rows = []
    for pk, households in pairs:
        member = found.get(pk)
        rows.append(
            {
                "id": pk,
                "full_name": member.full_name if member else "",
                "team_name": member.team.name if member else "",
                "role_name": member.role.name if member else "",
                "is_leader": bool(member and member.is_leader),
                "trained": None,
                "households": households,
                "deleted": member is None,
            }
        )
    return rows


def _frozen_weeks(details: dict) -> Callable[[list], list]:
    missed = {w["week"]: w for w in details.get("weeks_missed", [])}

    def load(keys: list) -> list[dict]:
        rows = []
        for key in keys:
            year, week = key.split("-W")
            start = datetime.date.fromisocalendar(int(year), int(week), 1)
            longest = (missed.get(key) or {}).get("longest_day")
            rows.append(
                {
                    "key": key,
                    "start": start,
                    "end": start + datetime.timedelta(days=6),
                    "days": [],
                    "longest_day": longest,
                }
            )
        return rows

    return load


def _frozen_teams(details: dict, code: str) -> Callable[[list], list]:
    teams = {t["team"]: t for t in details.get("teams", [])}

    def load(names: list) -> list[dict]:
        rows = []
        for name in names:
            team = teams.get(name, {})
            status = Status(team.get("status", Status.NO_DATA))
            kpi = KpiValue(code, team.get("value"), None, village_unit(code), status)
            rows.append({"name": name, "kpi": kpi, "status": status, "village_id": None})
        return rows

    return load


def _loader(kind: Kind, code: str, details: dict) -> Callable[[list], list]:
    if kind == Kind.VISITS:
        return lambda ids: _by_ids(listed(kind, SupportVisit.objects.all()), ids, Gone)
    if kind == Kind.HOUSEHOLDS:
        households = listed(kind, Household.objects.all())
        return lambda ids: _by_ids(households, ids, lambda pk: Gone(pk, household_code(pk)))
    if kind == Kind.PRODUCTS:
        return lambda ids: _by_ids(listed(kind, OcopProduct.objects.all()), ids, Gone)
    if kind == Kind.MEMBERS:
        return _frozen_members
    if kind == Kind.WEEKS:
        return _frozen_weeks(details)
    if kind == Kind.TEAMS:
        return _frozen_teams(details, code)
    return lambda roles: [{"role": r, "members": [], "present": None} for r in roles]


def frozen_parts(scope_kind: ScopeKind, code: str, kpi: KpiValue, stored: dict) -> list[Part]:
    """The parts of a KPI as a report's snapshot froze them (`stored`: {part key: ids})."""
    by_team = scope_kind == ScopeKind.COMMUNE and code in TEAM_KPIS
    parts = []
    for key in SLUGS:  # in the pages' order (PostgreSQL's jsonb keeps no key order)
        if key in stored:
            kind = Kind.TEAMS if by_team else KINDS[code, key]
            rows = FrozenRows(stored[key], _loader(kind, code, kpi.details or {}))
            parts.append(part_of(code, key, rows, by_team=by_team))
    return parts
