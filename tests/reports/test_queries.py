"""K1-K10 counted by the database against small hand-counted fixtures (quarter 2026Q1)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from binhdan.quarters import Quarter
from reports.kpis.arithmetic import Status
from reports.kpis.queries import collect, collect_quarters, compute_kpis, village_table
from reports.kpis.scopes import Scope
from teams.models import MemberRole, TeamLevel
from tests.factories import (
    ActivityDayFactory,
    CommuneFactory,
    CommunicationActivityFactory,
    HouseholdFactory,
    HouseholdPlatformFactory,
    MemberFactory,
    OcopProductFactory,
    SupportVisitFactory,
    TeamFactory,
    TrainingSessionFactory,
    VillageFactory,
    platform_of,
    role_of,
)

pytestmark = pytest.mark.django_db

D = datetime.date
Q1 = Quarter(2026, 1)  # 1 Jan - 31 Mar 2026; its first ISO week starts on Mon 29 Dec 2025


def kpi(scope, code, quarter=Q1):
    return compute_kpis(scope, quarter)[code]


def full_team(village, size=9):
    """A village team with every required role, a leader, and `size` active members."""
    team = TeamFactory(village=village)
    required = list(MemberRole.objects.of(village.commune_id).filter(required_in_village_team=True))
    other = role_of(village.commune_id, "khac")
    members = [
        MemberFactory(team=team, role=required[i] if i < len(required) else other, is_leader=i == 0)
        for i in range(size)
    ]
    return team, members


@pytest.fixture
def village():
    return VillageFactory(commune=CommuneFactory(code="LIENMINH"), code="LM01", name="Thôn Đông")


def test_the_empty_commune_has_no_data(village):
    empty = CommuneFactory(code="TRONG")
    figures = compute_kpis(Scope.whole_commune(empty), Q1)
    assert list(figures) == [f"K{n}" for n in range(1, 12)]
    assert [k.status for k in figures.values()] == [Status.NO_DATA] * 11
    assert all(k.value is None for k in figures.values())


def test_a_village_without_a_team_or_households_has_no_data(village):
    assert {k.status for k in compute_kpis(Scope.of_village(village), Q1).values()} == {
        Status.NO_DATA
    }


def test_team_of_nine_with_every_role_and_a_leader_meets_k1_and_k2(village):
    full_team(village)
    scope = Scope.of_village(village)
    assert (kpi(scope, "K1").value, kpi(scope, "K1").status) == (9, Status.MET)
    k2 = kpi(scope, "K2")
    assert (k2.value, k2.target, k2.status) == (7, 7, Status.MET)


def test_a_member_who_left_mid_quarter_no_longer_counts_but_their_visits_do(village):
    team, members = full_team(village)
    leaver = members[-1]
    leaver.left_on = D(2026, 2, 15)
    leaver.save()
    SupportVisitFactory(member=leaver, date=D(2026, 2, 1))
    scope = Scope.of_village(village)
    assert (kpi(scope, "K1").value, kpi(scope, "K1").status) == (8, Status.NOT_MET)
    assert kpi(scope, "K1").details["members_short"] == 1
    assert kpi(scope, "K5").value == 1
    # ...and in the previous quarter, when they were still there, the team was complete.
    assert kpi(scope, "K1", Q1.previous()).value == 9


def test_a_missing_required_role_is_reported_by_name(village):
    team, members = full_team(village)
    members[2].role = role_of(village.commune_id, "khac")
    members[2].save()
    k2 = kpi(Scope.of_village(village), "K2")
    assert k2.status == Status.NOT_MET
    assert k2.details["missing_roles"] == [
        MemberRole.objects.of(village.commune_id).get(sort_order=30).name
    ]


def test_training_counts_sessions_up_to_the_quarter_end_for_active_members(village):
    team, members = full_team(village, size=3)
    TrainingSessionFactory(commune=village.commune, date=D(2025, 11, 5)).attendees.set(members[:1])
    TrainingSessionFactory(commune=village.commune, date=D(2026, 3, 31)).attendees.set(members[1:2])
    TrainingSessionFactory(commune=village.commune, date=D(2026, 4, 1)).attendees.set(members)
    k3 = kpi(Scope.of_village(village), "K3")
    assert (k3.value, k3.status) == (66.7, Status.NOT_MET)
    assert [m["member"] for m in k3.details["untrained"]] == [members[2].full_name]
    assert kpi(Scope.of_village(village), "K3", Q1.next()).status == Status.MET


def test_exactly_20_households_per_member_meets_k4_and_19_is_listed(village):
    team, (first, second) = full_team(village, size=2)
    in_q1 = D(2026, 1, 5)
    HouseholdFactory.create_batch(20, village=village, member_in_charge=first, recorded_on=in_q1)
    HouseholdFactory.create_batch(19, village=village, member_in_charge=second, recorded_on=in_q1)
    k4 = kpi(Scope.of_village(village), "K4")
    assert (k4.value, k4.status) == (50.0, Status.NOT_MET)
    assert k4.details["members_below"] == [
        {"member_id": second.pk, "member": second.full_name, "team": team.name, "households": 19}
    ]


def test_exactly_50_visits_in_the_quarter_meet_k5_and_visits_outside_do_not_count(village):
    team, members = full_team(village, size=1)
    SupportVisitFactory.create_batch(49, member=members[0], date=D(2026, 1, 1))
    SupportVisitFactory(member=members[0], date=D(2026, 3, 31))
    SupportVisitFactory(member=members[0], date=D(2025, 12, 31))
    SupportVisitFactory(member=members[0], date=D(2026, 4, 1))
    k5 = kpi(Scope.of_village(village), "K5")
    assert (k5.value, k5.target, k5.status) == (50, 50, Status.MET)
    assert kpi(Scope.of_village(village), "K5", Q1.next()).status == Status.NOT_MET


def test_weekly_activity_counts_a_week_spanning_two_quarters_and_4_hours_exactly(village):
    team, _members = full_team(village, size=1)
    weeks = Q1.week_ranges()
    assert len(weeks) == 14 and weeks[0][0] == D(2025, 12, 29)
    ActivityDayFactory(team=team, date=D(2025, 12, 30), hours=Decimal("4.0"))  # in 2025Q4
    for monday, _sunday in weeks[1:-1]:
        ActivityDayFactory(team=team, date=monday, hours=Decimal("4.0"))
    ActivityDayFactory(team=team, date=D(2026, 3, 31), hours=Decimal("3.5"))
    k6 = kpi(Scope.of_village(village), "K6")
    assert (k6.details["numerator"], k6.details["denominator"]) == (13, 14)
    assert k6.status == Status.NOT_MET
    assert [w["week"] for w in k6.details["weeks_missed"]] == ["2026-W14"]
    # The same 30 Dec day also counts for the last week of 2025Q4.
    k6_q4 = kpi(Scope.of_village(village), "K6", Q1.previous())
    assert "2026-W01" not in [w["week"] for w in k6_q4.details["weeks_missed"]]


def test_reach_counts_visits_and_communication_up_to_the_quarter_end(village):
    visited, told, later, never = HouseholdFactory.create_batch(4, village=village)
    SupportVisitFactory(
        member=MemberFactory(team=TeamFactory(village=village)),
        household=visited,
        date=D(2025, 11, 1),
    )
    CommunicationActivityFactory(commune=village.commune, villages=[village], households=[told])
    SupportVisitFactory(
        member=MemberFactory(team=village.team), household=later, date=D(2026, 4, 2)
    )
    k7 = kpi(Scope.of_village(village), "K7")
    assert (k7.details["numerator"], k7.details["denominator"], k7.value) == (2, 4, 50.0)
    assert k7.details["never_reached"] == 2


def test_a_broadcast_to_every_household_of_a_village_reaches_them_all(village):
    HouseholdFactory.create_batch(3, village=village)
    CommunicationActivityFactory(
        commune=village.commune, villages=[village], reaches_all_households=True
    )
    assert kpi(Scope.of_village(village), "K7").status == Status.MET
    assert kpi(Scope.of_village(village), "K7", Q1.previous()).value == 0.0


def test_adoption_counts_essential_platforms_recorded_by_the_quarter_end(village):
    households = HouseholdFactory.create_batch(5, village=village)
    for household in households[:4]:
        HouseholdPlatformFactory(household=household, first_recorded_on=D(2026, 3, 31))
    HouseholdPlatformFactory(
        household=households[4], platform=platform_of(village.commune_id, "shopee")
    )
    HouseholdPlatformFactory(household=households[4], first_recorded_on=D(2026, 4, 1))
    k8 = kpi(Scope.of_village(village), "K8")
    assert (k8.value, k8.target, k8.status) == (80.0, 80, Status.MET)
    assert kpi(Scope.of_village(village), "K8", Q1.previous()).value == 0.0


def test_ocop_counts_products_listed_on_an_e_commerce_platform(village):
    OcopProductFactory(commune=village.commune, village=village, listed_on=["shopee"])
    OcopProductFactory(commune=village.commune, village=village, name="Miến dong")
    OcopProductFactory(commune=village.commune, listed_on=["voso"])  # the commune's own
    k9 = kpi(Scope.of_village(village), "K9")
    assert (k9.value, k9.status, k9.details["unlisted"]) == (50.0, Status.NOT_MET, ["Miến dong"])
    whole = kpi(Scope.whole_commune(village.commune), "K9")
    assert (whole.details["numerator"], whole.details["denominator"]) == (2, 3)


def test_priority_reach_reports_visits_to_elderly_or_deviceless_households(village):
    team, (member,) = full_team(village, size=1)
    elderly = HouseholdFactory(village=village, has_elderly=True)
    no_device = HouseholdFactory(village=village, has_no_device=True)
    ordinary = HouseholdFactory(village=village)
    SupportVisitFactory(member=member, household=elderly, date=D(2025, 12, 1))
    SupportVisitFactory(member=member, household=elderly, date=D(2026, 2, 1))
    SupportVisitFactory(member=member, household=ordinary, date=D(2026, 2, 1))
    k10 = kpi(Scope.of_village(village), "K10")
    assert (k10.value, k10.status) == (1, Status.REPORTED)
    assert k10.details == {
        "priority_households": 2,
        "priority_never_reached": 1,  # no_device
        "households_first_reached": 1,  # ordinary; elderly was reached in 2025Q4
    }
    assert no_device.pk


def test_the_whole_commune_counts_teams_meeting_their_targets(village):
    commune = village.commune
    full_team(village)
    other = VillageFactory(commune=commune, code="LM02")
    TeamFactory(village=other)
    TeamFactory(commune=commune, level=TeamLevel.COMMUNE, village=None)
    VillageFactory(commune=commune, code="LM03")  # no team yet
    k1 = kpi(Scope.whole_commune(commune), "K1")
    assert (k1.details["numerator"], k1.details["denominator"]) == (1, 4)
    assert k1.details["active_members"] == 9
    commune_team = kpi(Scope.commune_team(commune), "K1")
    assert (commune_team.value, commune_team.target) == (0, 15)


def test_the_village_table_matches_each_village_scope(village):
    full_team(village)
    other = VillageFactory(commune=village.commune, code="LM02")
    HouseholdFactory(village=other)
    rows = village_table(village.commune, Q1)
    assert [row["village"].code for row in rows] == ["LM01", "LM02"]
    for row in rows:
        assert row["kpis"] == compute_kpis(Scope.of_village(row["village"]), Q1)


def _populate(commune, villages):
    for n in range(villages):
        village = VillageFactory(commune=commune)
        team, members = full_team(village, size=3)
        households = HouseholdFactory.create_batch(3, village=village, member_in_charge=members[0])
        for household in households:
            SupportVisitFactory(member=members[1], household=household, date=D(2026, 2, n + 1))
            HouseholdPlatformFactory(household=household)
        ActivityDayFactory(team=team, date=D(2026, 1, 5))
        OcopProductFactory(commune=commune, village=village, listed_on=["shopee"])


def test_the_number_of_queries_does_not_grow_with_the_data(village):
    commune = village.commune
    _populate(commune, 1)
    with CaptureQueriesContext(connection) as small:
        collect(Scope.whole_commune(commune), Q1).village_table()
    _populate(commune, 3)
    with CaptureQueriesContext(connection) as large:
        collect(Scope.whole_commune(commune), Q1).village_table()
    assert len(small) == len(large) <= 12


def test_the_trend_counts_visits_per_quarter_and_adoption_at_each_quarter_end(village):
    from reports.kpis.queries import trend

    team, (member,) = full_team(village, size=1)
    first, second = HouseholdFactory.create_batch(2, village=village)
    SupportVisitFactory(member=member, date=D(2025, 12, 31))
    SupportVisitFactory.create_batch(2, member=member, date=D(2026, 1, 1))
    HouseholdPlatformFactory(household=first, first_recorded_on=D(2025, 11, 1))
    HouseholdPlatformFactory(
        household=first,
        platform=platform_of(first.village.commune_id, "dich-vu-cong"),
        first_recorded_on=D(2026, 2, 1),
    )
    HouseholdPlatformFactory(household=second, first_recorded_on=D(2026, 4, 1))
    points = trend(Scope.of_village(village), [Q1.previous(), Q1, Q1.next()])
    assert [(p["visits"], p["adoption"]) for p in points] == [(1, 50.0), (2, 50.0), (0, 100.0)]


def test_several_quarters_collected_at_once_equal_one_collection_per_quarter(village):
    """The year review collects four quarters in one pass (collect_quarters): each of them
    equals its own collection, at the edges that differ between quarters: a member joining
    and one leaving, a training, households taken in charge, a week spanning two quarters."""
    team, members = full_team(village, size=3)
    joiner = MemberFactory(team=team, joined_on=D(2026, 5, 2))
    members[1].left_on = D(2026, 8, 10)
    members[1].save()
    TrainingSessionFactory(commune=village.commune, date=D(2026, 4, 1)).attendees.set(
        [members[0], joiner]
    )
    HouseholdFactory.create_batch(2, village=village, member_in_charge=members[0])
    ActivityDayFactory(team=team, date=D(2026, 3, 31), hours=Decimal("4.0"))  # W14 of Q1 and Q2
    ActivityDayFactory(team=team, date=D(2026, 7, 7), hours=Decimal("5.0"))
    SupportVisitFactory(member=joiner, date=D(2026, 6, 1))
    SupportVisitFactory(member=members[0], date=D(2026, 10, 3))
    OcopProductFactory(village=village)
    quarters = Quarter(2026, 1).quarters_of_year()
    for scope in (Scope.of_village(village), Scope.whole_commune(village.commune)):
        together = collect_quarters(scope, quarters)
        for quarter in quarters:
            alone = collect(scope, quarter)
            assert together[quarter].teams == alone.teams
            assert together[quarter].areas == alone.areas
            assert together[quarter].kpis() == alone.kpis()
    members_by_quarter = [
        sorted(m["full_name"] for m in together[q].team_of(village.pk).members) for q in quarters
    ]
    assert [len(names) for names in members_by_quarter] == [3, 4, 3, 3]
