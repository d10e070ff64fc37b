"""The report workflow: transitions, refusals, the frozen snapshot and deadline states."""

import datetime

import pytest
from django.utils import timezone

from binhdan.quarters import DeadlineStatus, Quarter
from reports.models import QuarterlyReport, ReportStatus
from reports.reporting import workflow
from reports.reporting.workflow import TransitionRefused
from tests.factories import MemberFactory, SupportVisitFactory, TeamFactory, local_time

pytestmark = pytest.mark.django_db
Q4 = Quarter(2026, 4)


def draft(world, village=None):
    return workflow.report_for(world.commune, Q4, village or world.village_a)


def test_submit_freezes_the_figures_and_logs_who_did_it(world):
    member = MemberFactory(team=TeamFactory(village=world.village_a))
    SupportVisitFactory.create_batch(2, member=member, date=datetime.date(2026, 10, 5))
    leader = world.users["leader"]
    report = workflow.submit(draft(world), leader, at=local_time(2026, 12, 21))
    assert report.status == ReportStatus.SUBMITTED
    assert report.snapshot["visits"]["visits"] == 2
    SupportVisitFactory(member=member, date=datetime.date(2026, 10, 6))
    report.refresh_from_db()
    assert workflow.content_of(report)["visits"]["visits"] == 2  # frozen
    step = report.transitions.get()
    assert (step.user, step.from_status, step.to_status) == (leader, "draft", "submitted")


@pytest.mark.parametrize(
    ("submitted_at", "expected"),
    [
        (local_time(2026, 12, 21, hour=23), DeadlineStatus.ON_TIME),  # 16:00 UTC: still the 21st
        (local_time(2026, 12, 22, hour=0), DeadlineStatus.LATE),  # 17:00 UTC on the 21st
        (None, DeadlineStatus.MISSING),
    ],
)
def test_deadline_states_at_the_boundary_on_the_commune_s_clock(world, submitted_at, expected):
    if submitted_at:
        workflow.submit(draft(world), world.users["leader"], at=submitted_at)
    rows = workflow.village_statuses(world.commune, Q4, today=datetime.date(2026, 12, 22))
    assert rows[0]["code"] == "LM01" and rows[0]["deadline"] == expected


def test_a_resubmission_freezes_the_figures_again_and_keeps_the_first_day(world):
    office, leader = world.users["office"], world.users["leader"]
    member = MemberFactory(team=TeamFactory(village=world.village_a))
    SupportVisitFactory(member=member, date=datetime.date(2026, 10, 5))
    report = workflow.submit(draft(world), leader, at=local_time(2026, 12, 20))
    returned_at = local_time(2026, 12, 22)
    report = workflow.return_report(report, office, "Bổ sung số liệu tập huấn", at=returned_at)
    assert report.status == ReportStatus.RETURNED
    SupportVisitFactory(member=member, date=datetime.date(2026, 10, 6))
    report = workflow.save_narrative(report, {"results": "Đã bổ sung"})
    report = workflow.submit(report, leader, at=local_time(2026, 12, 23, hour=10))
    assert report.snapshot["visits"]["visits"] == 2  # built again, with the correction
    assert report.frozen_at == local_time(2026, 12, 23, hour=10) and report.was_resubmitted
    assert report.document_date == datetime.date(2026, 12, 23)
    assert report.submitted_at == local_time(2026, 12, 20)
    assert report.submitted_on == datetime.date(2026, 12, 20)  # what the deadline judges
    assert report.deadline_status(datetime.date(2027, 1, 5)) == DeadlineStatus.ON_TIME
    report = workflow.accept(report, office, at=local_time(2026, 12, 24))
    assert report.status == ReportStatus.ACCEPTED
    assert [(t.to_status, t.at) for t in report.transitions.filter(to_status="submitted")] == [
        ("submitted", local_time(2026, 12, 20)),
        ("submitted", local_time(2026, 12, 23, hour=10)),
    ]
    assert [t.to_status for t in report.transitions.all()] == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]
    assert report.transitions.all()[1].comment == "Bổ sung số liệu tập huấn"


def test_a_quarter_not_started_cannot_be_submitted_nor_sent_and_nothing_is_saved(world):
    ahead = Quarter.containing(timezone.localdate()).next()
    village_report = workflow.report_for(world.commune, ahead, world.village_a)
    with pytest.raises(TransitionRefused) as refused:
        workflow.submit(village_report, world.users["leader"])
    assert str(refused.value) == (
        f"{ahead.label} chưa bắt đầu: chưa thể nộp báo cáo của quý trước ngày "
        f"{ahead.first_day:%d/%m/%Y}."
    )
    with pytest.raises(TransitionRefused, match="chưa bắt đầu"):
        workflow.send(workflow.report_for(world.commune, ahead), world.users["office"])
    assert not QuarterlyReport.objects.exists()


def test_a_quarter_still_running_can_be_submitted_before_its_end(world):
    report = workflow.submit(draft(world), world.users["leader"], at=local_time(2026, 12, 1))
    assert report.status == ReportStatus.SUBMITTED
    assert report.deadline_status(datetime.date(2026, 12, 1)) == DeadlineStatus.ON_TIME
    assert report.snapshot["data_cutoff"] == timezone.localdate().isoformat()


def test_refused_transitions_say_why_in_vietnamese(world):
    office, leader = world.users["office"], world.users["leader"]
    with pytest.raises(TransitionRefused, match="không thể"):
        workflow.accept(draft(world), office)
    report = workflow.submit(draft(world), leader)
    with pytest.raises(TransitionRefused, match="Đã nộp"):
        workflow.submit(report, leader)  # a second click, or a second person
    with pytest.raises(TransitionRefused):
        workflow.save_narrative(report, {"results": "sửa sau khi nộp"})
    with pytest.raises(TransitionRefused):
        workflow.return_report(report, office, "  ")
    accepted = workflow.accept(report, office)
    with pytest.raises(TransitionRefused):
        workflow.return_report(accepted, office, "muộn quá")
    assert QuarterlyReport.objects.get().transitions.count() == 2


def test_a_stale_copy_cannot_accept_twice(world):
    office = world.users["office"]
    report = workflow.submit(draft(world), world.users["leader"])
    stale = QuarterlyReport.objects.get(pk=report.pk)
    workflow.accept(report, office)
    with pytest.raises(TransitionRefused):
        workflow.return_report(stale, office, "trả lại")  # the row is re-read under lock
    assert QuarterlyReport.objects.get().status == ReportStatus.ACCEPTED


def test_commune_report_is_sent_frozen_and_dated_on_the_day_of_the_action(world):
    report = workflow.report_for(world.commune, Q4)
    sent = workflow.send(report, world.users["office"], at=local_time(2026, 12, 26, hour=16))
    assert sent.status == ReportStatus.SENT
    assert (sent.submitted_on, sent.document_date) == (datetime.date(2026, 12, 26),) * 2
    assert sent.submitted_at == sent.frozen_at == local_time(2026, 12, 26, hour=16)
    assert sent.deadline_status(datetime.date(2027, 1, 5)) == DeadlineStatus.ON_TIME
    assert [v["code"] for v in sent.snapshot["village_reports"]] == ["LM01", "LM02"]
    with pytest.raises(TransitionRefused):
        workflow.send(sent, world.users["office"])
    with pytest.raises(TransitionRefused):
        workflow.submit(workflow.report_for(world.commune, Q4), world.users["office"])


Q3 = Quarter(2026, 3)  # over: its commune report was due on 26/09/2026


def test_an_overdue_commune_report_stays_late_whatever_document_date_is_typed(world):
    office = world.users["office"]
    sent = workflow.send(workflow.report_for(world.commune, Q3), office, at=local_time(2026, 9, 28))
    assert sent.deadline_status(timezone.localdate()) == DeadlineStatus.LATE
    with pytest.raises(TransitionRefused) as refused:
        workflow.set_document_date(sent, office, datetime.date(2026, 9, 25))  # backdated
    assert str(refused.value) == (
        f"Ngày phải từ 28/09/2026 đến hôm nay ({timezone.localdate():%d/%m/%Y})."
    )
    with pytest.raises(TransitionRefused, match="Ngày phải từ 28/09/2026"):
        workflow.set_document_date(sent, office, timezone.localdate() + datetime.timedelta(1))
    dated = workflow.set_document_date(sent, office, datetime.date(2026, 9, 30))
    assert dated.document_date == datetime.date(2026, 9, 30)
    assert dated.submitted_on == datetime.date(2026, 9, 28)
    assert dated.deadline_status(timezone.localdate()) == DeadlineStatus.LATE
    assert dated.transitions.last().comment == "Ngày văn bản: 30/09/2026"


def test_a_report_sent_before_its_times_were_kept_is_dated_from_its_snapshot_s_day(world):
    office = world.users["office"]
    sent = workflow.send(workflow.report_for(world.commune, Q3), office)
    QuarterlyReport.objects.filter(pk=sent.pk).update(submitted_at=None, frozen_at=None)
    sent.refresh_from_db()
    assert sent.frozen_on == timezone.localdate()  # the content says when it was built
    with pytest.raises(TransitionRefused, match="Ngày phải từ"):
        workflow.set_document_date(sent, office, timezone.localdate() - datetime.timedelta(1))


def test_only_a_sent_commune_report_takes_a_document_date(world):
    with pytest.raises(TransitionRefused, match="không thể đặt ngày văn bản"):
        workflow.set_document_date(
            workflow.report_for(world.commune, Q3), world.users["office"], timezone.localdate()
        )


@pytest.mark.django_db(transaction=True)
def test_two_people_reviewing_at_the_same_moment_leave_one_decision(world):
    """On PostgreSQL the row lock makes the second reviewer wait, then refuses them."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by itself; the row lock is PostgreSQL's")
    report = workflow.submit(draft(world), world.users["leader"])
    office = world.users["office"]
    barrier = threading.Barrier(2)
    outcomes = []

    def review(step):
        barrier.wait()
        try:
            step()
            outcomes.append("done")
        except TransitionRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=review, args=(lambda: workflow.accept(report, office),)),
        threading.Thread(
            target=review, args=(lambda: workflow.return_report(report, office, "sửa"),)
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    assert QuarterlyReport.objects.get().transitions.count() == 2  # submitted + one decision
