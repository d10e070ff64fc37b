"""The province's view of its communes' quarterly reports: what the Department of Science and
Technology (Sở KH&CN) expects, what it received and when.

The reporting rate and the on-time rate are DHIS2's data-set completeness: a commune is
expected to send one report per quarter; an "actual report" is a commune whose report has
been sent (marked sent, received, or returned for correction: it reached the Department), so
a commune that sends again after a return counts once; it is on time when its first sending
is on or before the due date (the 26th of the quarter's last month), the day the portal
judges every deadline by; missing once the due date has passed without it.

    reporting rate = actual reports / expected reports × 100
    on-time rate   = actual reports on time / expected reports × 100
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery

from binhdan.quarters import DEADLINE_LABELS, DeadlineStatus, Quarter, deadline_status
from reports.kpis.arithmetic import percent
from reports.models import QuarterlyReport, ReportKind, ReportStatus, SignedCopy
from teams.models import Commune

#: A report in one of these has reached the Department.
REACHED = (ReportStatus.SENT, ReportStatus.RECEIVED, ReportStatus.RETURNED)


@dataclass
class CommuneReportRow:
    commune: Commune
    report: QuarterlyReport | None  # None: nobody has written it yet
    deadline: DeadlineStatus
    actions: list = field(default_factory=list)  # the steps the viewer may take (the page's)

    @property
    def reached(self) -> bool:
        return self.report is not None and self.report.status in REACHED

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else ""

    @property
    def deadline_label(self) -> str:
        return DEADLINE_LABELS[self.deadline]


@dataclass(frozen=True)
class ReportingRates:
    expected: int
    sent: int
    on_time: int
    late: int
    missing: int
    pending: int  # not sent, due date still ahead

    @property
    def reporting_rate(self) -> float | None:
        return percent(self.sent, self.expected)

    @property
    def on_time_rate(self) -> float | None:
        return percent(self.on_time, self.expected)


def commune_reports(
    communes, quarter: Quarter, today: datetime.date
) -> tuple[list[CommuneReportRow], ReportingRates]:
    """Each commune's report of `quarter` with its deadline and its latest signed copy's id,
    and the rates: two queries."""
    latest_signed_copy = SignedCopy.objects.filter(report=OuterRef("pk")).values("pk")[:1]
    communes = list(communes.order_by("name", "code"))
    reports = {
        r.commune_id: r
        for r in QuarterlyReport.objects.of_quarter(quarter)
        .without_snapshots()
        .filter(kind=ReportKind.COMMUNE, commune__in=[c.pk for c in communes])
        .annotate(signed_copy_id=Subquery(latest_signed_copy))
    }
    due = quarter.commune_report_due()
    rows = []
    for commune in communes:
        report = reports.get(commune.pk)
        sent_on = report.submitted_on if report and report.status in REACHED else None
        rows.append(CommuneReportRow(commune, report, deadline_status(due, sent_on, today)))
    counted = [row.deadline for row in rows]
    rates = ReportingRates(
        expected=len(rows),
        sent=sum(1 for row in rows if row.reached),
        on_time=counted.count(DeadlineStatus.ON_TIME),
        late=counted.count(DeadlineStatus.LATE),
        missing=counted.count(DeadlineStatus.MISSING),
        pending=counted.count(DeadlineStatus.PENDING),
    )
    return rows, rates
