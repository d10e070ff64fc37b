"""The province's overview (issue 18): K1-K10 of every commune of a province and of the
province together, communes ranked, a commune's dashboard read-only, the province's Excel and
PDF; a constant number of queries whatever the number of communes."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from binhdan.quarters import Quarter
from reports.kpis import province as province_kpis
from reports.kpis.arithmetic import Status
from reports.kpis.queries import compute_kpis
from reports.kpis.scopes import Scope
from reports.reporting import workflow
from teams.models import Commune, Role
from tests.factories import (
    CommuneFactory,
    HouseholdFactory,
    HouseholdPlatformFactory,
    MemberFactory,
    OcopProductFactory,
    SupportVisitFactory,
    UserFactory,
    VillageFactory,
    village_team,
)
from tests.reports.test_cross_rendering import pdf_text

pytestmark = pytest.mark.django_db

Q1 = Quarter(2026, 1)
D = datetime.date


def _commune(province, name, *, households, adopted, visits=0, members=2):
    """A commune of one village whose team has `members` members and `visits` visits in Q1,
    `households` households of which `adopted` use VNeID (recorded in Q1)."""
    commune = CommuneFactory(name=name, province=province)
    village = VillageFactory(commune=commune)
    team = village_team(village)
    team_members = [MemberFactory(team=team) for _ in range(members)]
    homes = HouseholdFactory.create_batch(households, village=village)
    for household in homes[:adopted]:
        HouseholdPlatformFactory(household=household, first_recorded_on=D(2026, 2, 1))
    for n in range(visits):
        SupportVisitFactory(member=team_members[0], household=homes[n % len(homes)])
    return commune


@pytest.fixture
def province_of_two(world):
    """The world's commune's province with two more communes: An Khánh (2 households, 1
    adopted) and Bình Sơn (3 households, all adopted, one OCOP product listed)."""
    province = world.commune.province
    an = _commune(province, "An Khánh", households=2, adopted=1, visits=3)
    binh = _commune(province, "Bình Sơn", households=3, adopted=3)
    OcopProductFactory(commune=binh, listed_on=["shopee"])
    return [an, binh]


def test_the_province_adds_the_communes_counts_not_their_percentages(province_of_two):
    an, binh = province_of_two
    figures = province_kpis.province_figures(Commune.objects.filter(pk__in=[an.pk, binh.pk]), Q1)
    k8 = figures.kpis["K8"]
    # 4 of 5 households (80 %, met), not the mean of 50 % and 100 % (75 %)
    assert (k8.details["numerator"], k8.details["denominator"], k8.value) == (4, 5, 80.0)
    assert k8.status == Status.MET
    assert [row["commune"].name for row in figures.communes] == ["An Khánh", "Bình Sơn"]
    for row in figures.communes:  # each commune's figures are its own dashboard's
        own = compute_kpis(Scope.whole_commune(row["commune"]), Q1)
        assert [k.value for k in row["kpis"].values()] == [k.value for k in own.values()]
        assert [k.status for k in row["kpis"].values()] == [k.status for k in own.values()]
    # K1, K2, K5, K6: the teams of both communes that meet it (each commune: its commune
    # team, none here, and its village's team)
    k1 = figures.kpis["K1"]
    assert (k1.details["numerator"], k1.details["denominator"], k1.details["teams"]) == (0, 2, 2)
    assert figures.kpis["K10"].value is not None or figures.kpis["K10"].status == Status.NO_DATA
    assert figures.kpis["K9"].details["denominator"] == 1
    # no name of a member or a resident is kept of a commune
    for row in figures.communes:
        for kpi in row["kpis"].values():
            assert all(not isinstance(value, list) for value in kpi.details.values())


def test_the_department_sees_its_province_ranked_and_sorted(world, client_for, province_of_two):
    client = client_for("department")
    page = client.get(reverse("reports:province_dashboard"), {"quy": "2026Q1", "sap-xep": "-K8"})
    html = page.content.decode()
    assert page.status_code == 200
    table = html[html.index('data-testid="commune-table"') :]
    # by K8, highest first: Bình Sơn 100 %, An Khánh 50 %, then the world's commune
    assert table.index("Bình Sơn") < table.index("An Khánh")
    assert "100 %" in table and "50 %" in table
    assert 'data-kpi="K8"' in html and "kpi-rows-link" not in html  # no rows behind figures
    assert reverse("reports:province_commune", args=[province_of_two[0].code]) in html


def test_a_communes_dashboard_is_read_only_for_the_department(world, client_for, province_of_two):
    an = province_of_two[0]
    client = client_for("department")
    page = client.get(reverse("reports:province_commune", args=[an.code]), {"quy": "2026Q1"})
    html = page.content.decode()
    assert page.status_code == 200 and "An Khánh" in html
    assert 'data-testid="village-table"' in html and "kpi-rows-link" not in html
    for household in an.villages.first().households.all():
        assert household.head_name not in html
    main = html[html.index("<main") : html.index("</main>")]
    assert 'method="post"' not in main  # nothing to change


def test_another_provinces_department_sees_none_of_these_communes(client_for, province_of_two):
    from binhdan.communes import province_of

    stranger = UserFactory(
        username="so-tq", role=Role.DEPARTMENT, province=province_of("Tuyên Quang")
    )
    client = client_for("anonymous")
    client.force_login(stranger)
    page = client.get(reverse("reports:province_dashboard"), {"quy": "2026Q1"})
    assert page.status_code == 200 and "An Khánh" not in page.content.decode()
    url = reverse("reports:province_commune", args=[province_of_two[0].code])
    assert client.get(url).status_code == 404
    workbook = load_workbook(
        io.BytesIO(
            b"".join(
                client.get(reverse("reports:province_file", args=[Q1, "xlsx"])).streaming_content
            )
        )
    )
    assert "An Khánh" not in str(
        [c.value for row in workbook.worksheets[1].iter_rows() for c in row]
    )


def test_the_province_workbook_has_a_row_per_commune_and_the_province(
    world, client_for, province_of_two
):
    an, binh = province_of_two
    workflow.send(workflow.report_for(an, Q1), UserFactory(role=Role.OFFICE, commune=an))
    response = client_for("department").get(reverse("reports:province_file", args=[Q1, "xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    summary, communes = workbook.worksheets
    rows = list(communes.iter_rows(values_only=True))
    header = rows[1]
    names = [row[0] for row in rows[2:]]
    assert names[:2] == ["An Khánh", "Bình Sơn"] and names[-1] == "Toàn tỉnh"
    k8 = header.index("K8")
    by_name = {row[0]: row for row in rows[2:]}
    assert by_name["An Khánh"][k8] == 0.5 and by_name["Bình Sơn"][k8] == 1
    assert by_name["An Khánh"][1] == "Đã gửi Sở"
    assert isinstance(by_name["An Khánh"][2], datetime.datetime)  # the day it was sent, a date
    assert communes.cell(row=3, column=k8 + 1).number_format == "0.0%"
    assert by_name["Toàn tỉnh"][header.index("Hộ dân")] == sum(
        row[header.index("Hộ dân")] or 0 for row in rows[2:-1]
    )
    codes = [row[0] for row in summary.iter_rows(min_row=3, max_row=13, values_only=True)]
    assert codes == [f"K{n}" for n in range(1, 12)]


def test_the_province_pdf_is_issued_by_the_department_to_the_provincial_committee(
    world, client_for, province_of_two
):
    response = client_for("department").get(reverse("reports:province_file", args=[Q1, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in text
    assert "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên" in text
    assert "An Khánh" in text and "Bình Sơn" in text


def test_the_province_page_reads_the_same_number_of_queries_for_3_or_9_more_communes(
    world, client_for, province_of_two
):
    client = client_for("department")
    url = reverse("reports:province_dashboard")
    with CaptureQueriesContext(connection) as few:
        before = client.get(url, {"quy": "2026Q1"}).content.decode().count("<tr data-commune=")
    for n in range(6):
        _commune(world.commune.province, f"Xã {n}", households=2, adopted=n % 2, visits=1)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, {"quy": "2026Q1"})
    assert page.content.decode().count("<tr data-commune=") == before + 6
    assert len(few) == len(many)
