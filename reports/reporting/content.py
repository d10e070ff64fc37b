"""What a quarterly report shows, as one JSON-serialisable dict: the thing that gets frozen.

`build_report_content(scope, quarter)` runs a fixed set of aggregate queries (the KPI
collection of reports/kpis/queries.py plus about a dozen grouped counts) whatever the size of
the commune, and returns plain dicts, lists, strings and numbers only: a submitted report
keeps this dict as its snapshot and renders its page, PDF and Excel from it, so that later
data edits never change it silently.

Labels that belong to the code (KPI names, support methods, channels) are stored as codes
and translated when rendered; names that belong to the data (villages, members, support
types, training topics, OCOP products) are stored as they were.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from binhdan.quarters import Quarter
from households import queries as household_queries
from households.models import (
    Channel,
    CommunicationActivity,
    OcopProduct,
    Platform,
    SupportMethod,
    SupportType,
    SupportVisit,
)
from reports.kpis import queries
from reports.kpis.arithmetic import Kpis, KpiValue
from reports.kpis.scopes import Scope, ScopeKind
from reports.reporting.figures import Figure, kpi_figure, village_unit
from teams.models import TrainingSession

VERSION = 1
TREND_QUARTERS = 8


def build_report_content(scope: Scope, quarter: Quarter, figures=None) -> dict:
    """Everything a report of `scope` (a village team or the whole commune) shows;
    `figures`: `queries.collect(scope, quarter)` when the caller has them already."""
    if figures is None:
        figures = queries.collect(scope, quarter)
    kpis = figures.kpis()
    commune = scope.commune
    village = scope.village
    team = figures.team_of(village.pk) if village else figures.commune_team
    visits = _scope_visits(scope, quarter)
    households = queries.scope_households(scope)
    content = {
        "version": VERSION,
        "kind": "village" if scope.kind == ScopeKind.VILLAGE else "commune",
        "quarter": str(quarter),
        "generated_on": timezone.localdate().isoformat(),
        # "Số liệu tính đến ngày …": the due date falls inside the quarter
        "data_cutoff": min(timezone.localdate(), quarter.last_day).isoformat(),
        "commune": {"code": commune.code, "name": commune.name, "province": commune.province_name},
        "village": {"id": village.pk, "code": village.code, "name": village.name}
        if village
        else None,
        "team": team_summary(team),
        "due": (quarter.team_report_due() if village else quarter.commune_report_due()).isoformat(),
        "kpis": kpis.to_list(),
        "members": _members(team, quarter),
        "visits": _visits(visits),
        "visits_by_type": _visits_by_type(scope.commune, visits),
        "visits_by_method": _visits_by_method(visits),
        "trainings": _trainings(scope, quarter),
        "communication": _communication(scope, quarter, households),
        "ocop": _ocop(scope),
        "trend": _trend(scope, quarter),
        "villages": [],
        "organisation": _organisation(figures, village),
        "members_below": _members_below(kpis),
        "platforms": _essential_platforms(scope.commune, households, quarter),
        "vneid": _vneid(scope, quarter),
    }
    if scope.kind != ScopeKind.VILLAGE:
        content["villages"] = _villages(figures)
        area = queries.AreaFigures.total(list(figures.areas.values()))
        content["commune_team_kpis"] = figures.team_scope_kpis(team, area).to_list() if team else []
    return content


def kpis_of(content: dict) -> Kpis:
    """The KPIs of a content, live or frozen (stored as a list, `Kpis.to_list()`)."""
    return Kpis.from_stored(content["kpis"])


def kpi_differences(frozen: dict, live: dict) -> list[dict]:
    """The KPIs whose value or status differ between a snapshot and live content."""
    live_by_code = {k["code"]: k for k in live["kpis"]}
    differences = []
    for kpi in frozen["kpis"]:
        now = live_by_code.get(kpi["code"])
        if now is None or (now["value"], now["status"]) != (kpi["value"], kpi["status"]):
            differences.append(_difference(kpi["code"], kpi["code"], kpi, now))
    return differences


def content_differences(frozen: dict, live: dict) -> list[dict]:
    """Every figure of a frozen report that live data now gives otherwise: its KPIs and, in a
    commune report, each village's figures in Phụ lục I."""
    differences = kpi_differences(frozen, live)
    live_villages = {v["code"]: v for v in live.get("villages") or []}
    for village in frozen.get("villages") or []:
        now = {k["code"]: k for k in live_villages.get(village["code"], {}).get("kpis", [])}
        for cell in village["kpis"]:
            current = now.get(cell["code"])
            if current is None or current["value"] != cell["value"]:
                label = f"{village['name']} · {cell['code']}"
                differences.append(_difference(cell["code"], label, cell, current))
    return differences


def _difference(code: str, label: str, frozen: dict, live: dict | None) -> dict:
    unit = frozen.get("unit") or village_unit(code)
    return {
        "code": code,
        "label": label,
        "frozen": Figure(frozen["value"], unit),
        "live": Figure(live["value"] if live else None, unit),
    }


# --- the parts -----------------------------------------------------------------------------


def team_summary(team) -> dict | None:
    """The team's name, level and leader, as a report's heading names them."""
    if team is None:
        return None
    leader = next((m["full_name"] for m in team.members if m["is_leader"]), "")
    return {"name": team.name, "level": team.level, "leader": leader}


def _scope_visits(scope: Scope, quarter: Quarter):
    return queries.scope_visits(scope).filter(date__range=(quarter.first_day, quarter.last_day))


def _members(team, quarter: Quarter) -> list[dict]:
    """The team's active members with their visits of the quarter (one grouped query)."""
    if team is None:
        return []
    counts = {
        row["member_id"]: row
        for row in SupportVisit.objects.filter(
            team_id=team.id, date__range=(quarter.first_day, quarter.last_day)
        )
        .order_by()
        .values("member_id")
        .annotate(visits=Count("pk"), people=Coalesce(Sum("people_helped"), 0))
    }
    return [
        {
            "name": m["full_name"],
            "role": m["role_name"],
            "is_leader": m["is_leader"],
            "is_youth_union": m["is_youth_union"],
            "trained": m["trained"],
            "households": m["households_in_charge"],
            "visits": counts.get(m["id"], {}).get("visits", 0),
            "people": counts.get(m["id"], {}).get("people", 0),
        }
        for m in team.members
    ]


def _visits(visits) -> dict:
    totals = visits.aggregate(
        visits=Count("pk"),
        people=Coalesce(Sum("people_helped"), 0),
        households=Count("household", distinct=True),
    )
    return totals


def _visits_by_type(commune, visits) -> list[dict]:
    """Visits by what was supported (a visit may support several things)."""
    counts = household_queries.visits_by_support_type(visits)
    return [
        {
            "name": support_type.name,
            "visits": counts.get(support_type.pk, {}).get("visits", 0),
            "people": counts.get(support_type.pk, {}).get("people", 0),
        }
        for support_type in SupportType.objects.of(commune)
        if support_type.is_active or support_type.pk in counts
    ]


def _visits_by_method(visits) -> list[dict]:
    counts = {
        row["method"]: row
        for row in visits.order_by()
        .values("method")
        .annotate(visits=Count("pk"), people=Coalesce(Sum("people_helped"), 0))
    }
    return [
        {
            "method": method.value,
            "visits": counts.get(method.value, {}).get("visits", 0),
            "people": counts.get(method.value, {}).get("people", 0),
        }
        for method in SupportMethod
    ]


def _trainings(scope: Scope, quarter: Quarter) -> list[dict]:
    """Training sessions of the quarter: the scope's own and the commune-wide ones its
    members attended (a village), or every session of the commune; with attendance."""
    sessions = TrainingSession.objects.filter(
        commune=scope.commune, date__range=(quarter.first_day, quarter.last_day)
    )
    attendance = Q()
    if scope.kind == ScopeKind.VILLAGE:
        attended = TrainingSession.attendees.through.objects.filter(
            trainingsession_id=OuterRef("pk"), member__team__village=scope.village
        )
        sessions = sessions.filter(Q(team__village=scope.village) | Exists(attended))
        attendance = Q(attendees__team__village=scope.village)
    sessions = (
        sessions.annotate(attendance=Count("attendees", filter=attendance, distinct=True))
        .select_related("team")
        .prefetch_related("topics")
        .order_by("date", "pk")
    )
    return [
        {
            "date": s.date.isoformat(),
            "place": s.place,
            "organiser": s.organiser,
            "team": s.team.name if s.team else "",
            "topics": [f"{t.number}. {t.name}" for t in s.topics.all()],
            "attendance": s.attendance,
        }
        for s in sessions
    ]


def _communication(scope: Scope, quarter: Quarter, households) -> dict:
    """Communication activities of the quarter touching the scope, by channel, with the
    distinct households they reached (named ones, and every household of a village for
    an activity that reached all of them): two queries."""
    activities = CommunicationActivity.objects.filter(
        commune=scope.commune, date__range=(quarter.first_day, quarter.last_day)
    )
    if scope.kind == ScopeKind.VILLAGE:
        activities = activities.filter(villages=scope.village)
    else:
        activities = activities.filter(Q(villages__is_active=True) | Q(villages__isnull=True))
    activities = activities.distinct()
    counts = dict(
        CommunicationActivity.objects.filter(pk__in=activities.values("pk"))
        .order_by()
        .values("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )

    def reached(channel=None):
        chosen = activities.filter(channel=channel) if channel else activities
        return Count("pk", filter=household_queries.reached_by(chosen))

    reach = households.aggregate(
        total=reached(), **{channel.value: reached(channel.value) for channel in Channel}
    )
    return {
        "activities": sum(counts.values()),
        "households_reached": reach["total"],
        "by_channel": [
            {
                "channel": channel.value,
                "activities": counts.get(channel.value, 0),
                "households": reach[channel.value],
            }
            for channel in Channel
        ],
    }


def _ocop(scope: Scope) -> list[dict]:
    products = OcopProduct.objects.filter(commune=scope.commune)
    if scope.kind == ScopeKind.VILLAGE:
        products = products.filter(village=scope.village)
    else:
        products = products.filter(Q(village__isnull=True) | Q(village__is_active=True))
    products = products.select_related("village").prefetch_related("listed_on")
    rows = []
    for product in products.order_by("name", "pk"):
        platforms = [p.name for p in product.listed_on.all() if p.is_ecommerce]
        rows.append(
            {
                "name": product.name,
                "producer": product.producer,
                "village": product.village.name if product.village else "",
                "stars": product.stars,
                "platforms": platforms,
                "listed": bool(platforms),
            }
        )
    return rows


def _organisation(figures, village) -> dict:
    """The teams as the plan asks them reported: members against the minimum, Youth Union
    members (the core), the leader, the required roles still missing (by name), activity
    days and hours worked in the quarter, and the weeks missed (K6)."""
    teams = [figures.team_of(village.pk)] if village else figures.teams
    rows = []
    for team in (t for t in teams if t is not None):
        composition = team.composition(figures.required_roles)
        weekly = figures.team_kpis(team)["K6"]
        leader = next((m["full_name"] for m in team.members if m["is_leader"]), "")
        rows.append(
            {
                "name": team.name,
                "members": composition.active_members,
                "minimum": composition.minimum,
                "youth_union": composition.youth_union_members,
                "leader": leader,
                "missing_roles": list(composition.missing_roles),
                "activity_days": sum(1 for hours in team.hours_by_date.values() if hours),
                "hours": float(sum(team.hours_by_date.values(), 0)),
                "weeks_missed": [
                    {"start": week["start"], "end": week["end"]}
                    for week in (weekly.details or {}).get("weeks_missed", [])
                ],
            }
        )
    return {
        "teams": len(rows),
        "members": sum(row["members"] for row in rows),
        "youth_union": sum(row["youth_union"] for row in rows),
        "by_team": rows,
    }


def _members_below(kpis: Kpis) -> list[dict]:
    """Members in charge of fewer than 20 households (K4), fewest first."""
    below = (kpis["K4"].details or {}).get("members_below", [])
    return sorted(
        ({"name": m["member"], "team": m["team"], "households": m["households"]} for m in below),
        key=lambda m: (m["households"], m["team"], m["name"]),
    )


def _essential_platforms(commune, households, quarter: Quarter) -> list[dict]:
    """Households of the scope using each essential platform at the quarter's end (VNeID,
    online public services, cashless payment...): one grouped query."""
    counts = household_queries.essential_platform_use(households, quarter.last_day)
    return [
        {"name": platform.name, "households": counts.get(platform.pk, 0)}
        for platform in Platform.objects.of(commune).filter(is_essential=True)
        if platform.is_active or platform.pk in counts
    ]


def _vneid(scope: Scope, quarter: Quarter) -> dict:
    """The police's part (VNeID): households whose account was received ("using"), those
    activated and the gap, and the VNeID support visits."""
    total = queries.vneid_figures(scope, quarter)["total"]
    keys = ("households", "using", "using_percent", "activated", "not_activated", "visits")
    return {key: total[key] for key in (*keys, "people")}


def _trend(scope: Scope, quarter: Quarter) -> list[dict]:
    quarters = [quarter]
    while len(quarters) < TREND_QUARTERS:
        quarters.insert(0, quarters[0].previous())
    return [
        {
            "label": point["label"],
            "visits": point["visits"],
            "adoption": point["adoption"],
        }
        for point in queries.trend(scope, quarters)
    ]


def _villages(figures) -> list[dict]:
    """The villages × KPIs table (Phụ lục I), from the same collection."""
    households = {village_id: area.households for village_id, area in figures.areas.items()}
    return [
        {
            "id": row["village"].pk,
            "code": row["village"].code,
            "name": row["village"].name,
            "households": households.get(row["village"].pk, 0),
            "kpis": [village_cell(k) for k in row["kpis"].values()],
        }
        for row in figures.village_table()
    ]


def village_cell(kpi: KpiValue) -> dict:
    """One cell of Phụ lục I: the village's own figure, in its own unit."""
    figure = kpi_figure(kpi)
    return {
        "code": kpi.code,
        "value": kpi.value,
        "status": str(kpi.status),
        "unit": kpi.unit,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
    }


def parse_date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None
