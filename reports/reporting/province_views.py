"""The Department of Science and Technology's pages: the communes' quarterly reports of its
province, each one's file, and receiving (tiếp nhận) or returning it (trả lại) through the
reports' workflow (reports/reporting/workflow.py). Scoped by `communes_for(user)`: a
Department user sees the communes of their own province and nothing inside them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from binhdan.access import Capability, capability_required, communes_for
from binhdan.audit import record_data_access
from binhdan.downloads import attachment
from binhdan.picker import quarter_choices, quarter_from_request
from binhdan.quarters import Quarter
from reports.models import QuarterlyReport, ReportKind
from reports.reporting import exports, pdf, province, workflow
from reports.reporting.documents import ReportDocument
from reports.reporting.forms import ReturnForm
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
def province_report_file(request, quarter, code, fmt):
    """The report as it was sent (its frozen content), as PDF or Excel."""
    report = _sent_report(request, quarter, code)
    document = ReportDocument(report, report.snapshot, timezone.localdate())
    if fmt == "pdf":
        body, what = pdf.report_pdf(document), _("Quarterly report (PDF)")
    else:
        body, what = exports.report_xlsx(document), _("Quarterly report (Excel)")
    response = attachment(body, f"{document.filename}.{fmt}")
    record_data_access(request, what, commune=report.commune)
    return response


@capability_required(Capability.RECEIVE_COMMUNE_REPORTS)
def province_report_action(request, quarter, code, action):
    """Confirm, then receive a sent report or return it with what to correct."""
    if action not in DEPARTMENT_ACTIONS:
        raise Http404
    step = workflow.REPORTS.action(action)
    report = _sent_report(request, quarter, code)
    if not workflow.permits(request.user, step.capability, report):
        raise Http404
    form = ReturnForm(request.POST or None) if step.needs_comment else None
    if request.method == "POST" and (form is None or form.is_valid()):
        comment = form.cleaned_data["comment"] if form else ""
        try:
            workflow.REPORTS.perform(report, step, request.user, comment=comment)
        except workflow.TransitionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, step.done)
        return redirect(_list_url(quarter))
    return render(
        request,
        "reports/report_confirm.html",
        {
            "report": report,
            "question": step.question,
            "button": step.confirm,
            "form": form,
            "url": _list_url(quarter),
        },
    )
