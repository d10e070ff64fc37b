"""The plan's rules for a team, as pure functions over plain values (no database).

Used by the team pages (teams/) and by the KPI engine (reports/) alike:
- K1 size: commune team ≥ 15 active members, village team ≥ 9;
- K2 composition: a village team has every required role of the catalogue, and every team
  names a leader;
- K6 weekly activity: every ISO week overlapping the quarter has a day of ≥ 4 hours; while
  the quarter runs, a week not over yet counts only once it has such a day.
"""

import datetime
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from binhdan.quarters import Quarter

MINIMUM_MEMBERS = {"commune": 15, "village": 9}
MIN_DAY_HOURS = Decimal("4")


@dataclass(frozen=True)
class Composition:
    """A team's composition against the plan (K1 and K2)."""

    level: str
    active_members: int
    minimum: int
    missing_roles: tuple[str, ...]
    has_leader: bool
    youth_union_members: int

    @property
    def size_ok(self) -> bool:
        return self.active_members >= self.minimum

    @property
    def roles_ok(self) -> bool:
        return not self.missing_roles and self.has_leader

    @property
    def complete(self) -> bool:
        return self.size_ok and self.roles_ok

    @property
    def members_short(self) -> int:
        return max(self.minimum - self.active_members, 0)


def composition(
    *,
    level: str,
    active_members: int,
    roles_present: Iterable[str],
    required_roles: Iterable[str],
    has_leader: bool,
    youth_union_members: int = 0,
) -> Composition:
    """Judge a team. Roles are compared by name; only village teams must have the roles."""
    present = set(roles_present)
    missing = (
        tuple(role for role in required_roles if role not in present) if level == "village" else ()
    )
    return Composition(
        level=level,
        active_members=active_members,
        minimum=MINIMUM_MEMBERS[level],
        missing_roles=missing,
        has_leader=has_leader,
        youth_union_members=youth_union_members,
    )


@dataclass(slots=True)  # not frozen: a province makes tens of thousands, 13 times faster
class WeekActivity:
    """One ISO week of a quarter and whether the team had a day of at least 4 hours.

    `ended`: the week's Sunday is over (always, for a quarter that has ended). A week still
    running is neither met nor missed yet: it `counts` for K6 only once it is met.
    """

    year: int
    week: int
    start: datetime.date
    end: datetime.date
    days: int
    longest_day: Decimal | None
    ended: bool = True

    @property
    def met(self) -> bool:
        return self.longest_day is not None and self.longest_day >= MIN_DAY_HOURS

    @property
    def counts(self) -> bool:
        """Whether the week is in K6's numerator or denominator (DOMAIN.md)."""
        return self.ended or self.met


_DAYS = tuple(datetime.timedelta(days=n) for n in range(7))


@functools.cache
def _weeks_of(quarter: Quarter) -> tuple[tuple[datetime.date, datetime.date, int, int], ...]:
    """(Monday, Sunday, ISO year, ISO week) of each week overlapping `quarter`."""
    return tuple(
        (start, end, year, week)
        for (start, end), (year, week) in zip(
            quarter.week_ranges(), quarter.iso_weeks(), strict=True
        )
    )


@functools.cache
def _week_places(quarter: Quarter) -> dict[datetime.date, int]:
    """{Monday: the week's place in `_weeks_of(quarter)`}."""
    return {start: i for i, (start, _end, _year, _week) in enumerate(_weeks_of(quarter))}


def weekly_activity(
    quarter: Quarter,
    hours_by_date: Mapping[datetime.date, Decimal],
    *,
    as_of: datetime.date | None = None,
) -> list[WeekActivity]:
    """Week by week for `quarter`: the activity days and the longest one.

    A week spanning two quarters counts in both, with all of its days (ISO weeks overlapping
    the quarter, DOMAIN.md K6). With `as_of` (today) inside or before the quarter, weeks that
    have not started yet are left out (they are still to come) and a week whose Sunday is
    not over yet is marked not `ended`. A quarter seen after its last day is left whole.
    """
    running = as_of is not None and as_of <= quarter.last_day
    # A day's hours under its week's place in the quarter (the dashboard does this for every
    # team, a year review for every team and quarter): lists by place, not dicts by Monday.
    place = _week_places(quarter)
    days, longest = [0] * len(place), [None] * len(place)
    for day, hours in hours_by_date.items():
        i = place.get(day - _DAYS[day.weekday()])
        if i is None:  # a day outside the quarter's weeks
            continue
        days[i] += 1
        if longest[i] is None or hours > longest[i]:
            longest[i] = hours
    weeks = []
    for i, (start, end, year, week) in enumerate(_weeks_of(quarter)):
        if running and start > as_of:
            break
        weeks.append(
            WeekActivity(year, week, start, end, days[i], longest[i], not running or end < as_of)
        )
    return weeks
