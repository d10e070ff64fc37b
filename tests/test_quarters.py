"""Quarter arithmetic and deadline states: pure, no database."""

import datetime

import pytest

from binhdan.quarters import (
    FIRST_QUARTER,
    DeadlineStatus,
    Quarter,
    days_left,
    deadline_status,
    quarter_in_plan,
    quarters_in_plan,
    years_in_plan,
)

D = datetime.date


def test_parse_and_bounds():
    q = Quarter.parse("2026Q4")
    assert (q.first_day, q.last_day) == (D(2026, 10, 1), D(2026, 12, 31))
    assert Quarter.parse("2024-q1").last_day == D(2024, 3, 31)
    assert str(q) == "2026Q4"


@pytest.mark.parametrize("text", ["2026Q5", "Q4", "", "2026 4"])
def test_parse_refuses_nonsense(text):
    with pytest.raises(ValueError):
        Quarter.parse(text)


def test_containing_next_previous():
    assert Quarter.containing(D(2026, 3, 31)) == Quarter(2026, 1)
    assert Quarter.containing(D(2026, 4, 1)) == Quarter(2026, 2)
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)


def test_iso_weeks_include_weeks_spanning_two_quarters():
    # 2026-03-30 (Mon) to 2026-04-05 (Sun) is ISO week 14: in Q1 and in Q2.
    q1, q2 = Quarter(2026, 1), Quarter(2026, 2)
    assert q1.iso_weeks()[-1] == (2026, 14)
    assert q2.iso_weeks()[0] == (2026, 14)
    # 2026-01-01 is a Thursday: ISO week 1 of 2026 starts on 2025-12-29.
    assert q1.iso_weeks()[0] == (2026, 1)
    assert len(q1.iso_weeks()) == 14
    assert q1.week_ranges()[0] == (D(2025, 12, 29), D(2026, 1, 4))


def test_due_dates_default_to_the_21st_and_26th(settings):
    q = Quarter(2026, 4)
    assert q.team_report_due() == D(2026, 12, 21)
    assert q.commune_report_due() == D(2026, 12, 26)
    settings.TEAM_REPORT_DUE_DAY = 20
    assert q.team_report_due() == D(2026, 12, 20)


@pytest.mark.parametrize(
    ("submitted", "today", "expected"),
    [
        (D(2026, 12, 21), D(2026, 12, 30), DeadlineStatus.ON_TIME),
        (D(2026, 12, 22), D(2026, 12, 30), DeadlineStatus.LATE),
        (None, D(2026, 12, 21), DeadlineStatus.PENDING),
        (None, D(2026, 12, 22), DeadlineStatus.MISSING),
    ],
)
def test_deadline_status_at_the_boundaries(submitted, today, expected):
    assert deadline_status(D(2026, 12, 21), submitted, today) == expected


def test_days_left():
    assert days_left(D(2026, 12, 21), D(2026, 11, 25)) == 26
    assert days_left(D(2026, 12, 21), D(2026, 12, 22)) == -1


# --- the plan's quarters and years: what a URL or a query string may name ------------------

NOV_30 = D(2026, 11, 30)


@pytest.mark.parametrize("text", ["2025Q4", "2026Q1", "2026Q4", "2026-q4"])
def test_a_quarter_of_the_plan_that_has_started_is_read(text):
    assert quarter_in_plan(text, NOV_30) == Quarter.parse(text)


@pytest.mark.parametrize(
    "text", ["2025Q3", "2027Q1", "2030Q1", "9999Q4", "0000Q1", "2025Q9", "Q4", "", "2026Q4x"]
)
def test_a_quarter_before_the_plan_not_started_or_nonsense_is_refused(text):
    with pytest.raises(ValueError):
        quarter_in_plan(text, NOV_30)


def test_the_picker_offers_the_plan_s_quarters_only_the_current_first():
    assert quarters_in_plan(NOV_30) == [
        Quarter(2026, 4),
        Quarter(2026, 3),
        Quarter(2026, 2),
        Quarter(2026, 1),
        Quarter(2025, 4),
    ]
    assert quarters_in_plan(D(2025, 10, 1)) == [FIRST_QUARTER] == [Quarter(2025, 4)]


def test_the_plan_s_years_run_to_its_last_year_or_the_current_one():
    assert years_in_plan(D(2025, 11, 1)) == [2026, 2025]
    assert years_in_plan(NOV_30) == [2026, 2025]
    assert years_in_plan(D(2027, 2, 1)) == [2027, 2026, 2025]
