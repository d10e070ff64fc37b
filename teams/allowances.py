"""Team allowances (chế độ hỗ trợ Tổ CNSCĐ): a month's schedule from the allowance rules, the
members and the activity days with their attendance. Pure: plain values in, plain values
out, no database (teams/allowance_queries.py reads the values, the page and the files show
the result, a locked month keeps `Schedule.to_dict()`).

What a rule (quy định chế độ hỗ trợ, as written in the province's resolution) may pay, each
part optional (0 = not paid), every amount an integer in đồng:
- `per_team_month`: to the team, each month (Hà Tĩnh NQ 119/2023: 600,000 đ);
- `per_person_day`: to each member, each activity day they attended (Đà Nẵng NQ 26/2025:
  50,000 đ; Bình Dương NQ 27/2023: 150,000 đ per mobilised day);
- `per_person_month`: to each member active in the month (Bình Dương: 60,000 đ), or only to
  those who attended at least one day that month (`person_month_needs_a_day`);
- caps: at most `max_days_per_person_month` paid days per member, `max_per_person_month`
  đồng per member, `max_per_team_month` đồng per team, all included (Đà Nẵng: 300,000 đ per
  team per month "including" the day amounts);
- exclusions: members paid from the state budget (cán bộ, công chức hưởng lương ngân sách,
  the member's flag) when `exclude_budget_paid`, and members of the roles in
  `excluded_roles`, as the rule of the member's last day in the month says. They stay on
  the schedule with nothing to pay and the reason.

How a month is counted, rule by rule:
- A rule holds from its `valid_from` until the next rule's; a rule that changes mid-month
  applies by day: a day's amount is the rule of that day's, and a month amount (team or
  person, and the money caps) is paid for each day of the month in proportion to the days
  the rule held (600,000 đ for the first 10 days of a 30-day month: 200,000 đ). Days
  before the first rule pay nothing.
- A member is counted for the days they belonged to the team (`joined_on` to the day before
  `left_on`): a member who joins on the 16th of a 30-day month gets half the month amount.
- Paid days: the attended days in date order, each paid while the member's paid days of
  the month are fewer than that day's rule's `max_days_per_person_month`.
- Each line is rounded to the đồng (half up) once; then the member's cap, then the team's
  cap, which scales every line of the team down in proportion (largest remainder), so that
  the lines add up to the cap exactly.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

#: Why a member gets nothing: the member's flag, or their role.
EXCLUDED_BUDGET = "budget"
EXCLUDED_ROLE = "role"


@dataclass(frozen=True)
class Rule:
    """An allowance rule as written in a resolution, valid from `valid_from`."""

    valid_from: datetime.date
    per_team_month: int = 0
    per_person_day: int = 0
    per_person_month: int = 0
    person_month_needs_a_day: bool = False
    max_days_per_person_month: int | None = None
    max_per_person_month: int | None = None
    max_per_team_month: int | None = None
    exclude_budget_paid: bool = True
    excluded_roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class TeamIn:
    id: int
    name: str


@dataclass(frozen=True)
class MemberIn:
    """A member as the schedule needs them: their dates, role (its code) and budget flag."""

    id: int
    team_id: int
    name: str
    role: str = ""
    joined_on: datetime.date | None = None
    left_on: datetime.date | None = None
    paid_from_budget: bool = False

    def active_on(self, day: datetime.date) -> bool:
        return (self.joined_on is None or self.joined_on <= day) and (
            self.left_on is None or day < self.left_on
        )


@dataclass(frozen=True)
class DayIn:
    """An activity day of a team and the ids of the members who attended it."""

    team_id: int
    date: datetime.date
    attendees: frozenset[int] = frozenset()


@dataclass
class MemberLine:
    member_id: int
    name: str
    days_attended: int = 0
    days_paid: int = 0
    day_amount: int = 0
    month_amount: int = 0
    total: int = 0
    excluded: str = ""  # EXCLUDED_BUDGET, EXCLUDED_ROLE or ""


@dataclass
class TeamSchedule:
    team_id: int
    name: str
    activity_days: int = 0
    team_amount: int = 0
    members: list[MemberLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.team_amount + sum(line.total for line in self.members)


@dataclass
class Schedule:
    """A month's allowances (bảng kê chế độ hỗ trợ tháng): per team and member."""

    year: int
    month: int
    teams: list[TeamSchedule] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(team.total for team in self.teams)

    def to_dict(self) -> dict:
        """What a locked month keeps (JSON)."""
        return {
            "year": self.year,
            "month": self.month,
            "teams": [
                {
                    "team_id": t.team_id,
                    "name": t.name,
                    "activity_days": t.activity_days,
                    "team_amount": t.team_amount,
                    "members": [vars(line).copy() for line in t.members],
                }
                for t in self.teams
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Schedule:
        return cls(
            year=data["year"],
            month=data["month"],
            teams=[
                TeamSchedule(
                    team_id=t["team_id"],
                    name=t["name"],
                    activity_days=t["activity_days"],
                    team_amount=t["team_amount"],
                    members=[MemberLine(**line) for line in t["members"]],
                )
                for t in data["teams"]
            ],
        )

    def only(self, team_ids: Iterable[int]) -> Schedule:
        """The schedule of some teams only (a village leader's own)."""
        keep = set(team_ids)
        return Schedule(self.year, self.month, [t for t in self.teams if t.team_id in keep])


def days_of_month(year: int, month: int) -> list[datetime.date]:
    last = calendar.monthrange(year, month)[1]
    return [datetime.date(year, month, day) for day in range(1, last + 1)]


def rule_on(rules: Sequence[Rule], day: datetime.date) -> Rule | None:
    """The rule in force on `day`: the latest one valid from that day or before."""
    found = None
    for rule in sorted(rules, key=lambda r: r.valid_from):
        if rule.valid_from <= day:
            found = rule
    return found


def round_half_up(value: Fraction) -> int:
    return int(value + Fraction(1, 2)) if value >= 0 else -round_half_up(-value)


def _month_share(rules_by_day, days_counted, amount_of) -> Fraction:
    """The part of a month amount (`amount_of(rule)`) for `days_counted` of the month."""
    month_days = len(rules_by_day)
    share = Fraction(0)
    for day, rule in rules_by_day.items():
        if rule is not None and day in days_counted:
            share += Fraction(amount_of(rule) or 0, month_days)
    return share


def _cap(rules_by_day, cap_of) -> int | None:
    """A money cap for the month, in proportion to the days each rule held; none when a day
    of the month has a rule without that cap (or no rule: nothing is paid on it anyway, its
    part of the cap is 0)."""
    ruled = [rule for rule in rules_by_day.values() if rule is not None]
    if not ruled or any(cap_of(rule) is None for rule in ruled):
        return None
    return int(_month_share(rules_by_day, set(rules_by_day), cap_of))  # rounded down


def _excluded(member: MemberIn, rule: Rule) -> str:
    if rule.exclude_budget_paid and member.paid_from_budget:
        return EXCLUDED_BUDGET
    if member.role and member.role in rule.excluded_roles:
        return EXCLUDED_ROLE
    return ""


def _scale_down(amounts: list[int], cap: int) -> list[int]:
    """`amounts` scaled so that they add up to `cap` (largest remainder, first line first
    on a tie)."""
    total = sum(amounts)
    shares = [Fraction(amount * cap, total) for amount in amounts]
    scaled = [int(share) for share in shares]
    left = cap - sum(scaled)
    order = sorted(range(len(amounts)), key=lambda i: (-(shares[i] - scaled[i]), i))
    for i in order[:left]:
        scaled[i] += 1
    return scaled


def compute_month(
    year: int,
    month: int,
    *,
    rules: Sequence[Rule],
    teams: Sequence[TeamIn],
    members: Sequence[MemberIn],
    days: Sequence[DayIn],
) -> Schedule:
    """The month's schedule for `teams` (in their order; members in theirs)."""
    rules_by_day = {day: rule_on(rules, day) for day in days_of_month(year, month)}
    in_month = [d for d in days if d.date in rules_by_day]
    schedule = Schedule(year, month)
    for team in teams:
        team_days = sorted((d for d in in_month if d.team_id == team.id), key=lambda d: d.date)
        line = TeamSchedule(team.id, team.name, activity_days=len(team_days))
        line.team_amount = round_half_up(
            _month_share(rules_by_day, set(rules_by_day), lambda r: r.per_team_month)
        )
        for member in (m for m in members if m.team_id == team.id):
            active_days = {day for day in rules_by_day if member.active_on(day)}
            if not active_days:
                continue
            line.members.append(_member_line(member, active_days, team_days, rules_by_day))
        cap = _cap(rules_by_day, lambda r: r.max_per_team_month)
        if cap is not None and line.total > cap:
            amounts = [line.team_amount] + [m.total for m in line.members]
            scaled = _scale_down(amounts, cap)
            line.team_amount = scaled[0]
            for member_line, amount in zip(line.members, scaled[1:], strict=True):
                member_line.total = amount
        schedule.teams.append(line)
    return schedule


def _member_line(member: MemberIn, active_days, team_days, rules_by_day) -> MemberLine:
    line = MemberLine(member.id, member.name)
    attended = [d.date for d in team_days if member.id in d.attendees and d.date in active_days]
    line.days_attended = len(attended)
    # The rule of the member's last day in the month says whether they are excluded.
    last_rule = rules_by_day[max(active_days)]
    if last_rule is not None:
        line.excluded = _excluded(member, last_rule)
    if line.excluded:
        return line
    day_amount = 0
    for day in attended:
        rule = rules_by_day[day]
        if rule is None:
            continue
        cap = rule.max_days_per_person_month
        if cap is not None and line.days_paid >= cap:
            continue
        line.days_paid += 1
        day_amount += rule.per_person_day
    line.day_amount = day_amount

    def month_amount(rule):
        if rule.person_month_needs_a_day and not attended:
            return 0
        return rule.per_person_month

    line.month_amount = round_half_up(_month_share(rules_by_day, active_days, month_amount))
    line.total = line.day_amount + line.month_amount
    cap = _cap(rules_by_day, lambda r: r.max_per_person_month)
    if cap is not None:
        line.total = min(line.total, cap)
    return line


@dataclass(frozen=True)
class Difference:
    """A figure of a locked month that the schedule computed now gives otherwise."""

    label: str
    locked: int
    now: int


def differences(locked: Schedule, now: Schedule) -> list[Difference]:
    """Each team total and member amount that differs between the locked schedule and the
    one computed now (a line on one side only counts as 0 on the other), in the locked
    schedule's order, then the new lines."""
    found = []

    def lines(schedule):
        result = {}
        for team in schedule.teams:
            result[("team", team.team_id)] = (team.name, team.total)
            for line in team.members:
                result[("member", team.team_id, line.member_id)] = (
                    f"{line.name} ({team.name})",
                    line.total,
                )
        return result

    before, after = lines(locked), lines(now)
    for key in [*before, *(k for k in after if k not in before)]:
        label, old = before.get(key, (None, 0))
        new_label, new = after.get(key, (label, 0))
        if old != new:
            found.append(Difference(label or new_label, old, new))
    return found
