"""The quarterly report pages: writing, submitting, reviewing and sending, as users see them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import workflow
from reports.models import QuarterlyReport, ReportStatus
from reports.quarters import Quarter
from tests.factories import MemberFactory, SupportVisitFactory, TeamFactory, VillageFactory

pytestmark = pytest.mark.django_db
Q4 = Quarter(2026, 4)


def team_url(world, *extra):
    if extra:
        return reverse("reports:team_report_action", args=["2026Q4", world.village_a.pk, *extra])
    return reverse("reports:team_report", args=["2026Q4", world.village_a.pk])


def test_leader_writes_the_narrative_and_submits(world, client_for):
    leader = client_for("leader")
    response = leader.post(team_url(world), {"results": "Hỗ trợ 40 hộ cài VNeID", "number": "3"})
    assert response.status_code == 302
    page = leader.get(team_url(world)).content.decode()
    assert "Hỗ trợ 40 hộ cài VNeID" in page
    confirm = leader.get(team_url(world, "nop")).content.decode()
    assert "Nộp báo cáo này?" in confirm
    response = leader.post(team_url(world, "nop"), follow=True)
    assert "Đã nộp báo cáo lên UBND xã." in response.content.decode()
    report = QuarterlyReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED and report.number == 3


def test_save_and_submit_keeps_what_was_typed_then_asks_for_confirmation(world, client_for):
    leader = client_for("leader")
    response = leader.post(
        team_url(world), {"results": "Đã hỗ trợ 55 lượt", "number": "4", "then": "1"}
    )
    assert response.status_code == 302 and response.url == team_url(world, "nop")
    report = QuarterlyReport.objects.get()
    assert report.results == "Đã hỗ trợ 55 lượt" and report.status == ReportStatus.DRAFT
    assert "Lưu và nộp báo cáo" in leader.get(team_url(world)).content.decode()


def test_a_submitted_report_cannot_be_edited_and_says_when_live_data_differs(world, client_for):
    member = MemberFactory(team=TeamFactory(village=world.village_a))
    workflow.submit(workflow.report_for(world.commune, Q4, world.village_a), world.users["leader"])
    leader = client_for("leader")
    response = leader.post(team_url(world), {"results": "sửa lén"}, follow=True)
    assert "Báo cáo này không thể sửa nữa." in response.content.decode()
    page = leader.get(team_url(world)).content.decode()
    assert 'data-testid="live-differs"' not in page and 'data-testid="frozen"' in page
    SupportVisitFactory(member=member, date=datetime.date(2026, 11, 3))
    page = leader.get(team_url(world)).content.decode()
    assert "Dữ liệu hiện tại đã khác với báo cáo này" in page
    assert "K5: 0 → 1" in page


def test_office_returns_with_a_comment_then_accepts_the_resubmission(world, client_for):
    workflow.submit(workflow.report_for(world.commune, Q4, world.village_a), world.users["leader"])
    office = client_for("office")
    response = office.post(team_url(world, "tra-lai"), {"comment": ""})
    assert response.status_code == 200  # the form again, with its error
    assert QuarterlyReport.objects.get().status == ReportStatus.SUBMITTED
    office.post(team_url(world, "tra-lai"), {"comment": "Thiếu số liệu tuyên truyền"})
    page = client_for("leader").get(team_url(world)).content.decode()
    assert "Thiếu số liệu tuyên truyền" in page and "Nộp lại" in page
    client_for("leader").post(team_url(world, "nop"))
    response = office.post(team_url(world, "chap-nhan"), follow=True)
    assert "Đã tiếp nhận báo cáo." in response.content.decode()
    assert QuarterlyReport.objects.get().status == ReportStatus.ACCEPTED


def test_accepting_a_draft_is_refused_with_a_message(world, client_for):
    response = client_for("office").post(team_url(world, "chap-nhan"), follow=True)
    assert "không thể tiếp nhận lúc này" in response.content.decode()
    assert not QuarterlyReport.objects.filter(status=ReportStatus.ACCEPTED).exists()


def test_a_member_reads_but_cannot_write_the_report(world, client_for):
    member = client_for("member")
    assert member.get(team_url(world)).status_code == 200
    assert member.post(team_url(world), {"results": "x"}).status_code == 403


def test_office_status_table_shows_on_time_late_and_missing(world, client_for):
    village_c = VillageFactory(commune=world.commune, code="LM03", name="Xóm Chùa")
    workflow.submit(
        workflow.report_for(world.commune, Q4, world.village_a),
        world.users["leader"],
        today=datetime.date(2026, 12, 21),
    )
    workflow.submit(
        workflow.report_for(world.commune, Q4, world.village_b),
        world.users["leader"],
        today=datetime.date(2026, 12, 22),
    )
    page = client_for("office").get(reverse("reports:report_status") + "?quy=2026Q4")
    rows = page.context["rows"]
    assert [(r["code"], r["deadline"]) for r in rows] == [
        ("LM01", "on_time"),
        ("LM02", "late"),
        ("LM03", "pending" if timezone.localdate() <= Q4.team_report_due() else "missing"),
    ]
    assert village_c.name in page.content.decode()


def test_office_marks_the_commune_report_sent_with_its_date(world, client_for):
    office = client_for("office")
    url = reverse("reports:commune_report_send", args=["2026Q4"])
    assert "Ghi nhận báo cáo này đã gửi" in office.get(url).content.decode()
    office.post(reverse("reports:commune_report", args=["2026Q4"]), {"results": "Tốt"})
    office.post(url, {"sent_on": "2026-11-20"})
    report = QuarterlyReport.objects.get(kind="commune")
    assert (report.status, report.sent_on) == (ReportStatus.SENT, datetime.date(2026, 11, 20))
    page = client_for("leadership").get(reverse("reports:commune_report", args=["2026Q4"]))
    assert "Đã gửi Sở" in page.content.decode()


def test_dashboard_deadline_panel_links_to_the_reports(world, client_for):
    assert reverse("reports:report_status") in client_for("office").get("/").content.decode()
    leader_page = client_for("leader").get("/").content.decode()
    assert 'data-testid="report-link"' in leader_page
