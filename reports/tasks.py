"""What waits for each user on the home page (việc đang chờ): the panel "Tasks waiting for me".

Not background jobs: each function reads, for one user now, what they are expected to do.
- a village team's leader (WRITE_VILLAGE_REPORT): the team's reports the commune office
  returned for correction, with its comment, and this quarter's report while it is not
  submitted, with the days left to the team deadline (the 21st);
- the commune office (REVIEW_REPORTS): the village reports submitted and waiting for its
  review, the village teams that have not submitted this quarter's report yet, and its own
  report to the Department while it is not sent (the 26th);
- whoever is a team member (tổ viên) with a log-in: the households in their charge that no
  support visit nor communication activity has reached yet (the registry's "never reached").

Which part a user gets follows their capabilities (binhdan/access.py), and every query goes
through the models' `for_user`. A fixed number of queries, whatever the number of reports,
villages or households.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.urls import reverse

from binhdan.access import Capability, can, communes_for, villages_for
from binhdan.quarters import Quarter, days_left
from households.models import Household
from reports.models import QuarterlyReport, ReportKind, ReportStatus, ReportTransition
from teams.models import Member

#: How many of the never-reached households the panel names (the registry lists them all).
NAMED_HOUSEHOLDS = 5


@dataclass(frozen=True)
class ReportTask:
    """A quarterly report someone has to write, correct, review or send."""

    quarter: Quarter
    place: str  # the village, or the commune
    status: str  # a ReportStatus, "" when nobody has written it yet
    status_label: str
    url: str
    due: datetime.date
    days_left: int
    submitted_on: datetime.date | None = None
    comment: str = ""  # what the commune office asked to correct (a returned report)


@dataclass(frozen=True)
class PendingVillages:
    """Village teams that have not submitted a quarter's report yet (the office's view)."""

    quarter: Quarter
    count: int
    total: int
    due: datetime.date
    days_left: int
    url: str


@dataclass(frozen=True)
class NeverReached:
    """Households in a member's charge never reached yet: how many, the first few, and the
    registry's list of them."""

    count: int
    households: list
    url: str


@dataclass
class Tasks:
    returned: list[ReportTask] = field(default_factory=list)
    to_submit: list[ReportTask] = field(default_factory=list)
    to_review: list[ReportTask] = field(default_factory=list)
    to_send: list[ReportTask] = field(default_factory=list)
    pending_villages: PendingVillages | None = None
    never_reached: NeverReached | None = None

    def __bool__(self) -> bool:
        return bool(
            self.returned
            or self.to_submit
            or self.to_review
            or self.to_send
            or self.pending_villages
            or self.never_reached
        )


def tasks_for(user, today: datetime.date) -> Tasks | None:
    """Everything waiting for `user`; None when their role has no such tasks (leadership,
    police), so that the home page shows no panel at all."""
    # The account's own member (one at most: in key order, not the members' list order, which
    # joins the teams, villages and communes to sort one row). Read by its account alone, not
    # through the scope's nested subqueries (about 1 ms more on every dashboard): what it
    # leads to, the households in its charge, is read through the user's scope.
    member = Member.objects.filter(user=user).active(today).order_by("pk").first()
    leads = can(user, Capability.WRITE_VILLAGE_REPORT)
    reviews = can(user, Capability.REVIEW_REPORTS)
    if not (leads or reviews or member):
        return None
    tasks = Tasks()
    if leads:
        tasks.returned, tasks.to_submit = leader_tasks(user, today)
    if reviews:
        tasks.to_review, tasks.pending_villages = office_tasks(user, today)
    if can(user, Capability.WRITE_COMMUNE_REPORT):
        tasks.to_send = commune_report_tasks(user, today)
    if member is not None:
        tasks.never_reached = member_tasks(user, member)
    return tasks


def _task(report: QuarterlyReport, today: datetime.date, place: str) -> ReportTask:
    url = (
        reverse("reports:commune_report", args=[report.period])
        if report.is_commune
        else reverse("reports:team_report", args=[report.period, report.village_id])
    )
    return ReportTask(
        quarter=report.period,
        place=place,
        status=report.status if report.pk else "",
        status_label=report.get_status_display() if report.pk else "",
        url=url,
        due=report.due,
        days_left=days_left(report.due, today),
        submitted_on=report.submitted_on,
        comment=getattr(report, "return_comment", None) or "",
    )


def leader_tasks(user, today: datetime.date) -> tuple[list[ReportTask], list[ReportTask]]:
    """(returned, to submit): the team's reports returned for correction, oldest quarter
    first, each with the office's latest comment; and this quarter's report of each village
    the leader writes for, while nobody has submitted it. Two queries."""
    current = Quarter.containing(today)
    last_return = ReportTransition.objects.filter(
        report=OuterRef("pk"), to_status=ReportStatus.RETURNED
    ).order_by("-at", "-pk")
    reports = list(
        QuarterlyReport.objects.for_user(user, write=True)
        .filter(kind=ReportKind.VILLAGE)
        .filter(Q(status=ReportStatus.RETURNED) | Q(year=current.year, quarter=current.number))
        .annotate(return_comment=Subquery(last_return.values("comment")[:1]))
        .select_related("village")
        .order_by("year", "quarter", "village__code")
    )
    returned = [
        _task(r, today, r.village.name) for r in reports if r.status == ReportStatus.RETURNED
    ]
    started = {r.village_id: r for r in reports if r.period == current}
    to_submit = []
    for village in villages_for(user, write=True).filter(is_active=True).order_by("code"):
        report = started.get(village.pk)
        if report is None:
            report = QuarterlyReport(
                kind=ReportKind.VILLAGE,
                commune_id=village.commune_id,
                village=village,
                year=current.year,
                quarter=current.number,
            )
        if report.status == ReportStatus.DRAFT:
            to_submit.append(_task(report, today, village.name))
    return returned, to_submit


def office_tasks(user, today: datetime.date) -> tuple[list[ReportTask], PendingVillages | None]:
    """(to review, pending villages): the village reports submitted and waiting for the
    office's review, first submitted first; and how many of the active villages have not
    submitted this quarter's report yet (None once every one has). Two queries."""
    waiting = (
        QuarterlyReport.objects.for_user(user)
        .filter(kind=ReportKind.VILLAGE, status=ReportStatus.SUBMITTED)
        .select_related("village")
        .order_by("submitted_at", "pk")
    )
    to_review = [_task(report, today, report.village.name) for report in waiting]
    current = Quarter.containing(today)
    submitted = QuarterlyReport.objects.of_quarter(current).filter(
        village=OuterRef("pk"), submitted_on__isnull=False
    )
    counts = (
        villages_for(user)
        .filter(is_active=True)
        .annotate(submitted=Exists(submitted))
        .aggregate(total=Count("pk"), pending=Count("pk", filter=Q(submitted=False)))
    )
    pending = None
    if counts["pending"]:
        due = current.team_report_due()
        pending = PendingVillages(
            quarter=current,
            count=counts["pending"],
            total=counts["total"],
            due=due,
            days_left=days_left(due, today),
            url=f"{reverse('reports:report_status')}?{urlencode({'quy': str(current)})}",
        )
    return to_review, pending


def commune_report_tasks(user, today: datetime.date) -> list[ReportTask]:
    """The commune reports the Department returned for correction, oldest quarter first,
    each with its comment; then this quarter's report of each of the user's communes while
    nobody has sent it. Two queries."""
    current = Quarter.containing(today)
    communes = list(communes_for(user).order_by("name"))
    last_return = ReportTransition.objects.filter(
        report=OuterRef("pk"), to_status=ReportStatus.RETURNED
    ).order_by("-at", "-pk")
    reports = list(
        QuarterlyReport.objects.for_user(user, write=True)
        .filter(kind=ReportKind.COMMUNE)
        .filter(Q(status=ReportStatus.RETURNED) | Q(year=current.year, quarter=current.number))
        .annotate(return_comment=Subquery(last_return.values("comment")[:1]))
        .select_related("commune")
        .order_by("year", "quarter", "commune__name")
    )
    tasks = [_task(r, today, r.commune.name) for r in reports if r.status == ReportStatus.RETURNED]
    this_quarter = {r.commune_id: r for r in reports if r.period == current}
    for commune in communes:
        report = this_quarter.get(commune.pk) or QuarterlyReport(
            kind=ReportKind.COMMUNE, commune=commune, year=current.year, quarter=current.number
        )
        if report.status == ReportStatus.DRAFT:
            tasks.append(_task(report, today, commune.name))
    return tasks


def member_tasks(user, member: Member) -> NeverReached | None:
    """The households in `member`'s charge that nothing has reached yet (the registry's
    priority list "never reached"); None when there are none. Two queries."""
    households = Household.objects.for_user(user).filter(member_in_charge=member).never_reached()
    count = households.count()
    if not count:
        return None
    query = urlencode({"member": member.pk, "priority": "never_reached"})
    return NeverReached(
        count=count,
        households=list(households.in_list_order()[:NAMED_HOUSEHOLDS]),
        url=f"{reverse('households:household_list')}?{query}",
    )
