"""The quarterly report pages: a village team's report, the commune report, the office's
table of every village's report for a quarter, and the reports' PDF and Excel files.

Access: a village team's report is read by the roles that read its KPIs (404 outside their
villages); its leader writes and submits it; the commune office accepts or returns it. The
commune report and the status table are for the office (which writes and sends) and
leadership (which reads and downloads). Police have no business here (403).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdan.access import has_role, role_required, villages_for
from binhdan.audit import record_data_access
from binhdan.downloads import attachment
from binhdan.picker import quarter_choices, quarter_from_request, year_choices
from binhdan.quarters import DEADLINE_LABELS, Quarter
from reports.awards.yearreview import review
from reports.kpis import queries
from reports.kpis.scopes import scope_for
from reports.models import EDITABLE, QuarterlyReport, ReportStatus
from reports.reporting import exports, pdf, workflow
from reports.reporting.content import content_differences, kpi_differences
from reports.reporting.documents import ReportDocument, YearDocument, status_rows
from reports.reporting.forms import DocumentDateForm, NarrativeForm, ReturnForm
from teams.models import Role

REPORT_READERS = (Role.OFFICE, Role.LEADER, Role.MEMBER, Role.LEADERSHIP)
COMMUNE_READERS = (Role.OFFICE, Role.LEADERSHIP)

#: The steps of a village team's report: URL word -> (who, what the confirm page asks).
ACTIONS = {
    "nop": Role.LEADER,
    "tra-lai": Role.OFFICE,
    "chap-nhan": Role.OFFICE,
}


def _village_report(request, quarter, pk) -> QuarterlyReport:
    scope = scope_for(request.user, village_pk=pk)  # 404 outside the user's villages
    return workflow.report_for(scope.commune, quarter, scope.village)


def _commune_report(request, quarter) -> QuarterlyReport:
    scope = scope_for(request.user)
    if scope is None:
        raise Http404
    return workflow.report_for(scope.commune, quarter)


def _writes(user, report: QuarterlyReport) -> bool:
    """The village's leader writes its team's report; the office writes the commune's."""
    if report.is_commune:
        return has_role(user, Role.OFFICE)
    return (
        has_role(user, Role.LEADER)
        and villages_for(user, write=True).filter(pk=report.village_id).exists()
    )


def _url(report: QuarterlyReport) -> str:
    if report.is_commune:
        return reverse("reports:commune_report", args=[report.period])
    return reverse("reports:team_report", args=[report.period, report.village_id])


def _page(request, report: QuarterlyReport, form=None):
    today = timezone.localdate()
    content = workflow.content_of(report)
    differences = []
    if report.is_frozen and report.is_commune:
        # The commune report: its KPIs and every village's figures in Phụ lục I.
        differences = content_differences(report.snapshot, workflow.live_content(report))
    elif report.is_frozen:
        live = queries.compute_kpis(workflow.scope_of(report), report.period)
        differences = kpi_differences(report.snapshot, {"kpis": live.to_list()})
    return render(
        request,
        "reports/report.html",
        {
            "report": report,
            "doc": ReportDocument(report, content, today),
            "form": form,
            "differences": differences,
            "transitions": report.transitions.select_related("user") if report.pk else [],
            "can_submit": not report.is_commune
            and _writes(request.user, report)
            and report.status in EDITABLE,
            "can_review": not report.is_commune
            and has_role(request.user, Role.OFFICE)
            and report.status == ReportStatus.SUBMITTED,
            "can_send": report.is_commune
            and has_role(request.user, Role.OFFICE)
            and report.status == ReportStatus.DRAFT,
            "date_form": DocumentDateForm(report=report)
            if report.is_commune
            and has_role(request.user, Role.OFFICE)
            and report.status == ReportStatus.SENT
            else None,
            "quarter": report.period,
            "url": _url(report),
        },
    )


def _narrative(request, report: QuarterlyReport):
    """The report page; its narrative form for whoever writes it while it is editable."""
    editable = _writes(request.user, report) and report.status in EDITABLE
    if request.method == "POST" and not _writes(request.user, report):
        raise PermissionDenied
    then_label = _("Save and mark as sent") if report.is_commune else _("Save and submit")
    form = (
        NarrativeForm(request.POST or None, instance=report, then_label=then_label)
        if editable
        else None
    )
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This report can no longer be changed."))
            return redirect(_url(report))
        if form.is_valid():
            try:
                workflow.save_narrative(report, {f: form.cleaned_data[f] for f in form.fields})
            except workflow.TransitionRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The narrative was saved."))
                if "then" in request.POST:
                    return redirect(_next_step_url(report))
            return redirect(_url(report))
    return _page(request, report, form)


def _next_step_url(report: QuarterlyReport) -> str:
    """The confirmation page that follows writing: submit (a team) or mark sent (commune)."""
    if report.is_commune:
        return reverse("reports:commune_report_send", args=[report.period])
    return reverse("reports:team_report_action", args=[report.period, report.village_id, "nop"])


@role_required(*REPORT_READERS)
def team_report(request, quarter, pk):
    return _narrative(request, _village_report(request, quarter, pk))


@role_required(*COMMUNE_READERS)
def commune_report(request, quarter):
    return _narrative(request, _commune_report(request, quarter))


@role_required(Role.OFFICE, Role.LEADER)
def team_report_action(request, quarter, pk, action):
    """Confirm, then submit (the leader), return or accept (the office) a team's report."""
    if action not in ACTIONS:
        raise Http404
    if not has_role(request.user, ACTIONS[action]):
        raise PermissionDenied
    report = _village_report(request, quarter, pk)
    if action == "nop" and not _writes(request.user, report):
        raise PermissionDenied
    form = ReturnForm(request.POST or None) if action == "tra-lai" else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if action == "nop":
                workflow.submit(report, request.user)
                messages.success(request, _("The report was submitted to the commune."))
            elif action == "chap-nhan":
                workflow.accept(report, request.user)
                messages.success(request, _("The report was accepted."))
            else:
                workflow.return_report(report, request.user, form.cleaned_data["comment"])
                messages.success(request, _("The report was returned to the team."))
        except workflow.TransitionRefused as error:
            messages.error(request, str(error))
        return redirect(_url(report))
    questions = {
        "nop": _(
            "Submit this report? Its figures will be frozen as they are now, and it can no "
            "longer be changed unless the commune office returns it."
        ),
        "chap-nhan": _("Accept this report?"),
        "tra-lai": _("Return this report to the team for correction?"),
    }
    buttons = {"nop": _("Submit"), "chap-nhan": _("Accept"), "tra-lai": _("Return")}
    return render(
        request,
        "reports/report_confirm.html",
        {
            "report": report,
            "question": questions[action],
            "button": buttons[action],
            "form": form,
            "url": _url(report),
        },
    )


@role_required(Role.OFFICE)
def commune_report_send(request, quarter):
    """Confirm, then mark the commune report sent to the Department: frozen and judged at
    the time of this step (no typed date changes that)."""
    report = _commune_report(request, quarter)
    if request.method == "POST":
        try:
            workflow.send(report, request.user)
        except workflow.TransitionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The commune report is marked as sent."))
        return redirect(_url(report))
    return render(
        request,
        "reports/report_confirm.html",
        {
            "report": report,
            "question": _(
                "Mark this report as sent to the Department of Science and Technology now? "
                "Its figures will be frozen as they are now, and the deadline judges this "
                "moment. The document is dated today; the date can be changed afterwards, "
                "not to a day before today."
            ),
            "button": _("Mark as sent"),
            "url": _url(report),
        },
    )


@role_required(Role.OFFICE)
def commune_report_date(request, quarter):
    """Change the date printed on the sent commune report: from the day its figures were
    frozen to today."""
    report = _commune_report(request, quarter)
    if report.status != ReportStatus.SENT:
        messages.error(request, _("The document date can be set once the report is sent."))
        return redirect(_url(report))
    form = DocumentDateForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.set_document_date(report, request.user, form.cleaned_data["document_date"])
        except workflow.TransitionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The document date was saved."))
        return redirect(_url(report))
    return render(
        request,
        "reports/report_confirm.html",
        {
            "report": report,
            "question": _("Change the date printed on this report?"),
            "button": _("Save the date"),
            "form": form,
            "url": _url(report),
        },
    )


def _download(request, report: QuarterlyReport, fmt: str) -> HttpResponse:
    document = ReportDocument(report, workflow.content_of(report), timezone.localdate())
    if fmt == "pdf":
        body, what = pdf.report_pdf(document), _("Quarterly report (PDF)")
    else:
        body, what = exports.report_xlsx(document), _("Quarterly report (Excel)")
    response = attachment(body, f"{document.filename}.{fmt}")
    record_data_access(request, what, village=report.village)
    return response


@role_required(*REPORT_READERS)
def team_report_file(request, quarter, pk, fmt):
    return _download(request, _village_report(request, quarter, pk), fmt)


@role_required(*COMMUNE_READERS)
def commune_report_file(request, quarter, fmt):
    return _download(request, _commune_report(request, quarter), fmt)


def _year_download(request, scope, year: int, fmt: str) -> HttpResponse:
    if year not in year_choices():
        raise Http404
    report = workflow.report_for(scope.commune, Quarter(year, 4), scope.village)
    content = review(scope, year, timezone.localdate()).content
    document = YearDocument(report, content, timezone.localdate())
    body = pdf.report_pdf(document) if fmt == "pdf" else exports.year_xlsx(document)
    response = attachment(body, f"{document.filename}.{fmt}")
    record_data_access(
        request, _("Year review (%(format)s)") % {"format": fmt.upper()}, village=scope.village
    )
    return response


@role_required(*COMMUNE_READERS)
def year_file(request, year, fmt):
    """The commune's year review (sơ kết) as PDF or Excel."""
    scope = scope_for(request.user)
    if scope is None:
        raise Http404
    return _year_download(request, scope, year, fmt)


@role_required(*REPORT_READERS)
def year_village_file(request, year, pk, fmt):
    """A village team's year review as PDF or Excel (404 outside the user's villages)."""
    return _year_download(request, scope_for(request.user, village_pk=pk), year, fmt)


@role_required(*COMMUNE_READERS)
def report_status(request):
    """Every village's team report for a quarter: status, on time / late / missing."""
    quarter = quarter_from_request(request)
    scope = scope_for(request.user)
    if scope is None:
        raise Http404
    commune_report = workflow.report_for(scope.commune, quarter)
    today = timezone.localdate()
    return render(
        request,
        "reports/report_status.html",
        {
            "quarter": quarter,
            "quarters": quarter_choices(),
            "rows": status_rows(workflow.village_statuses(scope.commune, quarter)),
            "commune_report": commune_report,
            "commune_report_deadline": commune_report.deadline_status(today),
            "commune_report_deadline_label": DEADLINE_LABELS[commune_report.deadline_status(today)],
            "commune_days_left": (commune_report.due - today).days,
        },
    )
