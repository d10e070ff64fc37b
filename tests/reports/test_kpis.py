"""The KPI arithmetic at its boundaries: pure, no database."""

import datetime
import json
from decimal import Decimal

from binhdan.quarters import Quarter
from reports.kpis import arithmetic
from reports.kpis.arithmetic import KpiValue, Status
from teams.composition import composition, weekly_activity

D = datetime.date


def test_an_empty_denominator_is_no_data_never_a_division_error_nor_100_percent():
    kpi = arithmetic.platform_adoption(0, 0)
    assert kpi.status == Status.NO_DATA and kpi.value is None and kpi.progress is None
    assert arithmetic.percent(0, 0) is None


def test_exactly_80_percent_adoption_meets_the_target_and_just_below_does_not():
    assert arithmetic.platform_adoption(4, 5).status == Status.MET
    assert arithmetic.platform_adoption(4, 5).value == 80.0
    assert arithmetic.platform_adoption(799, 1000).status == Status.NOT_MET
    assert arithmetic.platform_adoption(800, 1000).status == Status.MET


def test_a_ratio_that_rounds_to_100_percent_is_still_not_met():
    kpi = arithmetic.communication_reach(9999, 10000)
    assert kpi.value == 100.0 and kpi.status == Status.NOT_MET


def test_exactly_20_households_is_enough_for_a_member_and_19_is_reported():
    kpi = arithmetic.households_per_member(
        [{"member": "Trần Thị Lan", "households": 20}, {"member": "Lê Minh Đức", "households": 19}]
    )
    assert (kpi.value, kpi.status) == (50.0, Status.NOT_MET)
    assert kpi.details["members_below"] == [{"member": "Lê Minh Đức", "households": 19}]


def test_exactly_50_visits_meets_k5_and_49_does_not():
    assert arithmetic.visits_in_quarter(50).status == Status.MET
    assert arithmetic.visits_in_quarter(49).status == Status.NOT_MET
    assert arithmetic.visits_in_quarter(None).status == Status.NO_DATA
    assert arithmetic.visits_in_quarter(25).progress == 50


def test_a_day_of_exactly_4_hours_counts_for_the_week_and_3_5_does_not():
    q = Quarter(2026, 2)
    weeks = weekly_activity(q, {D(2026, 4, 1): Decimal("4.0"), D(2026, 4, 8): Decimal("3.5")})
    kpi = arithmetic.weekly_activity(weeks)
    assert kpi.details["numerator"] == 1 and kpi.details["denominator"] == len(q.iso_weeks())
    missed = kpi.details["weeks_missed"]
    assert missed[0] == {
        "week": "2026-W15",
        "start": "2026-04-06",
        "end": "2026-04-12",
        "days": 1,
        "longest_day": "3.5",
    }


def test_composition_names_the_missing_roles_and_the_missing_leader():
    team = composition(
        level="village",
        active_members=9,
        roles_present=["Trưởng thôn"],
        required_roles=["Bí thư Chi bộ", "Trưởng thôn"],
        has_leader=False,
    )
    kpi = arithmetic.team_composition(team, ["Bí thư Chi bộ", "Trưởng thôn"])
    assert (kpi.value, kpi.target, kpi.status) == (1, 3, Status.NOT_MET)
    assert kpi.details == {"missing_roles": ["Bí thư Chi bộ"], "has_leader": False}
    size = arithmetic.team_size(team)
    assert (size.value, size.target, size.status) == (9, 9, Status.MET)


def test_priority_reach_is_reported_without_a_target():
    kpi = arithmetic.priority_reach(
        visits_to_priority=3, priority_households=4, priority_never_reached=1, first_reached=2
    )
    assert kpi.status == Status.REPORTED and kpi.target is None and kpi.progress is None


def test_teams_meeting_counts_a_team_without_data_as_not_meeting():
    kpi = arithmetic.teams_meeting(
        "K5",
        [
            ("Tổ thôn Đông", arithmetic.visits_in_quarter(50)),
            ("Tổ thôn Đoài", arithmetic.visits_in_quarter(None)),
        ],
    )
    assert (kpi.value, kpi.status) == (50.0, Status.NOT_MET)
    assert kpi.details["teams"][1] == {"team": "Tổ thôn Đoài", "value": None, "status": "no_data"}


def test_a_kpi_value_survives_a_json_round_trip():
    kpi = arithmetic.ocop_listing(1, 2, ["Chè Tân Cương"])
    data = json.loads(json.dumps(kpi.to_dict()))
    assert data["status"] == "not_met"
    assert KpiValue.from_dict(data) == kpi
    assert str(KpiValue.from_dict(data).label) == str(arithmetic.LABELS["K9"])


def test_on_a_tuesday_the_week_without_a_4_hour_day_yet_is_not_missed():
    q = Quarter(2026, 4)
    every_monday = {monday: Decimal("4") for monday, _sunday in q.week_ranges()[:8]}
    tuesday = D(2026, 11, 24)  # week 48 began on Monday 23/11, nothing logged yet
    kpi = arithmetic.weekly_activity(weekly_activity(q, every_monday, as_of=tuesday))
    assert (kpi.details["numerator"], kpi.details["denominator"]) == (8, 8)
    assert kpi.status == Status.MET and kpi.details["weeks_missed"] == []


def test_on_a_tuesday_a_week_already_met_counts_as_met():
    q = Quarter(2026, 4)
    days = {D(2026, 11, 23): Decimal("4.5")}
    kpi = arithmetic.weekly_activity(weekly_activity(q, days, as_of=D(2026, 11, 24)))
    # Weeks 40-47 have ended without a day of 4 hours; week 48 is met already.
    assert (kpi.details["numerator"], kpi.details["denominator"]) == (1, 9)
    assert [w["week"] for w in kpi.details["weeks_missed"]][-1] == "2026-W47"


def test_a_quarter_seen_after_it_ended_counts_every_week():
    q = Quarter(2026, 3)
    days = {D(2026, 7, 1): Decimal("4")}
    kpi = arithmetic.weekly_activity(weekly_activity(q, days, as_of=D(2026, 11, 24)))
    assert (kpi.details["numerator"], kpi.details["denominator"]) == (1, len(q.iso_weeks()))


# --- a province: several communes together (issue 18) ---------------------------------------


def test_a_province_adds_the_communes_counts_and_counts_teams_as_n_of_n():
    from reports.kpis.arithmetic import Kpis, roll_up_all, slim, teams_meeting

    small = Kpis.of(
        [
            arithmetic.platform_adoption(1, 2),
            teams_meeting("K1", [("A", arithmetic.team_size(None))], active_members=3),
            arithmetic.priority_reach(
                visits_to_priority=4,
                priority_households=2,
                priority_never_reached=1,
                first_reached=1,
            ),
        ]
    )
    large = Kpis.of(
        [
            arithmetic.platform_adoption(9, 10),
            teams_meeting(
                "K1",
                [
                    ("B", KpiValue("K1", 9, 9, "members", Status.MET)),
                    ("C", KpiValue("K1", 10, 9, "members", Status.MET)),
                ],
                active_members=19,
            ),
            arithmetic.no_data("K10", None, arithmetic.Unit.VISITS),
        ]
    )
    province = roll_up_all([Kpis.of(slim(k) for k in c.values()) for c in (small, large)])
    # 10 of 12 households (83.3 %, met), not the mean of 50 % and 90 % (70 %)
    assert (province["K8"].value, province["K8"].status) == (83.3, Status.MET)
    assert province["K8"].details["not_adopted"] == 2
    k1 = province["K1"]
    assert (k1.details["numerator"], k1.details["denominator"], k1.details["teams"]) == (2, 3, 3)
    assert (k1.value, k1.details["active_members"]) == (66.7, 22)
    assert (province["K10"].value, province["K10"].status) == (4, Status.REPORTED)
    assert slim(small["K1"]).details["teams"] == 1  # its list of teams, as a count


def test_a_province_without_data_has_no_data_never_zero():
    from reports.kpis.arithmetic import Kpis, roll_up_all

    province = roll_up_all([Kpis.of([arithmetic.platform_adoption(0, 0)])])
    assert (province["K8"].value, province["K8"].status) == (None, Status.NO_DATA)
    assert roll_up_all([])["K10"].status == Status.NO_DATA
