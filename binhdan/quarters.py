"""Calendar quarters and report deadlines: pure code over plain dates (no database).

Quarters are calendar quarters (Q1 = January to March). A team's quarterly report is due on
the TEAM_REPORT_DUE_DAY (21st) of the quarter's last month, the commune's on the
COMMUNE_REPORT_DUE_DAY (26th); a submission on or before the due date is on time.

The portal's quarters are those of the plan: from the quarter it started in (FIRST_QUARTER,
October 2025) to the current one. `quarter_in_plan` is the one way a quarter typed in a URL
or a query string is read; `years_in_plan` likewise for the year of a review.
"""

import datetime
import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from binhdan.dates import PLAN_START

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PATTERN = re.compile(r"^\s*(\d{4})\s*-?\s*Q([1-4])\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __post_init__(self):
        if self.number not in ROMAN:
            raise ValueError(f"quarter number must be 1-4, not {self.number}")

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """Parse "2026Q4" (also "2026-Q4", "2026q4")."""
        match = _PATTERN.match(text or "")
        if not match:
            raise ValueError(f"not a quarter: {text!r} (expected e.g. 2026Q4)")
        return cls(int(match[1]), int(match[2]))

    @classmethod
    def containing(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    def __str__(self):
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        """As written in reports: "Quý IV/2026" (English: "Q4 2026")."""
        return _("Quarter %(roman)s/%(year)s") % {"roman": ROMAN[self.number], "year": self.year}

    @property
    def short_label(self) -> str:
        """As on a chart's axis: "Q4/2026"."""
        return f"Q{self.number}/{self.year}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.next().first_day - datetime.timedelta(days=1)

    @property
    def last_month(self) -> int:
        return 3 * self.number

    def next(self) -> "Quarter":
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> "Quarter":
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def __contains__(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day

    def iso_weeks(self) -> tuple[tuple[int, int], ...]:
        """The ISO weeks (year, week) that overlap the quarter, in order.

        A week spanning two quarters belongs to both (KPI K6 counts it in each).
        """
        return _iso_weeks(self)

    def week_ranges(self) -> tuple[tuple[datetime.date, datetime.date], ...]:
        """Monday-Sunday date ranges of `iso_weeks()` (computed once per quarter: the
        dashboard asks for them for every team)."""
        return _week_ranges(self)

    def team_report_due(self, due_day: int | None = None) -> datetime.date:
        return datetime.date(self.year, self.last_month, due_day or settings.TEAM_REPORT_DUE_DAY)

    def commune_report_due(self, due_day: int | None = None) -> datetime.date:
        day = due_day or settings.COMMUNE_REPORT_DUE_DAY
        return datetime.date(self.year, self.last_month, day)

    def quarters_of_year(self) -> list["Quarter"]:
        return [Quarter(self.year, n) for n in range(1, 5)]


#: The plan was issued in October 2025: nothing is counted before its first quarter.
FIRST_QUARTER = Quarter.containing(PLAN_START)
#: The plan runs "đến năm 2026": its year review (sơ kết) is for 2026.
LAST_PLAN_YEAR = 2026


def quarters_in_plan(today: datetime.date) -> list[Quarter]:
    """The plan's quarters from the current one back to the first (the quarter picker)."""
    quarter, quarters = Quarter.containing(today), []
    while quarter >= FIRST_QUARTER:
        quarters.append(quarter)
        quarter = quarter.previous()
    return quarters


def quarter_in_plan(text: str, today: datetime.date) -> Quarter:
    """The quarter `text` names ("2026Q4"), if it is one of the plan's quarters that has
    started; ValueError otherwise (a quarter of year 0 or 9999 has no dates to count)."""
    quarter = Quarter.parse(text)
    if not FIRST_QUARTER <= quarter <= Quarter.containing(today):
        raise ValueError(f"{quarter} is outside the plan ({FIRST_QUARTER} to now)")
    return quarter


def years_in_plan(today: datetime.date) -> list[int]:
    """The years with a review, newest first: from the plan's first to the plan's last or
    the current year, whichever is later."""
    return list(range(max(LAST_PLAN_YEAR, today.year), FIRST_QUARTER.year - 1, -1))


@functools.cache
def _week_ranges(quarter: Quarter) -> tuple[tuple[datetime.date, datetime.date], ...]:
    monday = quarter.first_day - datetime.timedelta(days=quarter.first_day.weekday())
    ranges = []
    while monday <= quarter.last_day:
        ranges.append((monday, monday + datetime.timedelta(days=6)))
        monday += datetime.timedelta(days=7)
    return tuple(ranges)


@functools.cache
def _iso_weeks(quarter: Quarter) -> tuple[tuple[int, int], ...]:
    return tuple(tuple(monday.isocalendar())[:2] for monday, _sunday in _week_ranges(quarter))


class DeadlineStatus(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"  # not submitted and the due date has passed
    PENDING = "pending"  # not submitted, due date still ahead (or today)


DEADLINE_LABELS = {
    DeadlineStatus.ON_TIME: pgettext_lazy("report deadline", "on time"),
    DeadlineStatus.LATE: pgettext_lazy("report deadline", "late"),
    DeadlineStatus.MISSING: pgettext_lazy("report deadline", "missing"),
    DeadlineStatus.PENDING: pgettext_lazy("report deadline", "not yet due"),
}


def deadline_status(
    due: datetime.date, submitted_on: datetime.date | None, today: datetime.date
) -> DeadlineStatus:
    """On or before the due date is on time; after it, late; nothing after it, missing."""
    if submitted_on is not None:
        return DeadlineStatus.ON_TIME if submitted_on <= due else DeadlineStatus.LATE
    return DeadlineStatus.PENDING if today <= due else DeadlineStatus.MISSING


def days_left(due: datetime.date, today: datetime.date) -> int:
    """Days from today to the due date (0 on the day, negative once past)."""
    return (due - today).days
