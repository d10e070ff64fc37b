"""The dashboard (the home page) and the KPI drill-down pages of a team and of a member."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdan.access import Capability, can, capability_required, get_for_user
from binhdan.collation import person_sort_key
from binhdan.picker import quarter_choices, quarter_from_request
from binhdan.quarters import Quarter, days_left
from households import queries as household_queries
from households.models import Household, SupportVisit
from reports.kpis import charts, queries
from reports.kpis.arithmetic import CODES
from reports.kpis.scopes import Scope, ScopeKind, scope_for
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


def _trend_chart(scope: Scope, quarter: Quarter):
    quarters = [quarter]
    while len(quarters) < TREND_QUARTERS:
        quarters.insert(0, quarters[0].previous())
    return charts.trend_svg(queries.trend(scope, quarters))


def _sorted_table(rows: list[dict], sort: str) -> tuple[list[dict], str]:
    """Sort the village table by a KPI code ("K5" ascending, "-K5" descending); no data last."""
    code = sort.lstrip("-")
    if code not in CODES:
        return rows, ""
    with_value = [r for r in rows if r["kpis"][code].value is not None]
    without = [r for r in rows if r["kpis"][code].value is None]
    with_value.sort(key=lambda r: r["kpis"][code].value, reverse=sort.startswith("-"))
    return with_value + without, sort


@login_required
def dashboard(request):
    """The home page: what waits for the user now (reports/tasks.py), then the KPIs of their
    scope for a quarter (?quy=2026Q4); for those who may see only the VNeID figures (police),
    those alone."""
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
        context["table"], context["sort"] = _sorted_table(
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
    page = Paginator(never_reached.in_list_order(), 25).get_page(request.GET.get("page"))
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
            "quarter": quarter,
            "quarters": quarter_choices(),
            "households": households,
            "household_count": len(households),
            "visits": Paginator(visits, 25).get_page(request.GET.get("page")),
        },
    )
