"""The quarterly report pages: a village team's report, the commune report, the office's
table of every village's report for a quarter, and the reports' PDF, Excel and Word files.

Access, by capability (binhdan/access.py): a village team's report is read with
VIEW_REPORTS (404 outside the user's villages), written and submitted with
WRITE_VILLAGE_REPORT (its leader), accepted or returned with REVIEW_REPORTS (the commune
office). The commune report and the status table need VIEW_COMMUNE_REPORTS; writing,
sending and dating it WRITE_COMMUNE_REPORT. The buttons of a report's page are the steps
the workflow's table allows this user now (`REPORTS.allowed_actions`); one view confirms and
performs any of them.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from binhdan.access import Capability, can, capability_required, flags
from binhdan.audit import record_data_access
from binhdan.downloads import attachment
from binhdan.picker import quarter_choices, quarter_from_request, year_choices
from binhdan.quarters import DEADLINE_LABELS, Quarter
from binhdan.replicas import reads_from_replica
from reports.awards.yearreview import review
from reports.kpis import frozen, queries, rows
from reports.kpis.scopes import scope_for
from reports.kpis.views import render_rows
from reports.models import EDITABLE, QuarterlyReport, ReportKind, ReportStatus
from reports.quality import engine as quality
from reports.reporting import exports, pdf, signed, word, workflow
from reports.reporting.content import content_differences, kpi_differences, kpis_of
from reports.reporting.documents import ReportDocument, YearDocument, status_rows
from reports.reporting.forms import DocumentDateForm, ExplanationForm, NarrativeForm, ReturnForm
from reports.transitions import Action


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
    capability = (
        Capability.WRITE_COMMUNE_REPORT if report.is_commune else Capability.WRITE_VILLAGE_REPORT
    )
    return workflow.permits(user, capability, report)


def _action_url(report: QuarterlyReport, action: Action) -> str:
    if report.is_commune:  # its one step, "gui", has the URL it always had
        return reverse("reports:commune_report_send", args=[report.period])
    return reverse(
        "reports:team_report_action", args=[report.period, report.village_id, action.name]
    )


def _url(report: QuarterlyReport) -> str:
    if report.is_commune:
        return reverse("reports:commune_report", args=[report.period])
    return reverse("reports:team_report", args=[report.period, report.village_id])


def _quality_url(report: QuarterlyReport) -> str:
    url = f"{reverse('reports:quality')}?quy={report.period}"
    return f"{url}&thon={report.village_id}" if report.village_id else url


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
            # The data-quality check: what was frozen, or (still editable) what it finds now.
            "quality_frozen": (report.snapshot or {}).get("quality") if report.is_frozen else None,
            "quality_check": None
            if report.is_frozen or not can(request.user, Capability.VIEW_DATA_QUALITY)
            else quality.check(workflow.scope_of(report), report.period),
            "quality_url": _quality_url(report),
            "form": form,
            "differences": differences,
            "transitions": report.transitions.select_related("user") if report.pk else [],
            "actions": [
                {
                    "action": action,
                    "label": action.label_for(report),
                    "url": _action_url(report, action),
                }
                for action in workflow.REPORTS.allowed_actions(report, request.user)
            ],
            "date_form": DocumentDateForm(report=report)
            if report.is_commune
            and report.status == ReportStatus.SENT
            and _writes(request.user, report)
            else None,
            **_signed_copies(request.user, report),
            **flags(request.user, Capability.VIEW_COMMUNE_REPORTS),
            "quarter": report.period,
            "url": _url(report),
        },
    )


def _signed_copies(user, report: QuarterlyReport) -> dict:
    """The report's signed copies, latest first, each with its file's URL, and where to
    upload one (for whoever may)."""
    if not report.is_frozen:
        return {}
    copies = list(report.signed_copies.select_related("uploaded_by"))
    for copy in copies:
        if report.is_commune:
            copy.url = reverse("reports:commune_signed_file", args=[report.period, copy.pk])
        else:
            args = [report.period, report.village_id, copy.pk]
            copy.url = reverse("reports:team_signed_file", args=args)
    upload = None
    if signed.may_upload(user, report):
        upload = (
            reverse("reports:commune_signed_upload", args=[report.period])
            if report.is_commune
            else reverse("reports:team_signed_upload", args=[report.period, report.village_id])
        )
    return {"signed_copies": copies, "signed_upload_url": upload}


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
    return _action_url(report, workflow.REPORTS.action("gui" if report.is_commune else "nop"))


@capability_required(Capability.VIEW_REPORTS)
@reads_from_replica
def team_report(request, quarter, pk):
    return _narrative(request, _village_report(request, quarter, pk))


@capability_required(Capability.VIEW_COMMUNE_REPORTS)
@reads_from_replica
def commune_report(request, quarter):
    return _narrative(request, _commune_report(request, quarter))


def _action(request, report: QuarterlyReport, action: Action, back: str | None = None):
    """Confirm, then take a step of the report's workflow (the table in workflow.py) that the
    user has the capability for: 404 outside their scope; a step the report's status does
    not allow is refused with its message. `back`: where to go after (the report's page)."""
    back = back or _url(report)
    if not workflow.permits(request.user, action.capability, report):
        raise Http404
    form = ReturnForm(request.POST or None) if action.needs_comment else None
    checked = None
    if action.name == "nop":
        if request.method == "POST":
            refused = _submit(request, report, action)
            if refused is None:
                return redirect(back)
            if not isinstance(refused, quality.QualityRefused | ExplanationMissing):
                messages.error(request, str(refused))  # e.g. submitted meanwhile
                return redirect(back)
        # The data-quality check: what blocks, and the warnings to explain (on a POST, only
        # once the submission's own check, under the report's lock, has refused it).
        checked = quality.check(workflow.scope_of(report), report.period)
        if checked.warnings:
            form = ExplanationForm(request.POST or None)
            if form.is_bound:
                form.is_valid()  # show what the explanation lacks
        if request.method == "POST":
            messages.error(
                request,
                _("Correct the rows that block the submission first.")
                if checked.blocking
                else str(refused),
            )
    elif request.method == "POST" and (form is None or form.is_valid()):
        comment = form.cleaned_data["comment"] if form else ""
        try:
            workflow.REPORTS.perform(report, action, request.user, comment=comment)
        except workflow.TransitionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, action.done)
        return redirect(back)
    return render(
        request,
        "reports/report_confirm.html",
        {
            "report": report,
            "question": action.question,
            "button": action.confirm,
            "form": form,
            "url": back,
            "check": checked,
            "quality_url": _quality_url(report),
        },
    )


class ExplanationMissing(workflow.TransitionRefused):
    """The explanation posted with a submission is not valid (too long, empty)."""


def _submit(request, report: QuarterlyReport, action: Action):
    """Submit a team's report with the explanation posted (if any): None when done, else
    why not. The data-quality rules run once, inside the submission (quality.gate)."""
    explanation = ExplanationForm(request.POST)
    if "comment" in request.POST and not explanation.is_valid():
        return ExplanationMissing(" ".join(explanation.errors["comment"]))
    comment = explanation.cleaned_data.get("comment", "") if "comment" in request.POST else ""
    try:
        workflow.REPORTS.perform(report, action, request.user, comment=comment)
    except workflow.TransitionRefused as error:
        return error
    messages.success(request, action.done)
    return None


@login_required
def team_report_action(request, quarter, pk, action):
    """Confirm, then submit (the leader), return or accept (the office) a team's report: 404
    for a step a team's report does not have, 403 without the step's capability."""
    found = workflow.REPORTS.action(action)
    if found is None or found.kind != ReportKind.VILLAGE:
        raise Http404
    if not can(request.user, found.capability):
        raise PermissionDenied
    return _action(request, _village_report(request, quarter, pk), found)


@login_required
def commune_report_action(request, quarter, action):
    """Confirm, then mark the commune report sent to the Department: frozen and judged at
    the time of this step (no typed date changes that)."""
    found = workflow.REPORTS.action(action)
    if found is None or found.kind != ReportKind.COMMUNE:
        raise Http404
    if not can(request.user, found.capability):
        raise PermissionDenied
    return _action(request, _commune_report(request, quarter), found)


@capability_required(Capability.WRITE_COMMUNE_REPORT)
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


def _download(request, report: QuarterlyReport, fmt: str, content=None) -> HttpResponse:
    """The report as PDF, Excel or Word: `content` (its snapshot, for the Department) or what
    its page shows; the download goes into the access log of the report's commune."""
    content = workflow.content_of(report) if content is None else content
    document = ReportDocument(report, content, timezone.localdate())
    if fmt == "pdf":
        body, what = pdf.report_pdf(document), _("Quarterly report (PDF)")
    elif fmt == "docx":
        body, what = word.report_docx(document), _("Quarterly report (Word)")
    else:
        body, what = exports.report_xlsx(document), _("Quarterly report (Excel)")
    response = attachment(body, f"{document.filename}.{fmt}")
    record_data_access(request, what, village=report.village, commune=report.commune)
    return response


@capability_required(Capability.VIEW_REPORTS)
@reads_from_replica
def team_report_file(request, quarter, pk, fmt):
    return _download(request, _village_report(request, quarter, pk), fmt)


@capability_required(Capability.VIEW_COMMUNE_REPORTS)
@reads_from_replica
def commune_report_file(request, quarter, fmt):
    return _download(request, _commune_report(request, quarter), fmt)


def _report_rows(request, report: QuarterlyReport, code: str, xlsx: bool) -> HttpResponse:
    """The rows behind a figure of a report: as its snapshot froze them once it is submitted
    (sent), today's while it is a draft. A report frozen before the rows were kept says so
    and links to today's rows."""
    scope, quarter = workflow.scope_of(report), report.period
    extra = {
        "report_url": _url(report),
        "report_title": _("Commune report") if report.is_commune else _("Team report"),
    }
    if not report.is_frozen:
        figures = queries.collect(scope, quarter)
        parts, kpi = rows.live_parts(figures, code), figures.kpis()[code]
    else:
        kpi = kpis_of(report.snapshot)[code]
        stored = (report.snapshot.get("rows") or {}).get(code)
        if stored is None:
            parts = []
            extra["not_kept"] = report.frozen_on
            live = "commune_rows" if report.is_commune else "village_rows"
            args = [code] if report.is_commune else [report.village_id, code]
            extra["live_url"] = (
                f"{reverse(f'reports:{live}', args=args)}?{urlencode({'quy': quarter})}"
            )
        else:
            parts = frozen.frozen_parts(scope.kind, code, kpi, stored)
            extra["frozen_on"] = report.frozen_on
    if xlsx and not parts:
        raise Http404
    return render_rows(
        request, scope=scope, quarter=quarter, kpi=kpi, parts=parts, xlsx=xlsx, extra=extra
    )


@capability_required(Capability.VIEW_REPORTS)
@reads_from_replica
def team_report_rows(request, quarter, pk, code, xlsx=False):
    return _report_rows(request, _village_report(request, quarter, pk), code, xlsx)


@capability_required(Capability.VIEW_COMMUNE_REPORTS)
@reads_from_replica
def commune_report_rows(request, quarter, code, xlsx=False):
    return _report_rows(request, _commune_report(request, quarter), code, xlsx)


def _year_download(request, scope, year: int, fmt: str) -> HttpResponse:
    if year not in year_choices():
        raise Http404
    report = workflow.report_for(scope.commune, Quarter(year, 4), scope.village)
    content = review(scope, year, timezone.localdate()).content
    document = YearDocument(report, content, timezone.localdate())
    writers = {"pdf": pdf.report_pdf, "docx": word.report_docx, "xlsx": exports.year_xlsx}
    body = writers[fmt](document)
    response = attachment(body, f"{document.filename}.{fmt}")
    record_data_access(
        request, _("Year review (%(format)s)") % {"format": fmt.upper()}, village=scope.village
    )
    return response


@capability_required(Capability.VIEW_COMMUNE_REPORTS)
@reads_from_replica
def year_file(request, year, fmt):
    """The commune's year review (sơ kết) as PDF, Excel or Word."""
    scope = scope_for(request.user)
    if scope is None:
        raise Http404
    return _year_download(request, scope, year, fmt)


@capability_required(Capability.VIEW_REPORTS)
@reads_from_replica
def year_village_file(request, year, pk, fmt):
    """A village team's year review as PDF, Excel or Word (404 outside the user's villages)."""
    return _year_download(request, scope_for(request.user, village_pk=pk), year, fmt)


@capability_required(Capability.VIEW_COMMUNE_REPORTS)
@reads_from_replica
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
