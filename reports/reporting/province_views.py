"""The Department of Science and Technology's pages: the communes' quarterly reports of its
province, each one's file, and receiving (tiếp nhận) or returning it (trả lại) through the
reports' workflow (reports/reporting/workflow.py). Scoped by `communes_for(user)`: a
Department user sees the communes of their own province and nothing inside them."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from binhdan.access import Capability, capability_required, communes_for
from binhdan.picker import quarter_choices, quarter_from_request
from binhdan.quarters import Quarter
from binhdan.replicas import reads_from_replica
from reports.models import QuarterlyReport, ReportKind
from reports.reporting import province, workflow
from reports.reporting import views as report_views
from teams.models import Province

#: The Department's steps, by their URL word.
DEPARTMENT_ACTIONS = ("tiep-nhan", "tra-lai-xa")


def _list_url(quarter: Quarter) -> str:
    return f"{reverse('reports:province_reports')}?{urlencode({'quy': str(quarter)})}"


def _sent_report(request, quarter: Quarter, code: str) -> QuarterlyReport:
    """A commune's report of `quarter` as it reached the Department (404 otherwise, and for
    a commune outside the user's province)."""
    commune = get_object_or_404(communes_for(request.user), code=code)
    return get_object_or_404(
        QuarterlyReport.objects.select_related("commune"),
        kind=ReportKind.COMMUNE,
        commune=commune,
        year=quarter.year,
        quarter=quarter.number,
        status__in=province.REACHED,
    )


@capability_required(Capability.VIEW_PROVINCE_REPORTS)
@reads_from_replica
def province_reports(request):
    """Every commune's report of a quarter: status, sent on, on time or not, the rates."""
    quarter = quarter_from_request(request)
    rows, rates = province.commune_reports(
        communes_for(request.user), quarter, timezone.localdate()
    )
    for row in rows:  # the buttons: the steps the workflow allows this user now
        row.actions = (
            [
                action
                for action in workflow.REPORTS.allowed_actions(
                    row.report, request.user, in_scope=True
                )
                if action.name in DEPARTMENT_ACTIONS
            ]
            if row.reached
            else []
        )
    return render(
        request,
        "reports/province_reports.html",
        {
            "province": Province.objects.for_user(request.user).first(),
            "quarter": quarter,
            "quarters": quarter_choices(),
            "due": quarter.commune_report_due(),
            "rows": rows,
            "rates": rates,
        },
    )


@capability_required(Capability.VIEW_PROVINCE_REPORTS)
@reads_from_replica
def province_report_file(request, quarter, code, fmt):
    """The report as it was sent (its frozen content), as PDF or Excel."""
    report = _sent_report(request, quarter, code)
    return report_views._download(request, report, fmt, content=report.snapshot)


@capability_required(Capability.RECEIVE_COMMUNE_REPORTS)
def province_report_action(request, quarter, code, action):
    """Confirm, then receive a sent report or return it with what to correct."""
    if action not in DEPARTMENT_ACTIONS:
        raise Http404
    report = _sent_report(request, quarter, code)
    step = workflow.REPORTS.action(action)
    return report_views._action(request, report, step, back=_list_url(quarter))
