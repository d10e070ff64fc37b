"""The report workflow: submit, return, accept (village team reports) and send (commune).

`REPORT_ACTIONS` is the table of its steps, run by the engine of reports/transitions.py:
every step runs inside transaction.atomic() on the report's row locked with
select_for_update(), then checks the status it found there: two people submitting or
accepting at the same moment are serialised, and the second one is refused with a clear
message instead of freezing a second snapshot or logging a transition twice. A transition
that is not allowed from the current status raises `TransitionRefused`; each one is logged
(`ReportTransition`). Submitting (sending) freezes the report's content (`_freeze`).

Each step happens at the server's time (`at`, now: the demo's history passes its own). A
quarter that has not started cannot be submitted or sent; one still running can (its due
date falls inside it), and the report states its data cut-off.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from binhdan.access import Capability, can, communes_for
from binhdan.dates import validate_happened
from binhdan.quarters import Quarter, days_left, deadline_status
from reports.kpis import frozen
from reports.kpis.arithmetic import KpiValue
from reports.kpis.queries import collect
from reports.kpis.scopes import Scope
from reports.models import EDITABLE, QuarterlyReport, ReportKind, ReportStatus, ReportTransition
from reports.quality import engine as quality
from reports.reporting.content import build_report_content, village_cell
from reports.transitions import Action, TransitionRefused, Workflow
from teams.models import Village


def report_for(commune, quarter: Quarter, village: Village | None = None) -> QuarterlyReport:
    """The report of a village team (or of the commune) for a quarter; a new unsaved draft
    when nobody has written it yet."""
    kind = ReportKind.VILLAGE if village else ReportKind.COMMUNE
    found = (
        QuarterlyReport.objects.of_quarter(quarter)
        .filter(kind=kind, commune=commune, village=village)
        .select_related("commune", "village")
        .first()
    )
    return found or QuarterlyReport(
        kind=kind,
        commune=commune,
        village=village,
        year=quarter.year,
        quarter=quarter.number,
    )


def scope_of(report: QuarterlyReport) -> Scope:
    return (
        Scope.of_village(report.village)
        if report.village_id
        else Scope.whole_commune(report.commune)
    )


def live_content(report: QuarterlyReport, figures=None) -> dict:
    content = build_report_content(scope_of(report), report.period, figures)
    if report.is_commune:
        content["village_reports"] = village_statuses(report.commune, report.period)
        content["villages"] = enclosed_villages(report.commune, report.period, content["villages"])
    return content


#: The village reports whose figures the commune report encloses (Phụ lục I).
ENCLOSED = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


def enclosed_villages(commune, quarter: Quarter, live_rows: list[dict]) -> list[dict]:
    """Phụ lục I as the commune report encloses it: each village's figures taken from its own
    submitted or accepted report (its frozen snapshot), so that the annex and the village
    reports it lists agree; a village with no such report keeps the live figures computed
    now, marked so ("not submitted: live figures at the time of writing")."""
    snapshots = {
        r.village_id: r
        for r in QuarterlyReport.objects.of_quarter(quarter).filter(
            kind=ReportKind.VILLAGE, commune=commune, status__in=ENCLOSED, snapshot__isnull=False
        )
    }
    rows = []
    for row in live_rows:
        report = snapshots.get(row["id"])
        if report is None:
            rows.append({**row, "source": "live"})
            continue
        frozen = report.snapshot
        cells = [village_cell(KpiValue.from_dict(k)) for k in frozen["kpis"]]
        k7 = next((k for k in frozen["kpis"] if k["code"] == "K7"), {})
        households = (k7.get("details") or {}).get("denominator", row["households"])
        rows.append(
            {
                **row,
                "households": households,
                "kpis": cells,
                "source": "report",
                "report_status": report.status,
                "frozen_on": report.submitted_on.isoformat() if report.submitted_on else None,
            }
        )
    return rows


def content_of(report: QuarterlyReport) -> dict:
    """What the report shows: its snapshot once frozen, live figures while it is a draft."""
    return report.snapshot if report.is_frozen else live_content(report)


def _locked(report: QuarterlyReport) -> QuarterlyReport:
    """Save a new report (a concurrent creation wins), then lock its row; inside atomic()."""
    if report.pk is not None:
        locked = QuarterlyReport.objects.select_for_update().filter(pk=report.pk).order_by().first()
        if locked is not None:
            return locked
        # Saved by a step that was refused and rolled back: new again.
        report.pk, report._state.adding = None, True
    if report.pk is None:
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            report = report_for(report.commune, report.period, report.village)
    return QuarterlyReport.objects.select_for_update().get(pk=report.pk)


def _move(report, user, to_status, comment="", at=None):
    """Log a step that the engine does not take (a new document date)."""
    ReportTransition.objects.create(
        report=report,
        from_status=report.status,
        to_status=to_status,
        user=user,
        comment=comment,
        at=at or timezone.now(),
    )
    report.status = to_status


def _refuse_not_started(report: QuarterlyReport, at: datetime.datetime):
    """Nothing of a quarter that has not started can be reported, nor be on time."""
    quarter = report.period
    if timezone.localdate(at) < quarter.first_day:
        raise TransitionRefused(
            _("%(quarter)s has not started yet: its report cannot be submitted before %(day)s.")
            % {"quarter": quarter.label, "day": f"{quarter.first_day:%d/%m/%Y}"}
        )


def _freeze(report: QuarterlyReport, user, at: datetime.datetime, comment: str = ""):
    """Build the snapshot now, with the ids of the rows behind each figure (so that its rows
    pages open what it counted); the first freezing's day is the one the deadline judges.

    A team's report first passes the data-quality check (reports/quality): a blocking finding
    refuses the submission, warnings need the leader's comment; what the check found and the
    comment are frozen with the figures. The commune's report keeps the commune's own check
    and, for its annex, what each team's frozen report said."""
    if report.kind == ReportKind.VILLAGE:
        found = quality.gate(report, comment)
        quality_part = found.as_snapshot(comment)
    else:
        quality_part = quality.check(scope_of(report), report.period).as_snapshot()
        quality_part["teams"] = _teams_quality(report)
    figures = collect(scope_of(report), report.period)  # once, for the content and the rows
    report.snapshot = live_content(report, figures)
    report.snapshot["rows"] = frozen.frozen_ids(figures)
    report.snapshot["quality"] = quality_part
    if report.submitted_on is None:
        report.submitted_at, report.submitted_on = at, timezone.localdate(at)
    report.frozen_at = at
    report.document_date = timezone.localdate(at)


def _teams_quality(report: QuarterlyReport) -> list[dict]:
    """The data-quality part of the quarter's frozen team reports, for the commune's annex."""
    team_reports = (
        QuarterlyReport.objects.of_quarter(report.period)
        .filter(kind=ReportKind.VILLAGE, commune=report.commune, snapshot__isnull=False)
        .select_related("village")
        .order_by("village__code")
    )
    teams = []
    for team_report in team_reports:
        part = (team_report.snapshot or {}).get("quality")
        if part and (part.get("rules") or part.get("explanation")):
            teams.append({"village": team_report.village.name, **part})
    return teams


def _refuse(report, message: str):
    """`message` has a %(status)s placeholder for the status the report is in."""
    raise TransitionRefused(message % {"status": report.get_status_display()})


def permits(user, capability: Capability, report: QuarterlyReport) -> bool:
    """May `user` do `capability` to `report` (saved or not)? A village team's report is in
    the scope of its village (a leader: their own); the commune's in that of the commune."""
    if report.village_id:
        return can(user, capability, report.village)
    return can(user, capability) and communes_for(user).filter(pk=report.commune_id).exists()


S = ReportStatus

#: The steps of the quarterly reports. A village team's report: its leader submits it (nộp),
#: the commune office returns it with what to correct (trả lại) or accepts it (chấp nhận);
#: the commune's report: the office marks it sent to the Department (gửi), whose staff
#: receive it (tiếp nhận) or return it to the commune with what to correct (trả lại xã), and
#: the office sends it again.
REPORT_ACTIONS = (
    Action(
        name="nop",
        kind=ReportKind.VILLAGE,
        label=_l("Submit to the commune"),
        labels={S.RETURNED: _l("Submit again")},
        sources=frozenset(EDITABLE),
        target=S.SUBMITTED,
        capability=Capability.WRITE_VILLAGE_REPORT,
        question=_l(
            "Submit this report? Its figures will be frozen as they are now, and it can no "
            "longer be changed unless the commune office returns it."
        ),
        confirm=_l("Submit"),
        done=_l("The report was submitted to the commune."),
        refused=_l("This report is “%(status)s”: it cannot be submitted now."),
        check=_refuse_not_started,
        hook=_freeze,
    ),
    Action(
        name="chap-nhan",
        kind=ReportKind.VILLAGE,
        label=_l("Accept"),
        style="success",
        sources=frozenset({S.SUBMITTED}),
        target=S.ACCEPTED,
        capability=Capability.REVIEW_REPORTS,
        question=_l("Accept this report?"),
        confirm=_l("Accept"),
        done=_l("The report was accepted."),
        refused=_l("This report is “%(status)s”: it cannot be accepted now."),
    ),
    Action(
        name="tra-lai",
        kind=ReportKind.VILLAGE,
        label=_l("Return for correction"),
        style="warning",
        sources=frozenset({S.SUBMITTED}),
        target=S.RETURNED,
        capability=Capability.REVIEW_REPORTS,
        question=_l("Return this report to the team for correction?"),
        confirm=_l("Return"),
        done=_l("The report was returned to the team."),
        refused=_l("This report is “%(status)s”: it cannot be returned now."),
        needs_comment=True,
        missing_comment=_l("Say what needs to be corrected."),
    ),
    Action(
        name="gui",
        kind=ReportKind.COMMUNE,
        label=_l("Mark as sent to the Department"),
        labels={S.RETURNED: _l("Mark as sent again")},
        sources=frozenset(EDITABLE),
        target=S.SENT,
        capability=Capability.WRITE_COMMUNE_REPORT,
        question=_l(
            "Mark this report as sent to the Department of Science and Technology now? "
            "Its figures will be frozen as they are now, and the deadline judges this "
            "moment. The document is dated today; the date can be changed afterwards, "
            "not to a day before today."
        ),
        confirm=_l("Mark as sent"),
        done=_l("The commune report is marked as sent."),
        refused=_l("This report is “%(status)s”: it cannot be sent now."),
        check=_refuse_not_started,
        hook=_freeze,
    ),
    Action(
        name="tiep-nhan",
        kind=ReportKind.COMMUNE,
        label=_l("Receive"),
        style="success",
        sources=frozenset({S.SENT}),
        target=S.RECEIVED,
        capability=Capability.RECEIVE_COMMUNE_REPORTS,
        question=_l("Receive this commune report?"),
        confirm=_l("Receive"),
        done=_l("The commune report was received."),
        refused=_l("This report is “%(status)s”: it cannot be received now."),
    ),
    Action(
        name="tra-lai-xa",
        kind=ReportKind.COMMUNE,
        label=_l("Return to the commune"),
        style="warning",
        sources=frozenset({S.SENT}),
        target=S.RETURNED,
        capability=Capability.RECEIVE_COMMUNE_REPORTS,
        question=_l("Return this report to the commune for correction?"),
        confirm=_l("Return"),
        done=_l("The report was returned to the commune."),
        refused=_l("This report is “%(status)s”: it cannot be returned now."),
        needs_comment=True,
        missing_comment=_l("Say what needs to be corrected."),
    ),
)

REPORTS = Workflow(
    model=QuarterlyReport,
    statuses=ReportStatus,
    actions=REPORT_ACTIONS,
    log=ReportTransition,
    subject="report",
    permits=permits,
    lock=_locked,
)


def save_narrative(report: QuarterlyReport, fields: dict) -> QuarterlyReport:
    """Save the narrative, number and signer of a draft or returned report."""
    with transaction.atomic():
        locked = _locked(report)
        if locked.status not in EDITABLE:
            _refuse(locked, _("This report is “%(status)s”: it can no longer be changed."))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save()
    return locked


# The steps by name, for callers that have decided who acts (the demo's history, commands,
# tests): the same engine, without asking the user's capability (the pages ask it).


def submit(
    report: QuarterlyReport, user, *, at: datetime.datetime | None = None, explanation: str = ""
):
    """A village team's leader submits the report: its content is frozen as it is now. The
    first submission's day is the one the deadline judges; a resubmission after a return
    freezes the content again (and dates the document) but keeps that day. `explanation`:
    the leader's comment on the data-quality warnings (needed when there are some)."""
    return REPORTS.perform(report, "nop", user, at=at, comment=explanation, check_access=False)


def accept(report: QuarterlyReport, user, *, at: datetime.datetime | None = None):
    return REPORTS.perform(report, "chap-nhan", user, at=at, check_access=False)


def return_report(
    report: QuarterlyReport, user, comment: str, *, at: datetime.datetime | None = None
):
    """The commune office returns a submitted report with what to correct."""
    return REPORTS.perform(report, "tra-lai", user, comment=comment, at=at, check_access=False)


def send(report: QuarterlyReport, user, *, at: datetime.datetime | None = None):
    """The commune office marks the commune report sent to the Department: frozen as it is
    now, judged on the day of this action and dated that day (see `set_document_date`)."""
    return REPORTS.perform(report, "gui", user, at=at, check_access=False)


def receive(report: QuarterlyReport, user, *, at: datetime.datetime | None = None):
    """The Department receives (tiếp nhận) a commune report that was sent."""
    return REPORTS.perform(report, "tiep-nhan", user, at=at, check_access=False)


def return_to_commune(
    report: QuarterlyReport, user, comment: str, *, at: datetime.datetime | None = None
):
    """The Department returns a sent commune report with what to correct; the commune office
    corrects it and sends it again (the first sending stays the one the deadline judges)."""
    return REPORTS.perform(report, "tra-lai-xa", user, comment=comment, at=at, check_access=False)


def set_document_date(report: QuarterlyReport, user, day: datetime.date):
    """The office dates the sent commune report's document (the day leadership signs it,
    say): not before its figures were frozen, not after today. The deadline's judgement
    stays that of the sending; the change is logged in the report's history."""
    with transaction.atomic():
        locked = _locked(report)
        if locked.kind != ReportKind.COMMUNE or locked.status != ReportStatus.SENT:
            _refuse(locked, _("This report is “%(status)s”: its document date cannot be set."))
        try:
            validate_happened(day, earliest=locked.frozen_on)
        except ValidationError as error:
            raise TransitionRefused(error.messages[0]) from error
        if day != locked.document_date:
            comment = _("Document date: %(day)s") % {"day": f"{day:%d/%m/%Y}"}
            _move(locked, user, ReportStatus.SENT, comment)
            locked.document_date = day
            locked.save()
    return locked


def village_statuses(commune, quarter: Quarter, today: datetime.date | None = None) -> list[dict]:
    """Every active village's team report for a quarter: status and deadline (two queries)."""
    today = today or timezone.localdate()
    reports = {
        r.village_id: r
        for r in QuarterlyReport.objects.of_quarter(quarter).filter(
            kind=ReportKind.VILLAGE, commune=commune
        )
    }
    due = quarter.team_report_due()
    rows = []
    for village in Village.objects.filter(commune=commune, is_active=True).order_by("code"):
        report = reports.get(village.pk)
        submitted_on = report.submitted_on if report else None
        deadline = deadline_status(due, submitted_on, today)
        rows.append(
            {
                "village_id": village.pk,
                "code": village.code,
                "name": village.name,
                "status": report.status if report else "",
                "submitted_on": submitted_on.isoformat() if submitted_on else None,
                "deadline": str(deadline),
                "days_left": days_left(due, today),
            }
        )
    return rows
