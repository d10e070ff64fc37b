"""The province (issue 18): the Department of Science and Technology receives its communes'
reports, returns them, and counts the reporting rate as DHIS2 does."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from binhdan.communes import province_of
from binhdan.quarters import Quarter
from reports.models import ReportStatus
from reports.reporting import province, workflow
from teams.models import Commune, Role
from tests.factories import CommuneFactory, UserFactory

pytestmark = pytest.mark.django_db

Q3 = Quarter(2026, 3)  # due on 26/09/2026
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=HANOI)


def _office(commune):
    return UserFactory(role=Role.OFFICE, commune=commune)


def _department(province_name: str = "Thái Nguyên"):
    return UserFactory(
        username=f"so-{province_name}", role=Role.DEPARTMENT, province=province_of(province_name)
    )


def test_rates_follow_dhis2_a_commune_that_sends_twice_counts_once():
    """Four communes: one sent on time, was returned and sent again; one sent late; one
    wrote a draft and never sent it; one never started. Expected 4, actual 2 (the one sent
    twice once), on time 1 (its first sending), late 1, missing 2."""
    twice, late, draft, silent = (CommuneFactory(name=n) for n in ("An", "Bình", "Cường", "Dũng"))
    department = _department()
    report = workflow.report_for(twice, Q3)
    workflow.send(report, _office(twice), at=_at(datetime.date(2026, 9, 20)))
    workflow.return_to_commune(
        report, department, "Thiếu phụ lục I.", at=_at(datetime.date(2026, 9, 22))
    )
    workflow.send(report, _office(twice), at=_at(datetime.date(2026, 10, 2)))
    workflow.send(workflow.report_for(late, Q3), _office(late), at=_at(datetime.date(2026, 9, 28)))
    workflow.report_for(draft, Q3).save()

    rows, rates = province.commune_reports(
        Commune.objects.filter(pk__in=[twice.pk, late.pk, draft.pk, silent.pk]),
        Q3,
        datetime.date(2026, 10, 5),
    )
    assert (rates.expected, rates.sent, rates.on_time, rates.late, rates.missing) == (4, 2, 1, 1, 2)
    assert (rates.reporting_rate, rates.on_time_rate, rates.pending) == (50.0, 25.0, 0)
    assert [str(row.deadline) for row in rows] == ["on_time", "late", "missing", "missing"]
    report.refresh_from_db()
    assert report.submitted_on == datetime.date(2026, 9, 20)  # the first sending is judged


def test_before_the_due_date_a_report_not_sent_is_not_missing_yet():
    commune = CommuneFactory()
    _rows, rates = province.commune_reports(
        Commune.objects.filter(pk=commune.pk), Q3, datetime.date(2026, 9, 10)
    )
    assert (rates.missing, rates.pending, rates.reporting_rate) == (0, 1, 0.0)


def test_the_department_returns_a_report_and_the_office_sees_it_on_its_home_page(world, client_for):
    report = workflow.report_for(world.commune, Quarter.containing(datetime.date.today()))
    workflow.send(report, world.users["office"])
    department = client_for("department")
    url = reverse(
        "reports:province_report_action", args=[report.period, world.commune.code, "tra-lai-xa"]
    )
    refused = department.post(url, {"comment": ""})
    assert refused.status_code == 200 and "bắt buộc" in refused.content.decode()
    department.post(url, {"comment": "Phụ lục I thiếu số liệu thôn Đoài."})
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED

    home = client_for("office").get(reverse("home")).content.decode()
    assert 'data-testid="task-commune-returned"' in home
    assert "Phụ lục I thiếu số liệu thôn Đoài." in home
    page = client_for("office").get(reverse("reports:commune_report", args=[report.period]))
    assert "Sở Khoa học và Công nghệ trả lại:" in page.content.decode()

    workflow.send(report, world.users["office"])
    received = reverse(
        "reports:province_report_action", args=[report.period, world.commune.code, "tiep-nhan"]
    )
    department.post(received)
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED
    assert [t.to_status for t in report.transitions.order_by("at", "pk")] == [
        ReportStatus.SENT,
        ReportStatus.RETURNED,
        ReportStatus.SENT,
        ReportStatus.RECEIVED,
    ]


def test_a_department_of_another_province_sees_none_of_these_communes(world, client_for):
    report = workflow.report_for(world.commune, Q3)
    workflow.send(report, world.users["office"])
    own = client_for("department").get(reverse("reports:province_reports"), {"quy": "2026Q3"})
    assert world.commune.name in own.content.decode()
    stranger = _department("Tuyên Quang")
    client = client_for("anonymous")
    client.force_login(stranger)
    page = client.get(reverse("reports:province_reports"), {"quy": "2026Q3"})
    assert page.status_code == 200 and world.commune.name not in page.content.decode()
    file_url = reverse("reports:province_report_file", args=[Q3, world.commune.code, "pdf"])
    assert client.get(file_url).status_code == 404
    action = reverse("reports:province_report_action", args=[Q3, world.commune.code, "tiep-nhan"])
    assert client.post(action).status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.SENT


def test_the_department_is_sent_to_its_reports_and_sees_nothing_inside_a_commune(world, client_for):
    client = client_for("department")
    assert client.get(reverse("home")).url == reverse("reports:province_dashboard")
    for name in ("households:household_list", "households:visit_list", "teams:member_list"):
        assert client.get(reverse(name)).status_code == 403


def test_a_department_account_has_a_province_and_no_commune():
    from django.core.exceptions import ValidationError

    commune = CommuneFactory()
    user = UserFactory.build(role=Role.DEPARTMENT, province=None)
    with pytest.raises(ValidationError):
        user.clean()
    user = UserFactory.build(role=Role.DEPARTMENT, province=commune.province, commune=commune)
    with pytest.raises(ValidationError):
        user.clean()
    user = UserFactory.build(role=Role.OFFICE, commune=commune, province=commune.province)
    with pytest.raises(ValidationError):
        user.clean()


def test_the_department_downloads_the_report_as_sent_and_the_commune_sees_it_in_its_log(
    world, client_for
):
    from binhdan.models import DataAccessLog

    report = workflow.send(workflow.report_for(world.commune, Q3), world.users["office"])
    url = reverse("reports:province_report_file", args=[Q3, world.commune.code, "pdf"])
    response = client_for("department").get(url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    entry = DataAccessLog.objects.get()
    assert (entry.commune_id, entry.user_id) == (world.commune.pk, world.users["department"].pk)
    assert report.snapshot is not None


def test_the_province_page_reads_the_same_number_of_queries_for_3_or_12_communes(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("department")
    url = reverse("reports:province_reports")

    def sent(n):
        for _ in range(n):
            commune = CommuneFactory(province=world.commune.province)
            office = _office(commune)
            workflow.send(workflow.report_for(commune, Q3), office)

    sent(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"quy": "2026Q3"}).status_code == 200
    sent(9)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, {"quy": "2026Q3"})
    assert page.content.decode().count('data-action="tiep-nhan"') == 11
    assert len(few) == len(many)
