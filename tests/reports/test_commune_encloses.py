"""The commune report encloses the village reports it lists, and says when data drifted.

Phụ lục I takes each village's figures from its submitted or accepted report (so the annex
and Phụ lục II agree), marks a village with no report as live figures, and a frozen commune
report shows every figure live data now gives otherwise, annex included.
"""

import datetime

import pytest
from django.urls import reverse

from binhdan.quarters import Quarter
from reports.reporting import workflow
from reports.reporting.documents import ReportDocument
from tests.factories import MemberFactory, SupportVisitFactory, TeamFactory

pytestmark = pytest.mark.django_db
Q4 = Quarter(2026, 4)


def visits(member, n, day=datetime.date(2026, 10, 5)):
    SupportVisitFactory.create_batch(n, member=member, date=day)


def annex(report) -> dict:
    rows = workflow.content_of(report)["villages"]
    return {row["code"]: row for row in rows}


def k5(row) -> int:
    return next(k["value"] for k in row["kpis"] if k["code"] == "K5")


@pytest.fixture
def members(world):
    return (
        MemberFactory(team=TeamFactory(village=world.village_a)),
        MemberFactory(team=TeamFactory(village=world.village_b)),
    )


def test_annex_i_takes_the_figures_of_the_submitted_village_report(world, members):
    ours, theirs = members
    visits(ours, 3)
    visits(theirs, 2)
    submitted = workflow.submit(
        workflow.report_for(world.commune, Q4, world.village_a),
        world.users["leader"],
        at=datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC),
    )
    visits(ours, 4)  # after the village report was submitted
    visits(theirs, 1)

    rows = annex(workflow.report_for(world.commune, Q4))
    assert k5(rows["LM01"]) == 3 == submitted.snapshot["kpis"][4]["value"]
    assert rows["LM01"]["source"] == "report"
    assert k5(rows["LM02"]) == 3 and rows["LM02"]["source"] == "live"  # no report: live

    doc = ReportDocument(
        workflow.report_for(world.commune, Q4),
        workflow.live_content(workflow.report_for(world.commune, Q4)),
        datetime.date(2026, 12, 2),
    )
    labels = {v["code"]: v["source_label"] for v in doc.villages}
    assert labels["LM01"] == "theo báo cáo của thôn (đã nộp, chốt số liệu ngày 01/12/2026)"
    assert labels["LM02"] == "chưa nộp — số liệu trực tuyến tại thời điểm lập"
    assert doc.has_live_villages


def test_a_returned_village_report_is_not_enclosed(world, members):
    ours, _theirs = members
    visits(ours, 3)
    report = workflow.submit(
        workflow.report_for(world.commune, Q4, world.village_a), world.users["leader"]
    )
    workflow.return_report(report, world.users["office"], "Bổ sung")
    visits(ours, 2)
    rows = annex(workflow.report_for(world.commune, Q4))
    assert k5(rows["LM01"]) == 5 and rows["LM01"]["source"] == "live"


def test_a_sent_commune_report_shows_drift_on_its_kpis_and_its_annex(world, members, client_for):
    ours, _theirs = members
    visits(ours, 3)
    workflow.send(workflow.report_for(world.commune, Q4), world.users["office"])
    url = reverse("reports:commune_report", args=[Q4])
    page = client_for("office").get(url).content.decode()
    assert 'data-testid="live-differs"' not in page

    visits(ours, 2)
    page = client_for("office").get(url).content.decode()
    assert 'data-testid="live-differs"' in page
    assert "Thôn Đông · K5: 3 → 5" in page
