"""The rows pages: every figure of the dashboard, the drill-downs and the member page opens the
rows behind it, as many as the figure says; they page, export to Excel and cost a fixed
number of queries."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from binhdan.models import DataAccessLog
from binhdan.quarters import Quarter
from reports.kpis.arithmetic import CODES
from reports.kpis.queries import compute_kpis
from reports.kpis.scopes import Scope
from teams.models import Role, TeamLevel
from tests.factories import (
    HouseholdFactory,
    MemberFactory,
    SupportVisitFactory,
    TeamFactory,
    UserFactory,
    village_team,
)
from tests.reports.test_kpi_rows import build_commune, figure_count

pytestmark = pytest.mark.django_db

D = datetime.date
Q1 = Quarter(2026, 1)


def row_count(html: str) -> int:
    return int(re.search(r'data-testid="row-count">(\d+)<', html).group(1))


def card_links(html: str) -> dict[str, str]:
    cards = html.split('class="card kpi-card')[1:]
    links = {}
    for card in cards:
        code = re.search(r'data-kpi="(K\d+)"', card).group(1)
        links[code] = re.search(r'href="([^"]+)"[^>]*data-testid="kpi-rows-link"', card).group(1)
    return links


@pytest.fixture
def commune():
    return build_commune()


def as_office(commune):
    return UserFactory(username="vanphong2", role=Role.OFFICE, commune=commune)


def test_every_card_of_the_dashboard_opens_rows_as_many_as_its_figure(commune, client):
    commune, villages = commune
    client.force_login(as_office(commune))
    for tab, scope in (
        ({}, Scope.whole_commune(commune)),
        ({"to": "xa"}, Scope.commune_team(commune)),
    ):
        html = client.get(reverse("home"), {"quy": str(Q1), **tab}).content.decode()
        links = card_links(html)
        assert sorted(links) == sorted(CODES)
        kpis = compute_kpis(scope, Q1)
        for code, url in links.items():
            rows = client.get(url.replace("&amp;", "&"))
            assert rows.status_code == 200
            assert row_count(rows.content.decode()) == figure_count(kpis[code]), (tab, code)


def test_every_village_cell_and_drill_down_card_opens_its_rows(commune, client):
    commune, villages = commune
    client.force_login(as_office(commune))
    html = client.get(reverse("home"), {"quy": str(Q1)}).content.decode()
    table = html[html.index('data-testid="village-table"') :]
    for village in villages:
        kpis = compute_kpis(Scope.of_village(village), Q1)
        row = table[table.index(f">{village.name}</a>") :].split("</tr>")[0]
        cells = dict(
            re.findall(r'data-label="(K\d+)"><a class="kpi-rows-link" href="([^"]+)"', row)
        )
        assert sorted(cells) == sorted(CODES)
        page = client.get(reverse("reports:village", args=[village.pk]), {"quy": str(Q1)})
        assert card_links(page.content.decode()) == cells
        for code, url in cells.items():
            rows = client.get(url.replace("&amp;", "&")).content.decode()
            if kpis[code].value is not None:
                assert row_count(rows) == figure_count(kpis[code]), (village.name, code)


def test_a_members_figures_open_the_teams_rows_with_their_visits(commune, client):
    commune, (east, _west) = commune
    client.force_login(as_office(commune))
    leader = east.team.members.get(is_leader=True)
    html = client.get(
        reverse("reports:member", args=[leader.pk]), {"quy": str(Q1)}
    ).content.decode()
    k4 = reverse("reports:village_rows", args=[east.pk, "K4"])
    k5 = reverse("reports:village_rows", args=[east.pk, "K5"])
    assert f'href="{k4}?quy={Q1}"' in html
    assert f'href="{k5}?quy={Q1}&amp;to-vien={leader.pk}"' in html
    visits = client.get(k5, {"quy": str(Q1), "to-vien": leader.pk}).content.decode()
    assert row_count(visits) == 2
    assert 'data-testid="member-filter"' in visits


def test_a_ratio_lists_its_numerator_and_the_rest_as_tabs(commune, client):
    commune, (east, _west) = commune
    client.force_login(as_office(commune))
    url = reverse("reports:village_rows", args=[east.pk, "K7"])
    k7 = compute_kpis(Scope.of_village(east), Q1)["K7"]
    reached = client.get(url, {"quy": str(Q1)}).content.decode()
    rest = client.get(url, {"quy": str(Q1), "phan": "con-lai"}).content.decode()
    assert row_count(reached) == k7.details["numerator"]
    assert row_count(rest) == k7.details["denominator"] - k7.details["numerator"]
    assert "Hộ dân chưa được tuyên truyền, hỗ trợ" in rest
    assert 'data-part="con-lai"' in reached and "phan=con-lai" in reached


def test_the_whole_communes_team_kpis_list_the_teams_and_link_to_each(commune, client):
    commune, (east, west) = commune
    client.force_login(as_office(commune))
    html = client.get(reverse("reports:commune_rows", args=["K2"]), {"quy": str(Q1)}).content
    rest = client.get(
        reverse("reports:commune_rows", args=["K2"]), {"quy": str(Q1), "phan": "con-lai"}
    ).content.decode()
    assert row_count(html.decode()) == 2  # Thôn Đông's team and the commune team
    assert "Thôn Đoài" in rest and "Thôn Nam" in rest  # no leader; no team at all
    assert reverse("reports:village_rows", args=[west.pk, "K2"]) in rest


def test_rows_page_a_long_list(world, client_for):
    HouseholdFactory.create_batch(55, village=world.village_a)
    url = reverse("reports:village_rows", args=[world.village_a.pk, "K7"])
    client = client_for("leader")
    first = client.get(url, {"phan": "con-lai"}).content.decode()
    second = client.get(url, {"phan": "con-lai", "page": 2}).content.decode()
    assert row_count(first) == 55
    assert first.count("<tr data-row>") == 50 and second.count("<tr data-row>") == 5


def _populate(village, n):
    member = MemberFactory(team=village_team(village))
    for household in HouseholdFactory.create_batch(n, village=village, member_in_charge=member):
        SupportVisitFactory(member=member, household=household, date=D(2026, 2, 1))


@pytest.mark.parametrize("code", CODES)
def test_a_rows_page_costs_the_same_queries_whatever_the_data(
    world, client_for, django_assert_max_num_queries, code
):
    client = client_for("office")
    urls = [
        reverse("reports:village_rows", args=[world.village_a.pk, code]),
        reverse("reports:commune_rows", args=[code]),
    ]
    TeamFactory(commune=world.commune, level=TeamLevel.COMMUNE, village=None)
    _populate(world.village_a, 2)
    counts = []
    for n in (0, 60):
        _populate(world.village_a, n)
        _populate(world.village_b, n)
        for url in urls:
            with django_assert_max_num_queries(20) as queries:
                assert client.get(url, {"quy": str(Q1)}).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:], counts


def phone_of(book, code: str) -> str:
    """The phone a workbook gives the household `code`, in whichever sheet lists it."""
    for sheet in book.worksheets:
        headers = [cell.value for cell in sheet[2]]
        for row in sheet.iter_rows(min_row=3, values_only=True):
            if row[0] == code:
                return row[headers.index("Số điện thoại")]
    raise AssertionError(f"{code} not exported")


def test_the_rows_export_to_excel_with_phones_masked_for_who_may_not_change_them(commune, client):
    commune, (east, _west) = commune
    household = east.households.order_by("pk").first()
    household.phone = "0912345678"
    from households.services import save_household

    save_household(household, None)
    url = reverse("reports:village_rows_file", args=[east.pk, "K7"])
    for role, phone in ((Role.OFFICE, "0912345678"), (Role.LEADERSHIP, "09•••••678")):
        client.force_login(UserFactory(role=role, commune=commune))
        response = client.get(url, {"quy": str(Q1)})
        assert response["Content-Disposition"] == f'attachment; filename="chi-so-k7-lm01-{Q1}.xlsx"'
        book = load_workbook(io.BytesIO(response.getvalue()))
        k7 = compute_kpis(Scope.of_village(east), Q1)["K7"]
        reached, rest = book.worksheets
        assert reached.title.startswith("1. Hộ dân được tiếp cận")
        assert reached.max_row - 2 == k7.details["numerator"]  # a title row, a header row
        assert rest.max_row - 2 == k7.details["denominator"] - k7.details["numerator"]
        assert phone_of(book, household.code) == phone
    log = DataAccessLog.objects.filter(village=east).order_by("pk").last()
    assert log.what == "Dòng số liệu K7 (Excel)" and log.rows == k7.details["denominator"]


def test_a_team_member_may_read_the_rows_but_export_only_those_without_residents(world, client_for):
    client = client_for("member")
    village = world.village_a
    assert client.get(reverse("reports:village_rows", args=[village.pk, "K7"])).status_code == 200
    assert (
        client.get(reverse("reports:village_rows_file", args=[village.pk, "K7"])).status_code == 403
    )
    assert (
        client.get(reverse("reports:village_rows_file", args=[village.pk, "K3"])).status_code == 200
    )
    page = client.get(reverse("reports:village_rows", args=[village.pk, "K7"])).content.decode()
    assert 'data-testid="rows-export"' not in page
