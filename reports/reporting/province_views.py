"""The Department of Science and Technology's pages: the province's overview (its communes'
KPIs, compared and added up, with a commune's dashboard read-only, and the province's Excel
and PDF), the communes' quarterly reports, each one's file, and receiving (tiếp nhận) or
returning it (trả lại) through the reports' workflow (reports/reporting/workflow.py). Scoped
by `communes_for(user)`: a Department user sees the communes of their own province, their
figures and reports, and no resident or member inside them."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from binhdan.access import Capability, capability_required, communes_for
from binhdan.downloads import attachment, file_attachment
from binhdan.picker import quarter_choices, quarter_from_request
from binhdan.quarters import Quarter
from binhdan.replicas import reads_from_replica
from reports.kpis import charts, queries
from reports.kpis import province as province_kpis
from reports.kpis.arithmetic import CODES
from reports.kpis.scopes import Scope
from reports.kpis.views import sorted_table, trend_quarters
from reports.models import QuarterlyReport, ReportKind
from reports.reporting import province, province_files, workflow
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


@capability_required(Capability.VIEW_PROVINCE_KPIS)
@reads_from_replica
def province_dashboard(request):
    """The province's K1-K10 for a quarter, its communes ranked by any KPI (?sap-xep=-K8),
    whether each has reported, and the trend: a constant number of queries, whatever the
    number of communes."""
    quarter = quarter_from_request(request)
    communes = communes_for(request.user)
    figures = province_kpis.province_figures(communes, quarter)
    reports, rates = province.commune_reports(communes, quarter, timezone.localdate())
    by_commune = {row.commune.pk: row for row in reports}
    for row in figures.communes:
        row["report"] = by_commune.get(row["commune"].pk)
    table, sort = sorted_table(figures.communes, request.GET.get("sap-xep", ""))
    trend = province_kpis.province_trend(communes, trend_quarters(quarter))
    return render(
        request,
        "reports/province_dashboard.html",
        {
            "province": Province.objects.for_user(request.user).first(),
            "quarter": quarter,
            "quarters": quarter_choices(),
            "kpis": figures.kpis,
            "table": table,
            "sort": sort,
            "codes": CODES,
            "rates": rates,
            "due": quarter.commune_report_due(),
            "chart": charts.trend_svg(trend),
        },
    )


@capability_required(Capability.VIEW_PROVINCE_KPIS)
@reads_from_replica
def province_commune(request, code):
    """A commune's dashboard as its office sees it, read-only: its K1-K10, its villages' and
    the trend; no link to the rows behind a figure (names of residents and members)."""
    commune = get_object_or_404(communes_for(request.user).select_related("province"), code=code)
    quarter = quarter_from_request(request)
    scope = Scope.whole_commune(commune)
    figures = queries.collect(scope, quarter)
    table, sort = sorted_table(figures.village_table(), request.GET.get("sap-xep", ""))
    return render(
        request,
        "reports/province_commune.html",
        {
            "commune": commune,
            "scope": scope,
            "quarter": quarter,
            "quarters": quarter_choices(),
            "kpis": figures.kpis(),
            "table": table,
            "sort": sort,
            "codes": CODES,
            "chart": charts.trend_svg(queries.trend(scope, trend_quarters(quarter))),
        },
    )


@capability_required(Capability.VIEW_PROVINCE_KPIS)
@reads_from_replica
def province_file(request, quarter, fmt):
    """Every commune's figures of a quarter: the Excel workbook (written row by row, a few
    communes at a time) or the province's summary report in the Decree 30 form, issued by the
    Department to the Provincial People's Committee (PDF, or its Word copy to correct)."""
    province_obj = Province.objects.for_user(request.user).first()
    if province_obj is None:
        raise Http404
    communes = communes_for(request.user)
    name = f"tong-hop-{quarter}-{province_obj.code}".lower()
    if fmt == "xlsx":
        file = province_files.province_xlsx(province_obj, communes, quarter, timezone.localdate())
        return file_attachment(file, f"{name}.xlsx")
    writers = {"pdf": province_files.province_pdf, "docx": province_files.province_docx}
    body = writers[fmt](province_obj, communes, quarter, timezone.localdate())
    return attachment(body, f"{name}.{fmt}")


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
    """The report as it was sent (its frozen content), as PDF, Excel or Word."""
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
