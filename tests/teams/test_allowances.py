"""The allowance schedule (teams/allowances.py): pure, one table row per rule shape.

Each row: the rules, the team's members, its activity days with who attended, and what the
schedule must say of each member (days attended, days paid, amount in đồng), of the team's
own amount and of the team's total. November 2026 has 30 days.
"""

import datetime

import pytest

from teams.allowances import (
    EXCLUDED_BUDGET,
    EXCLUDED_ROLE,
    DayIn,
    MemberIn,
    Rule,
    Schedule,
    TeamIn,
    compute_month,
    differences,
)

YEAR, MONTH = 2026, 11
TEAM = TeamIn(1, "Tổ CNSCĐ thôn Đông")
BEFORE = datetime.date(2025, 1, 1)


def nov(day):
    return datetime.date(YEAR, MONTH, day)


def member(pk, **kwargs):
    return MemberIn(id=pk, team_id=TEAM.id, name=f"Tổ viên {pk}", **kwargs)


def days(*dates_and_attendees):
    """(day of November, member ids who attended), ..."""
    return [DayIn(TEAM.id, nov(day), frozenset(ids)) for day, ids in dates_and_attendees]


HA_TINH = Rule(BEFORE, per_team_month=600_000)  # NQ 119/2023
BINH_DUONG = Rule(BEFORE, per_person_month=60_000, per_person_day=150_000)  # NQ 27/2023
DA_NANG = Rule(BEFORE, per_person_day=50_000, max_per_team_month=300_000)  # NQ 26/2025

CASES = [
    # id, rules, members, days, {member id: (attended, paid, total)}, team amount, team total
    (
        "per team-month (Hà Tĩnh)",
        [HA_TINH],
        [member(1), member(2)],
        days((3, {1, 2})),
        {1: (1, 1, 0), 2: (1, 1, 0)},
        600_000,
        600_000,
    ),
    (
        "per person-day",
        [Rule(BEFORE, per_person_day=150_000)],
        [member(1), member(2), member(3)],
        days((3, {1, 2}), (10, {1})),
        {1: (2, 2, 300_000), 2: (1, 1, 150_000), 3: (0, 0, 0)},
        0,
        450_000,
    ),
    (
        "per person-month, every active member",
        [Rule(BEFORE, per_person_month=60_000)],
        [member(1), member(2)],
        days((3, {1})),
        {1: (1, 1, 60_000), 2: (0, 0, 60_000)},
        0,
        120_000,
    ),
    (
        "per person-month, only with an attended day",
        [Rule(BEFORE, per_person_month=60_000, person_month_needs_a_day=True)],
        [member(1), member(2)],
        days((3, {1})),
        {1: (1, 1, 60_000), 2: (0, 0, 0)},
        0,
        60_000,
    ),
    (
        "per person-month plus per day (Bình Dương)",
        [BINH_DUONG],
        [member(1), member(2)],
        days((3, {1, 2}), (17, {1})),
        {1: (2, 2, 360_000), 2: (1, 1, 210_000)},
        0,
        570_000,
    ),
    (
        "cap on paid days per person",
        [Rule(BEFORE, per_person_day=100_000, max_days_per_person_month=2)],
        [member(1)],
        days((3, {1}), (10, {1}), (17, {1})),
        {1: (3, 2, 200_000)},
        0,
        200_000,
    ),
    (
        "cap on the amount per person",
        [Rule(BEFORE, per_person_day=100_000, max_per_person_month=250_000)],
        [member(1), member(2)],
        days((3, {1, 2}), (10, {1, 2}), (17, {1})),
        {1: (3, 3, 250_000), 2: (2, 2, 200_000)},
        0,
        450_000,
    ),
    (
        "cap per team, the day amounts included (Đà Nẵng)",
        [DA_NANG],
        [member(1), member(2), member(3)],
        # 7 person-days × 50,000 = 350,000, scaled to 300,000 in proportion (3:3:1)
        days((3, {1, 2, 3}), (10, {1, 2}), (17, {1, 2})),
        {1: (3, 3, 128_572), 2: (3, 3, 128_571), 3: (1, 1, 42_857)},
        0,
        300_000,
    ),
    (
        "cap per team under it: nothing scaled",
        [DA_NANG],
        [member(1), member(2)],
        days((3, {1, 2})),
        {1: (1, 1, 50_000), 2: (1, 1, 50_000)},
        0,
        100_000,
    ),
    (
        "cap per team with a team amount: every line scaled",
        [Rule(BEFORE, per_team_month=200_000, per_person_day=100_000, max_per_team_month=300_000)],
        [member(1), member(2)],
        days((3, {1, 2})),  # 200,000 + 100,000 + 100,000 = 400,000 → 300,000
        {1: (1, 1, 75_000), 2: (1, 1, 75_000)},
        150_000,
        300_000,
    ),
    (
        "exclusion: paid from the state budget",
        [BINH_DUONG],
        [member(1), member(2, paid_from_budget=True)],
        days((3, {1, 2})),
        {1: (1, 1, 210_000), 2: (1, 0, 0)},
        0,
        210_000,
    ),
    (
        "exclusion kept off by the rule",
        [Rule(BEFORE, per_person_day=150_000, exclude_budget_paid=False)],
        [member(1, paid_from_budget=True)],
        days((3, {1})),
        {1: (1, 1, 150_000)},
        0,
        150_000,
    ),
    (
        "exclusion by role",
        [Rule(BEFORE, per_person_month=60_000, excluded_roles=frozenset({"cong-an"}))],
        [member(1, role="truong-thon"), member(2, role="cong-an")],
        [],
        {1: (0, 0, 60_000), 2: (0, 0, 0)},
        0,
        60_000,
    ),
    (
        "a rule changing mid-month applies by day",
        [
            Rule(BEFORE, per_team_month=600_000, per_person_day=50_000),
            Rule(nov(11), per_team_month=900_000, per_person_day=100_000),
        ],
        [member(1)],
        # team: 600,000 × 10/30 + 900,000 × 20/30; days: 50,000 on the 5th, 100,000 on the 20th
        days((5, {1}), (20, {1})),
        {1: (2, 2, 150_000)},
        800_000,
        950_000,
    ),
    (
        "the first rule starting mid-month: nothing before it",
        [Rule(nov(16), per_person_month=60_000, per_person_day=100_000)],
        [member(1)],
        days((5, {1}), (20, {1})),
        {1: (2, 1, 130_000)},
        0,
        130_000,
    ),
    (
        "a member joining mid-month: the month amount for their days",
        [Rule(BEFORE, per_person_month=60_000, per_person_day=100_000)],
        [member(1), member(2, joined_on=nov(16))],
        days((5, {1, 2}), (20, {1, 2})),  # member 2 was not in the team on the 5th
        {1: (2, 2, 260_000), 2: (1, 1, 130_000)},
        0,
        390_000,
    ),
    (
        "a member leaving mid-month: until the day before they left",
        [Rule(BEFORE, per_person_month=60_000)],
        [member(1), member(2, left_on=nov(16)), member(3, left_on=nov(1))],
        [],
        {1: (0, 0, 60_000), 2: (0, 0, 30_000)},  # member 3 left before the month
        0,
        90_000,
    ),
    (
        "no rule at all: nothing to pay",
        [],
        [member(1)],
        days((5, {1})),
        {1: (1, 0, 0)},
        0,
        0,
    ),
]


@pytest.mark.parametrize(
    ("rules", "members", "activity", "expected", "team_amount", "team_total"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_allowance_schedule(rules, members, activity, expected, team_amount, team_total):
    schedule = compute_month(YEAR, MONTH, rules=rules, teams=[TEAM], members=members, days=activity)
    [team] = schedule.teams
    got = {
        line.member_id: (line.days_attended, line.days_paid, line.total) for line in team.members
    }
    assert got == expected
    assert team.team_amount == team_amount
    assert team.total == team_total == schedule.total


def test_excluded_member_says_why():
    rule = Rule(BEFORE, per_person_month=60_000, excluded_roles=frozenset({"cong-an"}))
    schedule = compute_month(
        YEAR,
        MONTH,
        rules=[rule],
        teams=[TEAM],
        members=[member(1, paid_from_budget=True), member(2, role="cong-an"), member(3)],
        days=[],
    )
    assert [line.excluded for line in schedule.teams[0].members] == [
        EXCLUDED_BUDGET,
        EXCLUDED_ROLE,
        "",
    ]


def test_days_of_other_teams_and_months_do_not_count():
    other = TeamIn(2, "Tổ CNSCĐ thôn Tây")
    schedule = compute_month(
        YEAR,
        MONTH,
        rules=[Rule(BEFORE, per_person_day=100_000)],
        teams=[TEAM, other],
        members=[member(1), MemberIn(2, other.id, "Tổ viên 2")],
        days=[
            DayIn(TEAM.id, nov(3), frozenset({1, 2})),  # 2 is not in this team
            DayIn(TEAM.id, datetime.date(2026, 10, 31), frozenset({1})),
            DayIn(other.id, nov(4), frozenset({2})),
        ],
    )
    first, second = schedule.teams
    assert (first.activity_days, first.total) == (1, 100_000)
    assert (second.activity_days, second.total) == (1, 100_000)
    assert schedule.total == 200_000


def test_schedule_survives_its_snapshot():
    schedule = compute_month(
        YEAR, MONTH, rules=[BINH_DUONG], teams=[TEAM], members=[member(1)], days=days((3, {1}))
    )
    again = Schedule.from_dict(schedule.to_dict())
    assert again == schedule
    assert again.total == 210_000
    assert again.only([99]).teams == []


def test_differences_name_each_changed_figure():
    rule = [Rule(BEFORE, per_person_day=100_000)]
    members = [member(1), member(2)]
    locked = compute_month(
        YEAR, MONTH, rules=rule, teams=[TEAM], members=members, days=days((3, {1, 2}))
    )
    now = compute_month(
        YEAR,
        MONTH,
        rules=rule,
        teams=[TEAM],
        members=[*members, member(3)],
        days=days((3, {1, 2, 3}), (10, {1})),
    )
    assert [(d.label, d.locked, d.now) for d in differences(locked, now)] == [
        ("Tổ CNSCĐ thôn Đông", 200_000, 400_000),
        ("Tổ viên 1 (Tổ CNSCĐ thôn Đông)", 100_000, 200_000),
        ("Tổ viên 3 (Tổ CNSCĐ thôn Đông)", 0, 100_000),
    ]
    assert differences(locked, locked) == []
