"""What a quarterly report shows, as one JSON-serialisable dict: the thing that gets frozen.

`build_report_content(scope, quarter)` runs a fixed set of aggregate queries (the KPI
collection of reports/queries.py plus about a dozen grouped counts) whatever the size of
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

from households.models import (
    Channel,
    CommunicationActivity,
    OcopProduct,
    SupportMethod,
    SupportType,
    SupportVisit,
)
from reports import queries
from reports.kpis import KpiValue
from reports.quarters import Quarter
from reports.scopes import Scope, ScopeKind
from teams.models import TrainingSession

VERSION = 1
TREND_QUARTERS = 8


def build_report_content(scope: Scope, quarter: Quarter) -> dict:
    """Everything a report of `scope` (a village team or the whole commune) shows."""
    figures = queries.collect(scope, quarter)
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
        "commune": {"code": commune.code, "name": commune.name, "province": commune.province},
        "village": {"id": village.pk, "code": village.code, "name": village.name}
        if village
        else None,
        "team": _team(team),
        "due": (quarter.team_report_due() if village else quarter.commune_report_due()).isoformat(),
        "kpis": [kpi.to_dict() for kpi in figures.kpis()],
        "members": _members(team, quarter),
        "visits": _visits(visits),
        "visits_by_type": _visits_by_type(visits),
        "visits_by_method": _visits_by_method(visits),
        "trainings": _trainings(scope, quarter),
        "communication": _communication(scope, quarter, households),
        "ocop": _ocop(scope),
        "trend": _trend(scope, quarter),
        "villages": [],
    }
    if scope.kind != ScopeKind.VILLAGE:
        content["villages"] = _villages(figures)
        content["commune_team_kpis"] = [
            kpi.to_dict()
            for kpi in (
                figures._kpis([team], team, sum(figures.areas.values(), queries.AreaFigures()))
                if team
                else []
            )
        ]
    return content


def kpis_of(content: dict) -> list[KpiValue]:
    return [KpiValue.from_dict(k) for k in content["kpis"]]


def kpi_differences(frozen: dict, live: dict) -> list[dict]:
    """The KPIs whose value or status differ between a snapshot and live content."""
    live_by_code = {k["code"]: k for k in live["kpis"]}
    differences = []
    for kpi in frozen["kpis"]:
        now = live_by_code.get(kpi["code"])
        if now is None or (now["value"], now["status"]) != (kpi["value"], kpi["status"]):
            differences.append(
                {
                    "code": kpi["code"],
                    "frozen": kpi["value"],
                    "live": now["value"] if now else None,
                }
            )
    return differences


# --- the parts -----------------------------------------------------------------------------


def _team(team) -> dict | None:
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


def _visits_by_type(visits) -> list[dict]:
    """Visits by what was supported (a visit may support several things)."""
    counts = {
        row["supporttype_id"]: row
        for row in SupportVisit.support_types.through.objects.filter(supportvisit__in=visits)
        .order_by()
        .values("supporttype_id")
        .annotate(visits=Count("pk"), people=Coalesce(Sum("supportvisit__people_helped"), 0))
    }
    return [
        {
            "name": support_type.name,
            "visits": counts.get(support_type.pk, {}).get("visits", 0),
            "people": counts.get(support_type.pk, {}).get("people", 0),
        }
        for support_type in SupportType.objects.order_by("sort_order", "name")
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
        named = CommunicationActivity.households.through.objects.filter(
            communicationactivity__in=chosen.values("pk")
        ).values("household_id")
        broadcast = CommunicationActivity.villages.through.objects.filter(
            communicationactivity__in=chosen.filter(reaches_all_households=True).values("pk")
        ).values("village_id")
        return Count("pk", filter=Q(pk__in=named) | Q(village_id__in=broadcast))

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
            "kpis": [
                {"code": k.code, "value": k.value, "status": str(k.status)} for k in row["kpis"]
            ],
        }
        for row in figures.village_table()
    ]


def parse_date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def build_year_content(scope: Scope, year: int) -> dict:
    """The year review (sơ kết) of a scope: the four quarters side by side (K1-K10 of each,
    visits, people helped, trainings and communication activities); about forty queries."""
    quarters = Quarter(year, 1).quarters_of_year()
    columns = []
    figures = None
    for quarter in quarters:
        figures = queries.collect(scope, quarter)
        columns.append({"quarter": str(quarter), "kpis": [k.to_dict() for k in figures.kpis()]})
    ranges = {str(q): Q(date__range=(q.first_day, q.last_day)) for q in quarters}
    visits = queries.scope_visits(scope).aggregate(
        **{f"v{key}": Count("pk", filter=where) for key, where in ranges.items()},
        **{
            f"p{key}": Coalesce(Sum("people_helped", filter=where), 0)
            for key, where in ranges.items()
        },
    )
    trainings = TrainingSession.objects.filter(commune=scope.commune)
    activities = CommunicationActivity.objects.filter(commune=scope.commune)
    if scope.kind == ScopeKind.VILLAGE:
        trainings = trainings.filter(
            Q(team__village=scope.village) | Q(attendees__team__village=scope.village)
        )
        activities = activities.filter(villages=scope.village)
    counts = {
        "trainings": trainings.aggregate(
            **{key: Count("pk", filter=where, distinct=True) for key, where in ranges.items()}
        ),
        "communication": activities.aggregate(
            **{key: Count("pk", filter=where, distinct=True) for key, where in ranges.items()}
        ),
    }
    for column in columns:
        key = column["quarter"]
        column.update(
            visits=visits[f"v{key}"],
            people=visits[f"p{key}"],
            trainings=counts["trainings"][key],
            communication=counts["communication"][key],
        )
    village = scope.village
    team = figures.team_of(village.pk) if village else figures.commune_team
    last = quarters[-1]
    return {
        "version": VERSION,
        "period": "year",
        "kind": "village" if village else "commune",
        "year": year,
        "quarter": str(last),
        "generated_on": timezone.localdate().isoformat(),
        "commune": {
            "code": scope.commune.code,
            "name": scope.commune.name,
            "province": scope.commune.province,
        },
        "village": {"id": village.pk, "code": village.code, "name": village.name}
        if village
        else None,
        "team": _team(team),
        "due": last.commune_report_due().isoformat(),
        "kpis": columns[-1]["kpis"],
        "quarters": columns,
        "trend": [
            {"label": q.short_label, "visits": c["visits"], "adoption": c["kpis"][7]["value"]}
            for q, c in zip(quarters, columns, strict=True)
        ],
    }
