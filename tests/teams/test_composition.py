"""The plan's team rules at their boundaries: pure, no database."""

import datetime
from decimal import Decimal

from binhdan.quarters import Quarter
from teams.composition import composition, weekly_activity

REQUIRED = ["Bí thư Chi bộ", "Trưởng thôn", "Y tế thôn"]


def test_village_team_of_exactly_nine_with_every_role_and_a_leader_is_complete():
    c = composition(
        level="village",
        active_members=9,
        roles_present=REQUIRED,
        required_roles=REQUIRED,
        has_leader=True,
        youth_union_members=3,
    )
    assert c.size_ok and c.roles_ok and c.complete and c.members_short == 0


def test_eight_members_and_a_missing_role_are_reported_by_name():
    c = composition(
        level="village",
        active_members=8,
        roles_present=["Trưởng thôn"],
        required_roles=REQUIRED,
        has_leader=True,
    )
    assert not c.size_ok and c.members_short == 1
    assert c.missing_roles == ("Bí thư Chi bộ", "Y tế thôn")


def test_commune_team_needs_fifteen_and_a_leader_but_no_village_roles():
    c = composition(
        level="commune",
        active_members=15,
        roles_present=[],
        required_roles=REQUIRED,
        has_leader=False,
    )
    assert c.size_ok and c.missing_roles == () and not c.complete


def test_week_is_met_by_a_day_of_exactly_four_hours_and_not_by_three_and_a_half():
    q = Quarter(2026, 2)
    weeks = weekly_activity(
        q,
        {
            datetime.date(2026, 4, 8): Decimal("4.0"),
            datetime.date(2026, 4, 14): Decimal("3.5"),
            datetime.date(2026, 4, 15): Decimal("2.0"),
        },
    )
    assert weeks[1].met and weeks[1].longest_day == Decimal("4.0")
    assert not weeks[2].met and weeks[2].days == 2
    assert not weeks[3].met and weeks[3].longest_day is None


def test_a_day_in_a_week_spanning_two_quarters_counts_for_both():
    day = {datetime.date(2026, 4, 2): Decimal("5")}  # Thursday of ISO week 14
    assert weekly_activity(Quarter(2026, 1), day)[-1].met
    assert weekly_activity(Quarter(2026, 2), day)[0].met


def test_weeks_still_to_come_are_not_counted_as_missed():
    q = Quarter(2026, 4)
    day = {datetime.date(2026, 10, 1): Decimal("4")}
    so_far = weekly_activity(q, day, as_of=datetime.date(2026, 10, 12))
    assert [w.week for w in so_far] == [40, 41, 42]  # week 42 started on 12/10
    assert len(weekly_activity(q, day)) == 14


def test_the_running_week_is_marked_not_ended_until_its_sunday_is_over():
    q = Quarter(2026, 4)
    tuesday = datetime.date(2026, 11, 24)  # week 48: Mon 23/11 - Sun 29/11
    weeks = weekly_activity(q, {}, as_of=tuesday)
    assert (weeks[-1].week, weeks[-1].ended, weeks[-1].counts) == (48, False, False)
    assert weeks[-2].ended and weeks[-2].counts
    on_sunday = weekly_activity(q, {}, as_of=datetime.date(2026, 11, 29))
    assert not on_sunday[-1].ended  # the team may still log a day on Sunday evening


def test_a_running_week_with_a_day_of_four_hours_already_counts_as_met():
    q = Quarter(2026, 4)
    monday = datetime.date(2026, 11, 23)
    weeks = weekly_activity(q, {monday: Decimal("4")}, as_of=datetime.date(2026, 11, 24))
    assert weeks[-1].met and weeks[-1].counts and not weeks[-1].ended


def test_a_quarter_seen_after_its_last_day_has_every_week_ended():
    q = Quarter(2026, 4)  # its last week runs Mon 28/12/2026 - Sun 03/01/2027
    weeks = weekly_activity(q, {}, as_of=datetime.date(2027, 1, 1))
    assert len(weeks) == len(q.iso_weeks()) == 14
    assert all(w.ended and w.counts for w in weeks)
