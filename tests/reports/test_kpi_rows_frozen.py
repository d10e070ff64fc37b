"""A submitted (sent) report's figures open the rows it counted when it was frozen, not today's;
a report frozen before the rows were kept says so and links to today's rows."""

import datetime
import io
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from binhdan.quarters import Quarter
from households.models import Household
from households.services import delete_household
from reports.kpis.arithmetic import CODES
from reports.models import QuarterlyReport, ReportKind, ReportStatus
from reports.reporting import workflow
from reports.reporting.content import kpis_of
from teams.models import Role
from tests.factories import HouseholdFactory, SupportVisitFactory, UserFactory, local_time
from tests.reports.test_kpi_rows import build_commune, figure_count
from tests.reports.test_kpi_rows_pages import row_count

pytestmark = pytest.mark.django_db

Q1 = Quarter(2026, 1)


@pytest.fixture
def submitted(client):
    """Thôn Đông's Q1 report, submitted on 20/03/2026, and a client of its leader."""
    commune, (east, _west) = build_commune()
    leader = UserFactory(role=Role.LEADER, village=east)
    report = workflow.report_for(commune, Q1, east)
    report = workflow.submit(
        report, leader, at=local_time(2026, 3, 20), explanation="Đã rà soát các cảnh báo."
    )
    client.force_login(leader)
    return report, east, client


def rows_url(report, code, **query):
    url = reverse("reports:team_report_rows", args=[report.period, report.village_id, code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_submitting_keeps_the_ids_of_every_figures_rows(submitted):
    report, _east, _client = submitted
    report.refresh_from_db()
    stored = report.snapshot["rows"]
    assert sorted(stored) == sorted(CODES)
    kpis = kpis_of(report.snapshot)
    for code in CODES:
        if kpis[code].value is not None:
            assert len(stored[code]["numerator"]) == figure_count(kpis[code]), code
    assert all(isinstance(pk, int) for pk in stored["K7"]["numerator"])


def test_a_frozen_reports_figure_opens_what_it_counted_then(submitted):
    report, east, client = submitted
    report.refresh_from_db()
    k7 = kpis_of(report.snapshot)["K7"]
    reached = Household.objects.filter(pk__in=report.snapshot["rows"]["K7"]["numerator"])
    gone = reached.order_by("pk").first()
    code = gone.code
    delete_household(gone, None)  # since the report was frozen
    for household in HouseholdFactory.create_batch(2, village=east):  # visited on 10/03
        SupportVisitFactory(member=east.team.members.first(), household=household)

    page = client.get(report_url := rows_url(report, "K7"))
    html = page.content.decode()
    assert row_count(html) == k7.details["numerator"]
    assert "Số liệu đã chốt ngày 20/03/2026" in html
    row = html[html.index(code) :].split("</tr>")[0]
    assert "(hộ đã xóa)" in row
    live = client.get(reverse("reports:village_rows", args=[east.pk, "K7"]), {"quy": str(Q1)})
    assert row_count(live.content.decode()) == k7.details["numerator"] - 1 + 2
    # The report's page links its KPI table's figures to these pages.
    report_page = client.get(reverse("reports:team_report", args=[Q1, east.pk])).content.decode()
    assert f'href="{report_url}"' in report_page


def test_every_figure_of_a_frozen_report_opens_as_many_rows_as_it_says(submitted):
    report, _east, client = submitted
    report.refresh_from_db()
    html = client.get(reverse("reports:team_report", args=[Q1, report.village_id])).content
    links = re.findall(r'<tr data-kpi="(K\d+)">.*?href="([^"]+)"', html.decode(), re.S)
    assert [code for code, _url in links] == list(CODES)
    kpis = kpis_of(report.snapshot)
    for code, url in links:
        if kpis[code].value is not None:
            assert row_count(client.get(url).content.decode()) == figure_count(kpis[code]), code


def test_a_frozen_reports_rows_export_what_it_counted(submitted):
    report, _east, client = submitted
    report.refresh_from_db()
    gone = Household.objects.get(pk=report.snapshot["rows"]["K8"]["rest"][0])
    code = gone.code
    delete_household(gone, None)
    response = client.get(rows_url(report, "K8").replace("/K8/", "/K8/tai-ve.xlsx"))
    using, rest = load_workbook(io.BytesIO(response.getvalue())).worksheets
    k8 = kpis_of(report.snapshot)["K8"]
    assert using.max_row - 2 == k8.details["numerator"]
    assert rest.max_row - 2 == k8.details["denominator"] - k8.details["numerator"]
    assert [c.value for c in rest[3][:3]] == [code, "(đã xóa)", "(đã xóa)"]


def test_a_draft_reports_figures_open_todays_rows(world, client_for):
    html = client_for("leader").get(
        rows_url(workflow.report_for(world.commune, Q1, world.village_a), "K7")
    )
    assert "Báo cáo chưa nộp" in html.content.decode()


def test_a_sent_commune_reports_team_kpis_open_the_teams_as_frozen(submitted, client):
    report, east, _client = submitted
    office = UserFactory(role=Role.OFFICE, commune=east.commune)
    commune_report = workflow.send(
        workflow.report_for(east.commune, Q1), office, at=local_time(2026, 3, 25)
    )
    client.force_login(office)
    kpis = kpis_of(commune_report.snapshot)
    url = reverse("reports:commune_report_rows", args=[Q1, "K1"])
    met = client.get(url).content.decode()
    rest = client.get(url + "?phan=con-lai").content.decode()
    assert row_count(met) == kpis["K1"].details["numerator"]
    assert row_count(rest) == kpis["K1"].details["denominator"] - kpis["K1"].details["numerator"]
    assert "Thôn Nam" in rest and "Số liệu đã chốt ngày 25/03/2026" in rest


SNAPSHOTS = Path(__file__).parent / "snapshots"


def test_a_report_frozen_before_the_rows_were_kept_links_to_todays_rows(world, client_for):
    snapshot = json.loads((SNAPSHOTS / "commune-2026Q1.json").read_text(encoding="utf-8"))
    frozen = timezone.make_aware(datetime.datetime(2026, 3, 25, 9, 0))
    QuarterlyReport.objects.create(
        kind=ReportKind.COMMUNE,
        commune=world.commune,
        year=2026,
        quarter=1,
        status=ReportStatus.SENT,
        snapshot=snapshot,
        submitted_at=frozen,
        submitted_on=frozen.date(),
        frozen_at=frozen,
        document_date=frozen.date(),
    )
    client = client_for("office")
    page = client.get(reverse("reports:commune_report_rows", args=[Q1, "K8"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "không được lưu" in html and 'data-testid="row-count"' not in html
    live = reverse("reports:commune_rows", args=["K8"])
    assert f'href="{live}?quy={Q1}"' in html
    assert "293/755" in html  # the report's own figure
    file = reverse("reports:commune_report_rows_file", args=[Q1, "K8"])
    assert client.get(file).status_code == 404
