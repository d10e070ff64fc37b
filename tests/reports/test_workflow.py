"""The report workflow: transitions, refusals, the frozen snapshot and deadline states."""

import datetime

import pytest

from reports import workflow
from reports.models import QuarterlyReport, ReportStatus
from reports.quarters import DeadlineStatus, Quarter
from reports.workflow import TransitionRefused
from tests.factories import MemberFactory, SupportVisitFactory, TeamFactory

pytestmark = pytest.mark.django_db
Q4 = Quarter(2026, 4)


def draft(world, village=None):
    return workflow.report_for(world.commune, Q4, village or world.village_a)


def test_submit_freezes_the_figures_and_logs_who_did_it(world):
    member = MemberFactory(team=TeamFactory(village=world.village_a))
    SupportVisitFactory.create_batch(2, member=member, date=datetime.date(2026, 10, 5))
    leader = world.users["leader"]
    report = workflow.submit(draft(world), leader, today=datetime.date(2026, 12, 21))
    assert report.status == ReportStatus.SUBMITTED
    assert report.snapshot["visits"]["visits"] == 2
    SupportVisitFactory(member=member, date=datetime.date(2026, 10, 6))
    report.refresh_from_db()
    assert workflow.content_of(report)["visits"]["visits"] == 2  # frozen
    step = report.transitions.get()
    assert (step.user, step.from_status, step.to_status) == (leader, "draft", "submitted")


@pytest.mark.parametrize(
    ("submitted_on", "expected"),
    [
        (datetime.date(2026, 12, 21), DeadlineStatus.ON_TIME),
        (datetime.date(2026, 12, 22), DeadlineStatus.LATE),
        (None, DeadlineStatus.MISSING),
    ],
)
def test_deadline_states_at_the_boundary(world, submitted_on, expected):
    if submitted_on:
        workflow.submit(draft(world), world.users["leader"], today=submitted_on)
    rows = workflow.village_statuses(world.commune, Q4, today=datetime.date(2026, 12, 22))
    assert rows[0]["code"] == "LM01" and rows[0]["deadline"] == expected


def test_returned_report_is_resubmitted_and_keeps_its_first_date(world):
    office, leader = world.users["office"], world.users["leader"]
    report = workflow.submit(draft(world), leader, today=datetime.date(2026, 12, 20))
    report = workflow.return_report(report, office, "Bổ sung số liệu tập huấn")
    assert report.status == ReportStatus.RETURNED
    report = workflow.save_narrative(report, {"results": "Đã bổ sung"})
    report = workflow.submit(report, leader, today=datetime.date(2026, 12, 23))
    report = workflow.accept(report, office)
    assert report.status == ReportStatus.ACCEPTED
    assert report.submitted_on == datetime.date(2026, 12, 20)
    assert [t.to_status for t in report.transitions.all()] == [
        "submitted",
        "returned",
        "submitted",
        "accepted",
    ]
    assert report.transitions.all()[1].comment == "Bổ sung số liệu tập huấn"


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


def test_commune_report_is_sent_with_its_date_and_frozen(world):
    report = workflow.report_for(world.commune, Q4)
    sent = workflow.send(report, world.users["office"], datetime.date(2026, 12, 26))
    assert (sent.status, sent.sent_on) == (ReportStatus.SENT, datetime.date(2026, 12, 26))
    assert sent.deadline_status(datetime.date(2027, 1, 5)) == DeadlineStatus.ON_TIME
    assert [v["code"] for v in sent.snapshot["village_reports"]] == ["LM01", "LM02"]
    with pytest.raises(TransitionRefused):
        workflow.send(sent, world.users["office"], datetime.date(2026, 12, 27))
    with pytest.raises(TransitionRefused):
        workflow.submit(workflow.report_for(world.commune, Q4), world.users["office"])


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
