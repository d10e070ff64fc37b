"""The workflow engine (reports/transitions.py): its tables are the single source of the
steps, `allowed_actions` answers role × action × status × scope, and `perform` checks them."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from binhdan.quarters import Quarter
from reports.awards.workflow import NOMINATION_ACTIONS, NOMINATIONS
from reports.models import NominationStatus, ReportKind, ReportStatus
from reports.reporting import workflow
from reports.reporting.workflow import REPORT_ACTIONS, REPORTS
from reports.transitions import allowed_actions, perform
from tests.factories import NominationFactory

Q4 = Quarter(2026, 4)
ROLES = ("office", "leader", "member", "leadership", "police", "department")
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.mark.parametrize(
    ("actions", "statuses"),
    [(REPORT_ACTIONS, ReportStatus), (NOMINATION_ACTIONS, NominationStatus)],
)
def test_every_step_goes_between_statuses_of_its_workflow(actions, statuses):
    for action in actions:
        assert action.sources and action.sources <= set(statuses.values), action.name
        assert action.target in statuses.values and action.target not in action.sources
        assert action.label and action.question and action.confirm and action.done
        assert action.refused and (action.missing_comment or not action.needs_comment)
    words = [(action.kind, action.name) for action in actions]
    assert len(words) == len(set(words))  # one URL word per step


def test_the_report_table_is_today_s_workflow():
    steps = {(a.kind, a.name): (sorted(a.sources), a.target) for a in REPORT_ACTIONS}
    assert steps == {
        (ReportKind.VILLAGE, "nop"): (["draft", "returned"], "submitted"),
        (ReportKind.VILLAGE, "chap-nhan"): (["submitted"], "accepted"),
        (ReportKind.VILLAGE, "tra-lai"): (["submitted"], "returned"),
        (ReportKind.COMMUNE, "gui"): (["draft", "returned"], "sent"),
        (ReportKind.COMMUNE, "tiep-nhan"): (["sent"], "received"),
        (ReportKind.COMMUNE, "tra-lai-xa"): (["sent"], "returned"),
    }
    assert [a.name for a in REPORT_ACTIONS if a.needs_comment] == ["tra-lai", "tra-lai-xa"]
    steps = {a.name: (sorted(a.sources), a.target) for a in NOMINATION_ACTIONS}
    assert steps == {
        "gui-so": (["proposed"], "submitted"),
        "rut": (["proposed", "submitted"], "withdrawn"),
    }


def test_no_template_writes_a_step_s_button_by_hand():
    """The buttons of a step are those of `allowed_actions`: no template names a step's URL."""
    steps = re.compile(
        r"url '(reports:(team_report_action|commune_report_send|nomination_action))'"
    )
    found = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if steps.search(path.read_text())
    ]
    assert found == []


def _report_in(world, status: str, kind: str):
    """A report of village_a (or of the commune) in `status`, through the workflow."""
    leader, office = world.users["leader"], world.users["office"]
    if kind == ReportKind.COMMUNE:
        report = workflow.report_for(world.commune, Q4)
        if status == ReportStatus.DRAFT:
            return report
        report = workflow.send(report, office)
        department = world.users["department"]
        if status == ReportStatus.RETURNED:
            return workflow.return_to_commune(report, department, "Bổ sung phụ lục")
        if status == ReportStatus.RECEIVED:
            return workflow.receive(report, department)
        return report
    report = workflow.report_for(world.commune, Q4, world.village_a)
    if status == ReportStatus.DRAFT:
        return report
    report = workflow.submit(report, leader)
    if status == ReportStatus.RETURNED:
        return workflow.return_report(report, office, "Bổ sung")
    if status == ReportStatus.ACCEPTED:
        return workflow.accept(report, office)
    return report


#: action -> the roles that may take it on an object of their own commune or village
EXPECTED = {
    "nop": {"leader"},
    "chap-nhan": {"office"},
    "tra-lai": {"office"},
    "gui": {"office"},
    "tiep-nhan": {"department"},
    "tra-lai-xa": {"department"},
}
#: The statuses each kind of report goes through.
KIND_STATUSES = {
    ReportKind.VILLAGE: {"draft", "submitted", "returned", "accepted"},
    ReportKind.COMMUNE: {"draft", "sent", "returned", "received"},
}
NOMINATION_EXPECTED = {"gui-so": {"office"}, "rut": {"office"}}


@pytest.mark.django_db
@pytest.mark.parametrize("action", REPORT_ACTIONS, ids=lambda a: a.name)
@pytest.mark.parametrize("role", ROLES)
def test_role_x_report_action(world, role, action):
    for status in ReportStatus.values:
        if status not in KIND_STATUSES[action.kind]:
            continue
        report = _report_in(world, status, action.kind)
        allowed = action in allowed_actions(report, world.users[role])
        assert allowed is (role in EXPECTED[action.name] and status in action.sources), status
        if report.pk:
            report.delete()


@pytest.mark.django_db
@pytest.mark.parametrize("action", NOMINATION_ACTIONS, ids=lambda a: a.name)
@pytest.mark.parametrize("role", ROLES)
def test_role_x_nomination_action(world, role, action):
    for status in NominationStatus.values:
        nomination = NominationFactory(village=world.village_a, status=status)
        allowed = action in allowed_actions(nomination, world.users[role])
        assert allowed is (role in NOMINATION_EXPECTED[action.name] and status in action.sources)
        nomination.delete()


@pytest.mark.django_db
def test_a_leader_may_take_no_step_on_another_village_s_report(world):
    report = workflow.report_for(world.commune, Q4, world.village_b)
    assert REPORTS.allowed_actions(report, world.users["leader"]) == []
    assert [a.name for a in REPORTS.allowed_actions(report, world.users["office"])] == []
    submitted = workflow.submit(report, world.users["office"])  # the demo's stand-in
    assert [a.name for a in allowed_actions(submitted, world.users["office"])] == [
        "chap-nhan",
        "tra-lai",
    ]
    other = NominationFactory(village=world.other_commune_village)
    assert NOMINATIONS.allowed_actions(other, world.users["office"]) == []


@pytest.mark.django_db
def test_perform_checks_the_capability_on_the_object_and_changes_nothing_without_it(world):
    report = workflow.report_for(world.commune, Q4, world.village_b)
    with pytest.raises(PermissionDenied):
        perform(report, "nop", world.users["leader"])  # not their village
    with pytest.raises(PermissionDenied):
        perform(report, "nop", world.users["office"])  # the office does not submit
    assert report.pk is None
    nomination = NominationFactory(village=world.village_a)
    with pytest.raises(PermissionDenied):
        perform(nomination, "gui-so", world.users["leadership"])
    nomination.refresh_from_db()
    assert nomination.status == "proposed" and not nomination.transitions.exists()
    done = perform(nomination, "gui-so", world.users["office"])
    assert done.status == "submitted" and done.status_changed_by == world.users["office"]
