"""The quarterly report pages: writing, submitting, reviewing and sending, as users see them."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from binhdan.quarters import Quarter
from reports.models import QuarterlyReport, ReportStatus
from reports.reporting import workflow
from tests.factories import (
    MemberFactory,
    SupportVisitFactory,
    TeamFactory,
    VillageFactory,
    local_time,
)

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
    workflow.submit(
        workflow.report_for(world.commune, Q4, world.village_a),
        world.users["leader"],
        explanation="Tổ viên mới vào Tổ, chưa đi hỗ trợ.",  # the data-quality warning CL07
    )
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
        at=local_time(2026, 12, 21),
    )
    workflow.submit(
        workflow.report_for(world.commune, Q4, world.village_b),
        world.users["leader"],
        at=local_time(2026, 12, 22),
    )
    page = client_for("office").get(reverse("reports:report_status") + "?quy=2026Q4")
    rows = page.context["rows"]
    assert [(r["code"], r["deadline"]) for r in rows] == [
        ("LM01", "on_time"),
        ("LM02", "late"),
        ("LM03", "pending" if timezone.localdate() <= Q4.team_report_due() else "missing"),
    ]
    assert village_c.name in page.content.decode()
    # The status column is written alike: a report not written yet beside submitted ones.
    assert [str(r["status_label"]) for r in rows] == ["Đã nộp", "Đã nộp", "Chưa lập"]
    status = between(page.content.decode(), 'data-testid="commune-report-status"', "</span>")
    assert "Chưa lập" in status


def test_office_marks_the_commune_report_sent_now_whatever_date_is_posted(world, client_for):
    office = client_for("office")
    url = reverse("reports:commune_report_send", args=["2026Q4"])
    assert "Ghi nhận báo cáo này đã gửi" in office.get(url).content.decode()
    office.post(reverse("reports:commune_report", args=["2026Q4"]), {"results": "Tốt"})
    office.post(url, {"sent_on": "2026-11-20"})  # a date typed in an old form is ignored
    report = QuarterlyReport.objects.get(kind="commune")
    today = timezone.localdate()
    assert report.status == ReportStatus.SENT
    assert (report.submitted_on, report.document_date) == (today, today)
    page = client_for("leadership").get(reverse("reports:commune_report", args=["2026Q4"]))
    dates = between(page.content.decode(), 'data-testid="report-dates"', "</span>")
    assert "Đã gửi Sở" in page.content.decode()
    assert f"gửi lúc {timezone.localtime(report.submitted_at):%H:%M %d/%m/%Y}" in dates
    assert f"ngày văn bản {today:%d/%m/%Y}" in dates


def test_backdating_the_document_date_is_refused_and_an_overdue_report_stays_late(
    world, client_for
):
    office = client_for("office")
    q3 = ["2026Q3"]
    office.post(reverse("reports:commune_report_send", args=q3))  # due 26/09/2026: late
    today = timezone.localdate()
    response = office.post(
        reverse("reports:commune_report_date", args=q3), {"document_date": "26/09/2026"}
    )
    page = response.content.decode()
    assert response.status_code == 200  # the form again, with what was typed
    assert f"Ngày phải từ {today:%d/%m/%Y} đến hôm nay ({today:%d/%m/%Y})." in page
    assert 'value="26/09/2026"' in page
    report = QuarterlyReport.objects.get(kind="commune")
    assert report.document_date == today and report.submitted_on == today
    status = office.get(reverse("reports:report_status"), {"quy": "2026Q3"})
    assert status.context["commune_report_deadline"] == "late"
    assert "chậm" in between(status.content.decode(), 'data-testid="commune-report-status"', "</a>")


def test_the_office_dates_a_sent_report_from_its_page(world, client_for):
    office = client_for("office")
    page_url = reverse("reports:commune_report", args=["2026Q3"])
    assert 'data-testid="document-date"' not in office.get(page_url).content.decode()
    office.post(reverse("reports:commune_report_send", args=["2026Q3"]))
    page = office.get(page_url).content.decode()
    assert 'data-testid="document-date"' in page and "Lưu ngày văn bản" in page
    assert (
        'data-testid="document-date"' not in client_for("leadership").get(page_url).content.decode()
    )
    today = f"{timezone.localdate():%d/%m/%Y}"
    response = office.post(
        reverse("reports:commune_report_date", args=["2026Q3"]), {"document_date": today}
    )
    assert response.status_code == 302
    assert "Đã lưu ngày văn bản." in office.get(page_url).content.decode()


def test_a_resubmitted_report_says_when_it_was_frozen_again_and_what_judges_the_deadline(
    world, client_for
):
    leader, office = world.users["leader"], world.users["office"]
    report = workflow.report_for(world.commune, Q4, world.village_a)
    report = workflow.submit(report, leader, at=local_time(2026, 11, 20))
    report = workflow.return_report(report, office, "Bổ sung", at=local_time(2026, 11, 21))
    workflow.submit(report, leader, at=local_time(2026, 11, 23, hour=15))
    page = client_for("office").get(team_url(world)).content.decode()
    frozen = between(page, 'data-testid="frozen"', "</div>")
    assert "Số liệu dưới đây đã được chốt ngày 23/11/2026." in frozen
    assert "Báo cáo đã được nộp lại lúc 15:00 23/11/2026: số liệu đã được chốt lại." in frozen
    dates = between(page, 'data-testid="report-dates"', "</span>")
    assert "nộp lúc 09:00 20/11/2026" in dates
    assert "nộp lại lúc 15:00 23/11/2026 (hạn nộp tính theo lần nộp đầu tiên)" in dates
    assert "ngày văn bản 23/11/2026" in dates


def test_a_report_states_its_data_cut_off(world, client_for):
    client = client_for("office")
    running = client.get(team_url(world)).content.decode()
    today = timezone.localdate()
    assert f"Số liệu tính đến ngày {today:%d/%m/%Y}" in running
    over = client.get(reverse("reports:team_report", args=["2026Q3", world.village_a.pk]))
    assert "Số liệu tính đến ngày 30/09/2026" in over.content.decode()


def test_a_quarter_not_started_has_no_report_page_nor_submission(world, client_for):
    ahead = str(Quarter.containing(timezone.localdate()).next())
    leader = client_for("leader")
    for quarter in (ahead, f"{Quarter.containing(timezone.localdate()).year + 4}Q1"):
        url = reverse("reports:team_report_action", args=[quarter, world.village_a.pk, "nop"])
        assert leader.post(url).status_code == 404
        assert leader.get(url).status_code == 404
    assert not QuarterlyReport.objects.exists()


def between(page: str, start: str, end: str) -> str:
    begin = page.index(start)
    return page[begin : page.index(end, begin)]


def test_dashboard_deadline_panel_links_to_the_reports(world, client_for):
    assert reverse("reports:report_status") in client_for("office").get("/").content.decode()
    leader_page = client_for("leader").get("/").content.decode()
    assert 'data-testid="report-link"' in leader_page


@pytest.mark.parametrize("role", ["office", "leader", "member", "leadership"])
def test_the_report_page_shows_exactly_the_allowed_steps(world, client_for, role):
    from reports.transitions import allowed_actions

    client, user = client_for(role), world.users[role]

    def buttons(url):
        return re.findall(r'data-action="([a-z-]+)"', client.get(url).content.decode())

    def allowed(report):
        return [action.name for action in allowed_actions(report, user)]

    report = workflow.report_for(world.commune, Q4, world.village_a)
    assert buttons(team_url(world)) == allowed(report) == (["nop"] if role == "leader" else [])
    workflow.submit(report, world.users["leader"])
    report = workflow.report_for(world.commune, Q4, world.village_a)
    expected = ["chap-nhan", "tra-lai"] if role == "office" else []
    assert buttons(team_url(world)) == allowed(report) == expected
    if role in {"office", "leadership"}:
        commune = reverse("reports:commune_report", args=["2026Q4"])
        report = workflow.report_for(world.commune, Q4)
        assert buttons(commune) == allowed(report) == (["gui"] if role == "office" else [])
