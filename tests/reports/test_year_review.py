"""The year review (sơ kết): the four quarters side by side, as a page and as Excel."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from binhdan.quarters import Quarter
from households.services import save_visit
from reports.awards.yearreview import review
from reports.kpis.queries import collect, compute_kpis, scope_visits
from reports.kpis.scopes import Scope
from tests.factories import (
    ActivityDayFactory,
    HouseholdFactory,
    HouseholdPlatformFactory,
    MemberFactory,
    SupportVisitFactory,
    TeamFactory,
    VillageFactory,
    village_team,
)

D = datetime.date
YEAR_END = D(2026, 12, 31)


def village_table_of(scope, quarter):
    return collect(scope, quarter).village_table()


def _data(world, villages=0):
    """Visits and platforms spread over the year in village A (and `villages` more)."""
    for n in range(villages + 1):
        village = world.village_a if n == 0 else VillageFactory(commune=world.commune)
        team = getattr(village, "team", None) or TeamFactory(village=village)
        member = MemberFactory(team=team)
        households = HouseholdFactory.create_batch(3, village=village, member_in_charge=member)
        for month, household in zip((2, 5, 8), households, strict=True):
            SupportVisitFactory(member=member, household=household, date=D(2026, month, 3))
            HouseholdPlatformFactory(household=household, first_recorded_on=D(2026, month, 4))
        ActivityDayFactory(team=team, date=D(2026, 5, 5 + villages))


def test_each_quarter_of_the_review_equals_the_engine_for_that_quarter(world):
    _data(world)
    scope = Scope.whole_commune(world.commune)
    result = review(scope, 2026, YEAR_END)
    rows = result.kpi_rows()
    for index, quarter in enumerate(Quarter(2026, 1).quarters_of_year()):
        expected = compute_kpis(scope, quarter)
        assert [row["values"][index] for row in rows] == list(expected.values())
        table = collect(scope, quarter).village_table()
        by_village = {r["village"].pk: r["kpis"]["K8"] for r in table}
        for row in result.village_rows("K8"):
            assert row["values"][index] == by_village[row["village"].pk]


@pytest.mark.parametrize("code", ["K1", "K3", "K4", "K5", "K6", "K7", "K9", "K10"])
def test_the_villages_table_holds_each_kpi_as_the_engine_counts_it(world, code):
    """The villages table computes one KPI per village and quarter: the same value as the
    village's whole K1-K10."""
    _data(world, villages=1)
    scope = Scope.whole_commune(world.commune)
    result = review(scope, 2026, YEAR_END)
    for index, quarter in enumerate(Quarter(2026, 1).quarters_of_year()):
        by_village = {r["village"].pk: r["kpis"][code] for r in village_table_of(scope, quarter)}
        for row in result.village_rows(code):
            assert row["values"][index] == by_village[row["village"].pk]


def test_visits_and_people_helped_by_quarter_are_those_of_the_visits(world):
    """Read from the teams' tallies (people_helped), they equal what the visits say, in
    the commune and in a village; a visit edited moves them."""
    _data(world)
    member_b = MemberFactory(team=village_team(world.village_b))
    other = SupportVisitFactory(member=member_b, date=D(2026, 8, 9), people_helped=4)
    SupportVisitFactory(member=MemberFactory(team=world.village_a.team), date=D(2026, 8, 10))

    def by_quarter(scope):
        columns = review(scope, 2026, YEAR_END).content["quarters"]
        return [(c["visits"], c["people"]) for c in columns]

    def counted(visits):
        return [
            (
                visits.filter(date__range=(q.first_day, q.last_day)).count(),
                sum(v.people_helped for v in visits.filter(date__range=(q.first_day, q.last_day))),
            )
            for q in Quarter(2026, 1).quarters_of_year()
        ]

    commune = Scope.whole_commune(world.commune)
    village = Scope.of_village(world.village_a)
    assert by_quarter(commune) == counted(scope_visits(commune))
    assert by_quarter(village) == counted(scope_visits(village))
    assert by_quarter(commune)[2][1] == 6  # the third quarter: 1 + 4 + 1
    other.people_helped = 1
    save_visit(other, None)
    assert by_quarter(commune)[2][1] == 3
    assert by_quarter(commune) == counted(scope_visits(commune))


def test_adoption_grows_quarter_by_quarter_in_the_village(world):
    _data(world)
    rows = review(Scope.of_village(world.village_a), 2026, YEAR_END).kpi_rows()
    adoption = next(r for r in rows if r["code"] == "K8")
    assert [kpi.details["numerator"] for kpi in adoption["values"]] == [1, 2, 3, 3]
    visits = next(r for r in rows if r["code"] == "K5")
    assert [kpi.value for kpi in visits["values"]] == [1, 1, 1, 0]


def test_quarters_not_started_are_shown_as_not_started_not_as_zero(world, client_for):
    _data(world)
    result = review(Scope.of_village(world.village_a), 2026, D(2026, 5, 1))
    assert [q.number for q in result.figures] == [1, 2]
    assert all(row["values"][2:] == [None, None] for row in result.kpi_rows())


def test_the_page_shows_the_four_quarters_and_the_villages_table(world, client_for):
    _data(world)
    page = client_for("office").get(reverse("reports:year_review"), {"nam": 2026, "chi-so": "K5"})
    text = page.content.decode()
    assert page.status_code == 200
    for roman in ("I", "II", "III", "IV"):
        assert f"Quý {roman}/2026" in text
    assert 'data-testid="village-quarters"' in text and "Thôn Đoài" in text
    assert "<svg" in text


def test_a_leader_sees_their_own_village_and_not_another(world, client_for):
    client = client_for("leader")
    page = client.get(reverse("reports:year_review"))
    assert "Thôn Đông" in page.content.decode()
    assert 'data-testid="village-quarters"' not in page.content.decode()
    other = client.get(reverse("reports:year_review"), {"thon": world.village_b.pk})
    assert other.status_code == 404


def _sheet_rows(sheet):
    return list(sheet.iter_rows(min_row=3, values_only=True))


@pytest.mark.parametrize("name", ["reports:year_review", "reports:nomination_suggestions"])
def test_query_count_does_not_grow_with_the_data(world, client_for, name):
    client = client_for("office")
    _data(world, villages=1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name), {"nam": 2026}).status_code == 200
    _data(world, villages=3)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse(name), {"nam": 2026})
    # The four quarters come from one collection (reports.kpis.queries.collect_quarters);
    # every page also counts the user's unread notifications (one query).
    assert len(small) == len(large) <= 21
