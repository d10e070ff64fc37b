"""The report workflow: submit, return, accept (village team reports) and send (commune).

Every transition runs inside transaction.atomic() on the report's row locked with
select_for_update(), then checks the status it found there: two people submitting or
accepting at the same moment are serialised, and the second one is refused with a clear
message instead of freezing a second snapshot or logging a transition twice. A transition
that is not allowed from the current status raises `TransitionRefused`.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.content import build_report_content, village_cell
from reports.kpis import KpiValue
from reports.models import EDITABLE, QuarterlyReport, ReportKind, ReportStatus, ReportTransition
from reports.quarters import Quarter, days_left, deadline_status
from reports.scopes import Scope
from teams.models import Village


class TransitionRefused(Exception):
    """The report is not in a status that allows this step; the message says why."""


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


def live_content(report: QuarterlyReport) -> dict:
    content = build_report_content(scope_of(report), report.period)
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
    if report.pk is None:
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            report = report_for(report.commune, report.period, report.village)
    return QuarterlyReport.objects.select_for_update().get(pk=report.pk)


def _move(report, user, to_status, comment=""):
    ReportTransition.objects.create(
        report=report, from_status=report.status, to_status=to_status, user=user, comment=comment
    )
    report.status = to_status


def _refuse(report, message: str):
    """`message` has a %(status)s placeholder for the status the report is in."""
    raise TransitionRefused(message % {"status": report.get_status_display()})


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


def submit(report: QuarterlyReport, user, *, today: datetime.date | None = None):
    """A village team's leader submits the report: its content is frozen. The first
    submission's date is the one the deadline judges (a correction after a return keeps it)."""
    with transaction.atomic():
        locked = _locked(report)
        if locked.kind != ReportKind.VILLAGE or locked.status not in EDITABLE:
            _refuse(locked, _("This report is “%(status)s”: it cannot be submitted now."))
        locked.snapshot = live_content(locked)
        locked.submitted_on = locked.submitted_on or today or timezone.localdate()
        _move(locked, user, ReportStatus.SUBMITTED)
        locked.save()
    return locked


def accept(report: QuarterlyReport, user):
    with transaction.atomic():
        locked = _locked(report)
        if locked.status != ReportStatus.SUBMITTED:
            _refuse(locked, _("This report is “%(status)s”: it cannot be accepted now."))
        _move(locked, user, ReportStatus.ACCEPTED)
        locked.save()
    return locked


def return_report(report: QuarterlyReport, user, comment: str):
    """The commune office returns a submitted report with what to correct."""
    if not comment.strip():
        raise TransitionRefused(_("Say what needs to be corrected."))
    with transaction.atomic():
        locked = _locked(report)
        if locked.status != ReportStatus.SUBMITTED:
            _refuse(locked, _("This report is “%(status)s”: it cannot be returned now."))
        _move(locked, user, ReportStatus.RETURNED, comment.strip())
        locked.save()
    return locked


def send(report: QuarterlyReport, user, sent_on: datetime.date):
    """The commune office marks the commune report sent to the Department: frozen."""
    with transaction.atomic():
        locked = _locked(report)
        if locked.kind != ReportKind.COMMUNE or locked.status != ReportStatus.DRAFT:
            _refuse(locked, _("This report is “%(status)s”: it cannot be sent now."))
        locked.snapshot = live_content(locked)
        locked.sent_on = sent_on
        locked.submitted_on = sent_on
        _move(locked, user, ReportStatus.SENT)
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
