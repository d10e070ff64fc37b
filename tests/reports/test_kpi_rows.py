"""The rows behind each KPI figure are as many as the figure says, code by code, for every
scope and for a closed and the running quarter (reports/kpis/rows.py against compute_kpis)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from binhdan.quarters import Quarter
from households.models import Household
from households.services import assign_households, delete_household
from reports.kpis import rows
from reports.kpis.arithmetic import CODES, KpiValue
from reports.kpis.queries import collect
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
    save_on,
)

pytestmark = pytest.mark.django_db

D = datetime.date
Q1 = Quarter(2026, 1)
Q2 = Quarter(2026, 2)


def figure_count(kpi: KpiValue) -> int:
    """What a figure's first part lists: its numerator (a ratio, or teams meeting it), else
    its value; K11 counts adults and lists households, those whose adults are all confirmed."""
    details = kpi.details or {}
    if kpi.code == "K11":
        return details.get("households_skilled", 0)
    if "numerator" in details:
        return details["numerator"]
    return kpi.value or 0


def full_team(village, size=9, *, leader=True):
    team = TeamFactory(village=village)
    required = list(MemberRole.objects.of(village.commune_id).filter(required_in_village_team=True))
    other = role_of(village.commune_id, "khac")
    members = [
        MemberFactory(
            team=team,
            role=required[i] if i < len(required) else other,
            is_leader=leader and i == 0,
            joined_on=D(2025, 10, 15),
        )
        for i in range(size)
    ]
    return team, members


def build_commune():
    """A commune with the edge cases the engine's rules are about: members who left or
    joined late, households handed over and deleted, visits and days on the quarters'
    boundaries, a broadcast, essential and other platforms, OCOP products of an inactive
    village, a village without a team."""
    commune = CommuneFactory(code="LIENMINH", name="Liên Minh")
    east = VillageFactory(commune=commune, code="LM01", name="Thôn Đông")
    west = VillageFactory(commune=commune, code="LM02", name="Thôn Đoài")
    VillageFactory(commune=commune, code="LM03", name="Thôn Nam")  # no team, no household
    closed = VillageFactory(commune=commune, code="LM09", name="Thôn Cũ", is_active=False)
    today = timezone.localdate()

    team, members = full_team(east)
    first, second, leaver = members[0], members[1], members[-1]
    leaver.left_on = D(2026, 2, 15)
    leaver.save()
    MemberFactory(team=team, joined_on=D(2026, 5, 1))  # not yet active in Q1
    TrainingSessionFactory(commune=commune, date=D(2026, 3, 31)).attendees.set(members[:4])
    TrainingSessionFactory(commune=commune, date=D(2026, 4, 1)).attendees.set(members[4:6])

    households = [
        HouseholdFactory(village=east, member_in_charge=first, recorded_on=D(2026, 1, 5))
        for _ in range(22)
    ]
    households += [
        HouseholdFactory(
            village=east, member_in_charge=second, recorded_on=D(2026, 1, 5), has_elderly=True
        )
        for _ in range(3)
    ]
    for moved in households[:3]:  # handed over in Q2: Q1 keeps the first member's 22
        moved.member_in_charge = second
        save_on(moved, D(2026, 5, 4))
    assign_households(Household.objects.filter(pk=households[3].pk), second, by=None)  # today
    HouseholdFactory(village=east, member_in_charge=first, has_no_device=True)  # entered today
    # K11: adults, all confirmed in Q1, all confirmed in Q2, one of two, none yet.
    for household, adults, skilled, seen_on in [
        (households[12], 2, 2, D(2026, 3, 31)),
        (households[13], 3, 3, D(2026, 4, 1)),
        (households[14], 2, 1, D(2026, 2, 1)),
        (households[15], 1, 0, None),
    ]:
        household.adults, household.adults_skilled, household.skills_seen_on = (
            adults,
            skilled,
            seen_on,
        )
        save_on(household, D(2026, 1, 6))
    delete_household(households[4], None)  # deleted after the quarters it counted in

    for day in (D(2025, 12, 31), D(2026, 1, 1), D(2026, 3, 31), D(2026, 4, 1)):
        SupportVisitFactory(member=first, household=households[20], date=day)
    SupportVisitFactory(member=leaver, household=households[22], date=D(2026, 2, 1))
    SupportVisitFactory(member=second, date=D(2026, 2, 2))  # a walk-in
    SupportVisitFactory(member=second, household=households[23], date=today)
    CommunicationActivityFactory(commune=commune, villages=[east], households=households[5:8])
    HouseholdPlatformFactory(household=households[9], first_recorded_on=D(2026, 3, 31))
    HouseholdPlatformFactory(household=households[10], first_recorded_on=D(2026, 4, 1))
    HouseholdPlatformFactory(
        household=households[11], platform=platform_of(commune.pk, "shopee")
    )  # not essential
    for monday, _sunday in Q1.week_ranges()[:5]:
        ActivityDayFactory(team=team, date=monday, hours=Decimal("4.0"))
    ActivityDayFactory(team=team, date=D(2026, 3, 3), hours=Decimal("3.5"))
    ActivityDayFactory(team=team, date=today, hours=Decimal("4.0"))

    west_team, (west_member, *_rest) = full_team(west, size=3, leader=False)
    west_households = HouseholdFactory.create_batch(4, village=west, has_no_device=True)
    CommunicationActivityFactory(
        commune=commune, villages=[west], reaches_all_households=True, date=D(2026, 2, 1)
    )
    SupportVisitFactory(member=west_member, household=households[21], date=D(2026, 3, 1))
    SupportVisitFactory(member=west_member, household=west_households[0], date=D(2026, 1, 9))
    ActivityDayFactory(team=west_team, date=D(2026, 1, 6), hours=Decimal("5.0"))

    commune_team = TeamFactory(commune=commune, level=TeamLevel.COMMUNE, village=None)
    officer = MemberFactory(team=commune_team, is_leader=True, joined_on=D(2025, 10, 1))
    SupportVisitFactory(member=officer, household=west_households[1], date=D(2026, 3, 30))
    HouseholdFactory.create_batch(20, village=east, member_in_charge=officer)

    HouseholdFactory.create_batch(2, village=closed)  # an inactive village counts nowhere
    OcopProductFactory(commune=commune, village=east, listed_on=["shopee"])
    OcopProductFactory(commune=commune, village=east, name="Miến dong")
    OcopProductFactory(commune=commune, listed_on=["voso"])  # the commune's own
    OcopProductFactory(commune=commune, village=closed, listed_on=["shopee"])
    return commune, [east, west]


def scopes(commune, villages):
    return [
        Scope.whole_commune(commune),
        Scope.commune_team(commune),
        *(Scope.of_village(v) for v in villages),
    ]


def quarters():
    running = Quarter.containing(timezone.localdate())
    return [Q1, Q2, running]


def mismatches(kpi: KpiValue, parts: dict[str, int]) -> list[str]:
    """How the rows' counts disagree with the figure (none when they agree)."""
    found = []
    details = kpi.details or {}
    if kpi.value is None:
        return found  # no data: nothing to count against
    if kpi.code == "K11":  # counts adults; its rows are households
        expected = (details["households_skilled"], details["households_with_adults"])
        if (parts["numerator"], parts["numerator"] + parts["rest"]) != expected:
            found.append(f"{parts} rows, details {details}")
        return found
    if parts["numerator"] != figure_count(kpi):
        found.append(f"{parts['numerator']} rows, figure {figure_count(kpi)}")
    ratio = "denominator" in details and kpi.code != "K2"  # K2's are roles of a catalogue
    if ratio and parts["numerator"] + parts.get("rest", 0) != details["denominator"]:
        found.append(f"{parts} rows, of {details['denominator']}")
    if kpi.code == "K10":
        expected = (details["priority_never_reached"], details["households_first_reached"])
        if (parts["never_reached"], parts["first_reached"]) != expected:
            found.append(f"{parts} rows, details {details}")
    if kpi.code == "K2" and "teams" not in details and parts["rest"] != kpi.target - kpi.value:
        found.append(f"{parts['rest']} roles missing of {kpi.target}")
    return found


def test_every_figures_rows_are_as_many_as_the_figure_says():
    commune, villages = build_commune()
    wrong, seen = [], set()
    for quarter in quarters():
        for scope in scopes(commune, villages):
            figures = collect(scope, quarter)
            kpis = figures.kpis()
            for code in CODES:
                parts = {part.key: part.count for part in rows.live_parts(figures, code)}
                wrong += [
                    f"{quarter} {scope.label} {code}: {m}" for m in mismatches(kpis[code], parts)
                ]
                seen |= {(code, key) for key, n in parts.items() if n}
    assert wrong == []
    # The data exercises every part of every KPI at least once.
    assert set(rows.KINDS) - seen == set()


def test_a_members_households_on_the_quarters_last_day_are_as_many_as_k4_counted():
    """K4 is summed from the tallies; the households behind it, row by row from the change
    history, are as many, member by member (the member's page lists them)."""
    commune, villages = build_commune()
    for quarter in quarters():
        figures = collect(Scope.whole_commune(commune), quarter)
        for team in figures.teams:
            for member in team.members:
                listed = Household.as_at_end_of(quarter.last_day).filter(
                    member_in_charge_id=member["id"]
                )
                assert listed.count() == member["households_in_charge"], (quarter, member)


def test_visits_of_one_member_keep_the_teams_filters():
    commune, (east, _west) = build_commune()
    figures = collect(Scope.of_village(east), Q1)
    member = next(m for m in figures.team_of(east.pk).members if m["is_leader"])
    (visits,) = rows.live_parts(figures, "K5", member_id=member["id"])
    assert visits.count == 2  # 01/01 and 31/03, not 31/12 nor 01/04
    assert {v.date for v in visits.rows} == {D(2026, 1, 1), D(2026, 3, 31)}
