"""The dashboard (the home page), the KPI drill-down pages of a team and of a member, and the
rows behind each figure (its members, visits, weeks, households... and their Excel file)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from binhdan.access import Capability, can, capability_required, get_for_user
from binhdan.audit import record_data_access
from binhdan.collation import person_sort_key
from binhdan.downloads import file_attachment
from binhdan.paging import page_of
from binhdan.picker import quarter_choices, quarter_from_request
from binhdan.quarters import Quarter, days_left
from binhdan.replicas import reads_from_replica
from households import queries as household_queries
from households.models import Household, SupportVisit
from reports.kpis import charts, exports, queries, rows
from reports.kpis.arithmetic import CODES, KpiValue
from reports.kpis.scopes import Scope, ScopeKind, scope_for
from reports.reporting.figures import team_kpi_explanation
from reports.tasks import tasks_for
from teams.models import Member

#: The trend chart shows the quarter and the seven before it.
TREND_QUARTERS = 8
C = Capability


def _deadlines(quarter: Quarter, scope: Scope) -> list[dict]:
    today = timezone.localdate()
    deadlines = [(_("Team reports to the Commune People's Committee"), quarter.team_report_due())]
    if scope.kind != ScopeKind.VILLAGE:
        deadlines.append(
            (
                _("Commune report to the Department of Science and Technology"),
                quarter.commune_report_due(),
            )
        )
    return [
        {"label": label, "due": due, "days_left": days_left(due, today)} for label, due in deadlines
    ]


def trend_quarters(quarter: Quarter) -> list[Quarter]:
    """The trend chart's quarters: `quarter` and the seven before it."""
    quarters = [quarter]
    while len(quarters) < TREND_QUARTERS:
        quarters.insert(0, quarters[0].previous())
    return quarters


def _trend_chart(scope: Scope, quarter: Quarter):
    return charts.trend_svg(queries.trend(scope, trend_quarters(quarter)))


def sorted_table(rows: list[dict], sort: str) -> tuple[list[dict], str]:
    """Sort the village table by a KPI code ("K5" ascending, "-K5" descending); no data last."""
    code = sort.lstrip("-")
    if code not in CODES:
        return rows, ""
    with_value = [r for r in rows if r["kpis"][code].value is not None]
    without = [r for r in rows if r["kpis"][code].value is None]
    with_value.sort(key=lambda r: r["kpis"][code].value, reverse=sort.startswith("-"))
    return with_value + without, sort


@login_required
@reads_from_replica
def dashboard(request):
    """The home page: what waits for the user now (reports/tasks.py), then the KPIs of their
    scope for a quarter (?quy=2026Q4); for those who may see only the VNeID figures (police),
    those alone. The Department's staff, who see no commune from inside, go to their
    province's overview."""
    if not can(request.user, C.VIEW_DASHBOARD) and can(request.user, C.VIEW_PROVINCE_KPIS):
        return redirect("reports:province_dashboard")
    quarter = quarter_from_request(request)
    sees_kpis = can(request.user, C.VIEW_KPIS)
    commune_team = request.GET.get("to") == "xa" and sees_kpis
    scope = scope_for(request.user, commune_team=commune_team)
    context = {
        "quarter": quarter,
        "quarters": quarter_choices(),
        "scope": scope,
        "commune_team": commune_team,
    }
    if scope is None:
        return render(request, "home.html", context)
    context["deadlines"] = _deadlines(quarter, scope)
    if not sees_kpis:  # the VNeID figures (K10) alone
        context["vneid"] = queries.vneid_figures(scope, quarter)
        return render(request, "reports/police_dashboard.html", context)
    context["tasks"] = tasks_for(request.user, timezone.localdate())
    figures = queries.collect(scope, quarter)
    context["kpis"] = figures.kpis()
    if scope.kind == ScopeKind.COMMUNE:
        context["table"], context["sort"] = sorted_table(
            figures.village_table(), request.GET.get("sap-xep", "")
        )
        context["codes"] = CODES
    context["chart"] = _trend_chart(scope, quarter)
    return render(request, "home.html", context)


def _team_page(request, scope: Scope):
    quarter = quarter_from_request(request)
    figures = queries.collect(scope, quarter)
    kpis = figures.kpis()
    team = figures.team_of(scope.village.pk) if scope.village else figures.commune_team
    never_reached = household_queries.never_reached(
        queries.scope_households(scope), on_or_before=quarter.last_day
    )
    never_reached = never_reached.select_related("village", "member_in_charge")
    page = page_of(request, never_reached.in_list_order())
    return render(
        request,
        "reports/team_kpis.html",
        {
            "scope": scope,
            "quarter": quarter,
            "quarters": quarter_choices(),
            "kpis": kpis,
            "team": team,
            "members": team.members if team else [],
            "never_reached": page,
            "page_obj": page,
        },
    )


@capability_required(C.VIEW_KPIS)
def village_kpis(request, pk):
    """A village team's KPIs with the detail behind them (404 outside the user's villages)."""
    return _team_page(request, scope_for(request.user, village_pk=pk))


@capability_required(C.VIEW_COMMUNE_TEAM_KPIS)
def commune_team_kpis(request):
    return _team_page(request, scope_for(request.user, commune_team=True))


def _team_rows_urls(user, team) -> dict[str, str] | None:
    """The rows pages of K4 and K5 of a member's team (None: the user may not open them)."""
    if team.village_id:
        return {
            code: reverse("reports:village_rows", args=[team.village_id, code])
            for code in ("K4", "K5")
        }
    if can(user, C.VIEW_COMMUNE_TEAM_KPIS):
        return {code: reverse("reports:commune_team_rows", args=[code]) for code in ("K4", "K5")}
    return None


@capability_required(C.VIEW_KPIS)
def member_detail(request, pk):
    """A member's households (K4: on the quarter's last day, once it has ended) and support
    visits of the quarter (K5), reached from their team's KPI page."""
    members = Member.objects.select_related("team", "team__village", "role")
    member, _can_change = get_for_user(request, members, pk=pk)
    quarter = quarter_from_request(request)
    visits_to = (
        SupportVisit.objects.filter(
            household_id=OuterRef("id"), date__range=(quarter.first_day, quarter.last_day)
        )
        .order_by()
        .values("household_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    if quarter.last_day < timezone.localdate():
        # A closed quarter: the households in the member's charge on its last day (K4).
        in_charge = Household.as_at_end_of(quarter.last_day)
    else:
        in_charge = Household.objects.all()
    households = sorted(
        in_charge.filter(member_in_charge=member).annotate(
            visits_in_quarter=Coalesce(Subquery(visits_to), 0)
        ),
        key=lambda h: (person_sort_key(h.head_name), h.id),
    )
    visits = (
        SupportVisit.objects.filter(
            member=member, date__range=(quarter.first_day, quarter.last_day)
        )
        .select_related("household")
        .prefetch_related("support_types")
        .order_by("-date", "-pk")
    )
    return render(
        request,
        "reports/member_detail.html",
        {
            "member": member,
            "rows_url": _team_rows_urls(request.user, member.team),
            "quarter": quarter,
            "quarters": quarter_choices(),
            "households": households,
            "household_count": len(households),
            "visits": page_of(request, visits),
        },
    )


# --- the rows behind a figure ----------------------------------------------------------------

ROWS_PER_PAGE = 50


def _member_filter(request) -> Member | None:
    """?to-vien=<id>: the support visits of one member (from their page); 404 outside the
    user's scope."""
    text = request.GET.get("to-vien", "")
    if not (text.isascii() and text.isdigit()):
        return None
    return get_for_user(request, Member.objects.select_related("team"), pk=int(text))[0]


def _live_rows(request, scope: Scope, code: str, *, xlsx: bool):
    quarter = quarter_from_request(request)
    figures = queries.collect(scope, quarter)
    member = _member_filter(request)
    parts = rows.live_parts(figures, code, member_id=member.pk if member else None)
    if not any(part.kind == rows.Kind.VISITS for part in parts):
        member = None  # the filter keeps visits only
    return render_rows(
        request,
        scope=scope,
        quarter=quarter,
        kpi=figures.kpis()[code],
        parts=parts,
        xlsx=xlsx,
        extra={"member": member, "quarters": quarter_choices()},
    )


def render_rows(request, *, scope, quarter, kpi: KpiValue, parts, xlsx: bool, extra=None):
    """The rows page of a figure (one part, ?phan=, a page at a time), or its Excel file:
    a sheet per part. Rows naming residents (households, support visits) leave the portal
    only with EXPORT_HOUSEHOLDS, and each file goes to the personal data access log."""
    if xlsx:
        if any(part.kind in rows.RESIDENTS for part in parts) and not can(
            request.user, C.EXPORT_HOUSEHOLDS
        ):
            raise PermissionDenied
        file, written = exports.rows_file(scope, quarter, kpi, parts, request.user)
        response = file_attachment(file, exports.rows_filename(scope, quarter, kpi))
        what = _("Rows of %(code)s (Excel)") % {"code": kpi.code}
        record_data_access(request, what, village=scope.village, rows=written)
        return response
    slug = request.GET.get("phan", "")
    part = next((p for p in parts if p.slug == slug), parts[0] if parts else None)
    page = None
    if part is not None:  # none: a report frozen before its rows were kept
        paginator = Paginator(part.rows, ROWS_PER_PAGE)
        paginator.count = part.count  # counted once for its tab
        page = paginator.get_page(request.GET.get("page"))
    residents = any(p.kind in rows.RESIDENTS for p in parts)
    # Every rows URL ends with "/"; its file is the same URL's "tai-ve.xlsx".
    kept = {k: v for k, v in request.GET.items() if k in ("quy", "to-vien")}
    return render(
        request,
        "reports/kpi_rows.html",
        {
            "scope": scope,
            "quarter": quarter,
            "kpi": kpi,
            "code": kpi.code,
            "explanation": team_kpi_explanation(kpi),
            "parts": parts,
            "part": part,
            "page_obj": page,
            "can_export_rows": can(request.user, C.EXPORT_HOUSEHOLDS) or not residents,
            "export_url": f"{request.path}tai-ve.xlsx" + (f"?{urlencode(kept)}" if kept else ""),
            **(extra or {}),
        },
    )


def _commune_scope(request, *, commune_team: bool) -> Scope:
    scope = scope_for(request.user, commune_team=commune_team)
    if scope is None:  # an account without a commune
        raise Http404
    return scope


@capability_required(C.VIEW_COMMUNE_TEAM_KPIS)
@reads_from_replica
def commune_rows(request, code, xlsx=False):
    """The rows of a figure of the whole commune (K1, K2, K5, K6: the teams)."""
    return _live_rows(request, _commune_scope(request, commune_team=False), code, xlsx=xlsx)


@capability_required(C.VIEW_COMMUNE_TEAM_KPIS)
@reads_from_replica
def commune_team_rows(request, code, xlsx=False):
    return _live_rows(request, _commune_scope(request, commune_team=True), code, xlsx=xlsx)


@capability_required(C.VIEW_KPIS)
@reads_from_replica
def village_rows(request, pk, code, xlsx=False):
    """The rows of a village team's figure (404 outside the user's villages)."""
    return _live_rows(request, scope_for(request.user, village_pk=pk), code, xlsx=xlsx)
