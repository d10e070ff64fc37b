"""The year review (sơ kết): the four quarters side by side, as a page and as Excel."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from reports.exports_awards import year_review_workbook
from reports.kpis import CODES
from reports.quarters import Quarter
from reports.queries import collect, compute_kpis
from reports.scopes import Scope
from reports.yearreview import review
from tests.factories import (
    ActivityDayFactory,
    HouseholdFactory,
    HouseholdPlatformFactory,
    MemberFactory,
    SupportVisitFactory,
    TeamFactory,
    VillageFactory,
)

D = datetime.date
YEAR_END = D(2026, 12, 31)


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
        assert [row["values"][index] for row in rows] == expected
        table = collect(scope, quarter).village_table()
        by_village = {r["village"].pk: r["kpis"][CODES.index("K8")] for r in table}
        for row in result.village_rows("K8"):
            assert row["values"][index] == by_village[row["village"].pk]


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


def test_the_excel_has_real_numbers_percent_formats_and_a_sheet_per_kpi(world):
    _data(world)
    workbook = year_review_workbook(review(Scope.whole_commune(world.commune), 2026, YEAR_END))
    workbook = load_workbook(io.BytesIO(_bytes(workbook)))
    summary = workbook.worksheets[0]
    assert workbook.sheetnames[1:] == list(CODES)
    rows = {row[0]: row for row in _sheet_rows(summary)}
    # K8 for the commune: 1, 2, 3 then 3 of village A's 3 households (village B has none)
    assert rows["K8"][3:7] == pytest.approx((1 / 3, 2 / 3, 1.0, 1.0))
    assert rows["K8"][2] == 0.8
    assert summary.cell(row=rows_index(summary, "K8"), column=4).number_format == "0.0%"
    # K10 is a count of visits (an integer, not a percentage)
    k10 = summary.cell(row=rows_index(summary, "K10"), column=4)
    assert isinstance(k10.value, int) and k10.number_format != "0.0%"
    assert rows["K10"][2] is None  # no target: an empty cell, not 0
    k5 = {row[1]: row for row in _sheet_rows(workbook["K5"])}
    assert k5["Thôn Đông"][2:6] == (1, 1, 1, 0)
    assert k5["Thôn Đoài"][2:6] == (None, None, None, None)  # no team: no data, not 0


def rows_index(sheet, code):
    return next(cell.row for cell in sheet["A"] if cell.value == code)


def _bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_excel_download_of_a_leader_is_their_village_only(world, client_for):
    _data(world)
    response = client_for("leader").get(reverse("reports:year_review_export"))
    assert response["Content-Disposition"].endswith('so-ket-2026-LM01.xlsx"')
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 1
    assert "Thôn Đông" in workbook.worksheets[0]["A1"].value


@pytest.mark.parametrize("name", ["reports:year_review", "reports:nomination_suggestions"])
def test_query_count_does_not_grow_with_the_data(world, client_for, name):
    client = client_for("office")
    _data(world, villages=1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name), {"nam": 2026}).status_code == 200
    _data(world, villages=3)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse(name), {"nam": 2026})
    assert len(small) == len(large) <= 60
