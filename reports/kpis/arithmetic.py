"""The KPIs of the plan (K1-K10, DOMAIN.md) and K11 (basic digital skills, Kế hoạch
01-KH/BCĐTW): pure arithmetic and the result type.

No database here: reports/kpis/queries.py counts, these functions judge. Every function takes
plain numbers (or the pure results of teams/composition.py) and returns a `KpiValue`.

Rules that hold everywhere:
- a ratio with an empty denominator is "no data" (never a division error, never 100 %);
- a target is met when the value is at least the target, compared on exact integers
  (80 % of 5 households is 4 households: 4/5 meets "≥ 80 %");
- K10 has no target: the plan asks to prioritise, so it is "reported".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from teams.composition import Composition, WeekActivity

CODES = tuple(f"K{n}" for n in range(1, 12))

LABELS = {
    "K1": _("Team size"),
    "K2": _("Team composition"),
    "K3": _("Training coverage"),
    "K4": _("Households per member"),
    "K5": _("Support visits in the quarter"),
    "K6": _("Weekly activity"),
    "K7": _("Communication reach"),
    "K8": _("Essential platform adoption"),
    "K9": _("OCOP products on e-commerce"),
    "K10": _("Support visits to priority households"),
    "K11": _("Basic digital skills"),
}

#: What each KPI measures, in one line (shown under the card's title).
DESCRIPTIONS = {
    "K1": _("Active members of the team"),
    "K2": _("Required roles and a team leader"),
    "K3": _("Active members who attended at least one training"),
    "K4": _("Members in charge of at least 20 households"),
    "K5": _("Support visits dated in the quarter"),
    "K6": _("Weeks with a day of at least 4 hours"),
    "K7": _("Households reached by communication or a visit"),
    "K8": _("Households using at least one essential platform"),
    "K9": _("OCOP products listed on an e-commerce platform"),
    "K10": _("Visits to households with an elderly person or without a device"),
    "K11": _("Adults with basic digital skills confirmed on VNeID"),
}

#: For the commune as a whole, these team KPIs become "teams that meet it / teams".
TEAM_KPIS = ("K1", "K2", "K5", "K6")

HOUSEHOLDS_PER_MEMBER = 20
VISITS_PER_QUARTER = 50
ADOPTION_TARGET = 80
FULL = 100


def skills_target() -> int:
    """K11's target in percent (the setting SKILLS_TARGET_PERCENT, 100 by default)."""
    from django.conf import settings

    return settings.SKILLS_TARGET_PERCENT


class Status(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NO_DATA = "no_data"
    REPORTED = "reported"


STATUS_LABELS = {
    Status.MET: _("met"),
    Status.NOT_MET: _("not met"),
    Status.NO_DATA: _("no data"),
    Status.REPORTED: _("reported"),
}


class Unit(StrEnum):
    PERCENT = "percent"
    MEMBERS = "members"
    ROLES = "roles"
    VISITS = "visits"


UNIT_LABELS = {
    Unit.PERCENT: "%",
    Unit.MEMBERS: _("members"),
    Unit.ROLES: _("roles"),
    Unit.VISITS: _("visits"),
}


@dataclass(frozen=True)
class KpiValue:
    """One KPI for one scope and quarter: value, target, unit, status and the detail behind it.

    `value` and `target` are numbers (a percentage for ratios) or None (no data / no
    target); `details` is JSON-serialisable (plain dicts, lists, str, int, bool): ratios
    carry "numerator" and "denominator".
    """

    code: str
    value: float | int | None
    target: float | int | None
    unit: str
    status: Status
    details: dict = field(default_factory=dict)

    @property
    def label(self):
        return LABELS[self.code]

    @property
    def description(self):
        return DESCRIPTIONS[self.code]

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]

    @property
    def unit_label(self):
        return UNIT_LABELS.get(self.unit, self.unit)

    @property
    def progress(self) -> int | None:
        """How far towards the target, 0-100, for a progress bar (None: nothing to draw)."""
        if self.value is None or not self.target:
            return None
        return max(0, min(100, round(100 * self.value / self.target)))

    def to_dict(self) -> dict:
        # By hand rather than dataclasses.asdict, which copies every list of the details
        # deeply (a 1,200-member commune's K3/K4 lists, four quarters of them in a year review).
        return {
            "code": self.code,
            "value": self.value,
            "target": self.target,
            "unit": self.unit,
            "status": str(self.status),
            "details": dict(self.details),
        }

    @classmethod
    def from_dict(cls, data: dict) -> KpiValue:
        return cls(
            code=data["code"],
            value=data["value"],
            target=data["target"],
            unit=data["unit"],
            status=Status(data["status"]),
            details=dict(data.get("details") or {}),
        )


class Kpis(dict[str, KpiValue]):
    """The KPIs of one scope and quarter keyed by code ("K8"), in CODES order: what the
    engine returns and every rendering reads (`kpis["K8"]`, `kpis.values()` in order).

    A report's snapshot stores them as the list `to_list()` writes (the format snapshots
    have always had); `from_stored()` reads that list back, and a mapping by code too.
    """

    @classmethod
    def of(cls, values: Iterable[KpiValue]) -> Kpis:
        by_code = {kpi.code: kpi for kpi in values}
        return cls((code, by_code[code]) for code in CODES if code in by_code)

    @classmethod
    def from_stored(cls, data: Iterable[dict] | Mapping[str, dict]) -> Kpis:
        values = data.values() if isinstance(data, Mapping) else data
        return cls.of(KpiValue.from_dict(kpi) for kpi in values)

    def to_list(self) -> list[dict]:
        """As a snapshot stores them: a list of `KpiValue.to_dict()` in CODES order."""
        return [kpi.to_dict() for kpi in self.values()]


# --- arithmetic ----------------------------------------------------------------------------


def percent(numerator: int, denominator: int) -> float | None:
    """numerator/denominator in %, one decimal; None when the denominator is empty."""
    if not denominator:
        return None
    return round(100 * numerator / denominator, 1)


def ratio_status(numerator: int, denominator: int, target_percent: int) -> Status:
    """Met when numerator/denominator ≥ target %, judged on integers (no rounding)."""
    if not denominator:
        return Status.NO_DATA
    met = numerator * 100 >= target_percent * denominator
    return Status.MET if met else Status.NOT_MET


def ratio_kpi(code: str, numerator: int, denominator: int, target: int, **details) -> KpiValue:
    return KpiValue(
        code=code,
        value=percent(numerator, denominator),
        target=target,
        unit=Unit.PERCENT,
        status=ratio_status(numerator, denominator, target),
        details={"numerator": numerator, "denominator": denominator, **details},
    )


def no_data(code: str, target, unit: str, **details) -> KpiValue:
    return KpiValue(code, None, target, unit, Status.NO_DATA, details)


# --- one team ------------------------------------------------------------------------------


def team_size(team: Composition | None) -> KpiValue:
    """K1: active members against the minimum (commune team 15, village team 9)."""
    if team is None:
        return no_data("K1", None, Unit.MEMBERS)
    return KpiValue(
        "K1",
        team.active_members,
        team.minimum,
        Unit.MEMBERS,
        Status.MET if team.size_ok else Status.NOT_MET,
        {"members_short": team.members_short, "youth_union_members": team.youth_union_members},
    )


def team_composition(team: Composition | None, required_roles: Sequence[str]) -> KpiValue:
    """K2: required roles present (village teams) plus a named leader (every team)."""
    required = (len(required_roles) if team and team.level == "village" else 0) + 1
    if team is None:
        return no_data("K2", required, Unit.ROLES)
    present = required - len(team.missing_roles) - (0 if team.has_leader else 1)
    return KpiValue(
        "K2",
        present,
        required,
        Unit.ROLES,
        Status.MET if team.roles_ok else Status.NOT_MET,
        {"missing_roles": list(team.missing_roles), "has_leader": team.has_leader},
    )


def visits_in_quarter(visits: int | None) -> KpiValue:
    """K5: support visits dated in the quarter by the team (None: there is no team)."""
    if visits is None:
        return no_data("K5", VISITS_PER_QUARTER, Unit.VISITS)
    status = Status.MET if visits >= VISITS_PER_QUARTER else Status.NOT_MET
    return KpiValue("K5", visits, VISITS_PER_QUARTER, Unit.VISITS, status, {})


def weekly_activity(weeks: Sequence[WeekActivity] | None) -> KpiValue:
    """K6: weeks of the quarter with a day of ≥ 4 hours / weeks (None: there is no team).

    A week not over yet is left out until it has such a day (then it is met): on a Tuesday
    the week has not been missed (teams/composition.py).
    """
    if weeks is None:
        return no_data("K6", FULL, Unit.PERCENT)
    weeks = [w for w in weeks if w.counts]
    missed = [
        {
            "week": f"{w.year}-W{w.week:02d}",
            "start": w.start.isoformat(),
            "end": w.end.isoformat(),
            "days": w.days,
            "longest_day": None if w.longest_day is None else str(w.longest_day),
        }
        for w in weeks
        if not w.met
    ]
    return ratio_kpi("K6", len(weeks) - len(missed), len(weeks), FULL, weeks_missed=missed)


# --- members, households, products (any scope) ---------------------------------------------


def training_coverage(active: int, untrained: Sequence[dict]) -> KpiValue:
    """K3: active members with at least one attended training / active members."""
    return ratio_kpi("K3", active - len(untrained), active, FULL, untrained=list(untrained))


def households_per_member(members: Iterable[dict]) -> KpiValue:
    """K4: members in charge of ≥ 20 households / active members; those below are listed.

    `members`: dicts with at least "households" (a count); the rest is passed through.
    """
    members = list(members)
    return members_below_target(
        len(members), [m for m in members if m["households"] < HOUSEHOLDS_PER_MEMBER]
    )


def members_below_target(active: int, below: Sequence[dict]) -> KpiValue:
    """K4 from the number of active members and those in charge of fewer than 20 households
    (what `households_per_member` finds), for a caller that has picked them already."""
    return ratio_kpi("K4", active - len(below), active, FULL, members_below=list(below))


def communication_reach(reached: int, households: int) -> KpiValue:
    """K7: households reached (communication or visit, up to the quarter's end) / households."""
    return ratio_kpi("K7", reached, households, FULL, never_reached=households - reached)


def platform_adoption(adopted: int, households: int) -> KpiValue:
    """K8: households using an essential platform (recorded by the quarter's end) / households."""
    return ratio_kpi("K8", adopted, households, ADOPTION_TARGET, not_adopted=households - adopted)


def skills_coverage(
    skilled: int, adults: int, *, households_with_adults: int = 0, households_skilled: int = 0
) -> KpiValue:
    """K11: adults (15 and over) whose basic digital skills are confirmed on VNeID (seen by
    the quarter's end) / adults recorded in the households. No adult recorded: no data."""
    return ratio_kpi(
        "K11",
        skilled,
        adults,
        skills_target(),
        not_confirmed=adults - skilled,
        households_with_adults=households_with_adults,
        households_skilled=households_skilled,
    )


def ocop_listing(listed: int, products: int, unlisted: Sequence[str] = ()) -> KpiValue:
    """K9: OCOP products on at least one e-commerce platform / OCOP products."""
    return ratio_kpi("K9", listed, products, FULL, unlisted=list(unlisted))


def priority_reach(
    *,
    visits_to_priority: int,
    priority_households: int,
    priority_never_reached: int,
    first_reached: int,
) -> KpiValue:
    """K10 (reported): visits in the quarter to households with an elderly person or
    without a digital device, with the households reached for the first time this quarter
    and the priority households never reached yet."""
    return KpiValue(
        "K10",
        visits_to_priority,
        None,
        Unit.VISITS,
        Status.REPORTED,
        {
            "priority_households": priority_households,
            "priority_never_reached": priority_never_reached,
            "households_first_reached": first_reached,
        },
    )


# --- the commune as a whole ----------------------------------------------------------------


def teams_meeting(code: str, per_team: Sequence[tuple[str, KpiValue]], **details) -> KpiValue:
    """K1/K2/K5/K6 for the commune as a whole: teams that meet the KPI / teams (target 100 %).

    A team whose own figure is "no data" counts as not meeting it.
    """
    rows = [{"team": name, "value": kpi.value, "status": str(kpi.status)} for name, kpi in per_team]
    met = sum(1 for _name, kpi in per_team if kpi.status == Status.MET)
    return ratio_kpi(code, met, len(per_team), FULL, teams=rows, **details)


# --- several communes together (a province) ------------------------------------------------

#: Counts a province adds up from its communes' details, beside the numerator and denominator.
SUMMED_DETAILS = (
    "active_members",
    "visits",
    "never_reached",
    "not_adopted",
    "priority_households",
    "priority_never_reached",
    "households_first_reached",
    "not_confirmed",
    "households_with_adults",
    "households_skilled",
)


def slim(kpi: KpiValue) -> KpiValue:
    """`kpi` with only the counts of its details (no lists of members, weeks or products):
    what a province keeps of each commune's figures."""
    counts = {
        key: value
        for key, value in kpi.details.items()
        if isinstance(value, int) and not isinstance(value, bool)
    }
    if isinstance(kpi.details.get("teams"), list):  # a commune's "teams that meet it": how many
        counts["teams"] = len(kpi.details["teams"])
    return KpiValue(kpi.code, kpi.value, kpi.target, kpi.unit, kpi.status, counts)


def roll_up(code: str, values: Sequence[KpiValue]) -> KpiValue:
    """One KPI of several communes together: a ratio adds the communes' numerators and
    denominators (K1, K2, K5, K6: teams that meet it / teams, "n/N tổ"; K3, K4: members; K7,
    K8: households; K9: products; K11: adults), so that a commune of 5,000 households weighs
    more than one of 500; K10 adds the visits. A commune with no data adds nothing; no commune with data:
    no data."""
    values = [v for v in values if v.code == code]
    totals = {
        key: sum(v.details.get(key, 0) for v in values)
        for key in SUMMED_DETAILS
        if any(key in v.details for v in values)
    }
    if code == "K10":
        counted = [v for v in values if v.value is not None]
        if not counted:
            return no_data("K10", None, Unit.VISITS)
        return KpiValue(
            "K10", sum(v.value for v in counted), None, Unit.VISITS, Status.REPORTED, totals
        )
    numerator = sum(v.details.get("numerator", 0) for v in values)
    denominator = sum(v.details.get("denominator", 0) for v in values)
    target = {"K8": ADOPTION_TARGET, "K11": skills_target()}.get(code, FULL)
    if code in TEAM_KPIS:  # teams that meet it / teams of every commune ("n/N tổ")
        totals["teams"] = denominator
    return ratio_kpi(code, numerator, denominator, target, communes=len(values), **totals)


def roll_up_all(per_commune: Iterable[Kpis]) -> Kpis:
    """K1-K11 of several communes' `Kpis` together (`roll_up`)."""
    per_commune = list(per_commune)
    return Kpis.of(roll_up(code, [k[code] for k in per_commune if code in k]) for code in CODES)
