"""The year review (sơ kết năm): the four quarters of a year side by side; the one engine
behind the year review page, its PDF and Excel files (reports/reporting/documents.py
`YearDocument`) and the emulation suggestions (reports/awards/nominations.py).

`review(scope, year, today)` collects the quarters that have started in one pass
(`queries.collect_quarters`: one fixed set of queries, whatever the size of the commune and
the number of quarters); quarters still ahead, or before the plan, are "not started" rather than zeros. `YearReview.content` is the year's
content as plain JSON-ready data, the files render it; the page's KPI table and chart read
the same content, and its villages table (the whole commune) the same collections.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Q

from binhdan.quarters import FIRST_QUARTER, Quarter
from households.models import CommunicationActivity
from reports.kpis import queries
from reports.kpis.arithmetic import CODES, LABELS, Kpis, KpiValue
from reports.kpis.queries import Figures
from reports.kpis.scopes import Scope, ScopeKind
from reports.reporting.content import VERSION, team_summary
from teams.models import TrainingSession


@dataclass
class YearReview:
    scope: Scope
    year: int
    today: datetime.date
    quarters: list[Quarter]
    figures: dict[Quarter, Figures]  # only the quarters that have started
    _kpis: dict[Quarter, Kpis] = field(default_factory=dict, init=False, repr=False)

    def started(self, quarter: Quarter) -> bool:
        return quarter in self.figures

    def kpis(self, quarter: Quarter) -> Kpis | None:
        """K1-K10 of a quarter that has started (computed once), None otherwise."""
        if quarter not in self.figures:
            return None
        if quarter not in self._kpis:
            self._kpis[quarter] = self.figures[quarter].kpis()
        return self._kpis[quarter]

    @cached_property
    def content(self) -> dict:
        """The year review as plain data, what its PDF and Excel show: the K1-K10 of each
        quarter, visits, people helped, trainings and communication activities by quarter,
        the year's nominations and the trend; about forty queries.

        A quarter without figures has "started": False, its KPIs and counts empty, never
        zeros; "year_over" says whether the year has ended, so that nothing is said about
        the year's result before it has.
        """
        scope, quarters = self.scope, self.quarters
        columns = []
        for quarter in quarters:
            kpis = self.kpis(quarter)
            columns.append(
                {
                    "quarter": str(quarter),
                    "started": kpis is not None,
                    "kpis": kpis.to_list() if kpis is not None else [],
                    **self._activity.get(quarter, dict.fromkeys(ACTIVITY)),
                }
            )
        village = scope.village
        figures = self.figures[max(self.figures)] if self.figures else None
        if figures is None:
            figures = queries.collect(scope, quarters[-1])
        team = figures.team_of(village.pk) if village else figures.commune_team
        last = quarters[-1]
        latest = next((c for c in reversed(columns) if c["started"]), None)
        return {
            "version": VERSION,
            "period": "year",
            "kind": "village" if village else "commune",
            "year": self.year,
            "quarter": str(last),
            "generated_on": self.today.isoformat(),
            "year_over": self.today > last.last_day,
            "commune": {
                "code": scope.commune.code,
                "name": scope.commune.name,
                "province": scope.commune.province_name,
            },
            "village": {"id": village.pk, "code": village.code, "name": village.name}
            if village
            else None,
            "team": team_summary(team),
            "due": last.commune_report_due().isoformat(),
            "kpis": latest["kpis"] if latest else [],
            "quarters": columns,
            "nominations": _nominations(scope, self.year),
            "trend": [
                {"label": q.label, "visits": c["visits"], "adoption": _adoption(c["kpis"])}
                for q, c in zip(quarters, columns, strict=True)
            ],
        }

    @cached_property
    def _activity(self) -> dict[Quarter, dict]:
        """Visits, people helped, trainings and communication activities of each quarter that
        has started: the visits and people from the teams' tallies (already collected), the
        trainings and activities in two queries."""
        scope = self.scope
        ranges = {str(q): Q(date__range=(q.first_day, q.last_day)) for q in self.figures}
        trainings = TrainingSession.objects.filter(commune=scope.commune)
        activities = CommunicationActivity.objects.filter(commune=scope.commune)
        if scope.kind == ScopeKind.VILLAGE:
            trainings = trainings.filter(
                Q(team__village=scope.village) | Q(attendees__team__village=scope.village)
            )
            activities = activities.filter(villages=scope.village)
        distinct = {key: Count("pk", filter=where, distinct=True) for key, where in ranges.items()}
        trainings = trainings.aggregate(**distinct)
        activities = activities.aggregate(**distinct)
        return {
            q: {
                "visits": sum(team.visits for team in figures.teams),
                "people": sum(team.people_helped for team in figures.teams),
                "trainings": trainings[str(q)],
                "communication": activities[str(q)],
            }
            for q, figures in self.figures.items()
        }

    # --- the page ----------------------------------------------------------------------------

    def kpi_rows(self) -> list[dict]:
        """One row per KPI, from `content` (what the files show): code, label, its first known
        value (for the target), and a KpiValue per quarter (None: not started)."""
        columns = [Kpis.from_stored(c["kpis"]) for c in self.content["quarters"]]
        rows = []
        for code in CODES:
            values: list[KpiValue | None] = [column.get(code) for column in columns]
            first = next((v for v in values if v is not None), None)
            rows.append({"code": code, "label": LABELS[code], "first": first, "values": values})
        return rows

    def trend_points(self) -> list[dict]:
        """The chart's points of the quarters that have started, from `content`."""
        return [
            point
            for point, column in zip(self.content["trend"], self.content["quarters"], strict=True)
            if column["started"]
        ]

    def village_rows(self, code: str) -> list[dict]:
        """For the whole commune: one row per active village, KPI `code` in each quarter."""
        if self.scope.kind != ScopeKind.COMMUNE:
            return []
        villages = {}
        for quarter in self.quarters:
            figures = self.figures.get(quarter)
            for village in figures.villages if figures else []:
                villages.setdefault(village.pk, {"village": village, "values": {}})
                villages[village.pk]["values"][quarter] = figures.village_kpi(village.pk, code)
        rows = sorted(villages.values(), key=lambda row: row["village"].code)
        for row in rows:
            row["values"] = [row["values"].get(q) for q in self.quarters]
        return rows


ACTIVITY = ("visits", "people", "trainings", "communication")


def review(scope: Scope, year: int, today: datetime.date) -> YearReview:
    quarters = Quarter(year, 1).quarters_of_year()
    started = [
        q for q in quarters if q.first_day <= today and q >= FIRST_QUARTER
    ]  # nothing to count before the plan
    figures = queries.collect_quarters(scope, started) if started else {}
    return YearReview(scope, year, today, quarters, figures)


def _nominations(scope: Scope, year: int) -> list[dict]:
    """The year's emulation nominations (thi đua) of the scope, withdrawn ones left out."""
    from reports.models import Nomination, NominationStatus

    nominations = Nomination.objects.filter(commune=scope.commune, year=year).exclude(
        status=NominationStatus.WITHDRAWN
    )
    if scope.kind == ScopeKind.VILLAGE:
        nominations = nominations.filter(
            Q(village=scope.village)
            | Q(team__village=scope.village)
            | Q(household__village=scope.village)
        )
    return [
        {"category": n.category, "nominee": n.nominee_name, "status": n.status}
        for n in nominations.order_by("category", "nominee_name", "pk")
    ]


def _adoption(kpis: list[dict]):
    return next((k["value"] for k in kpis if k["code"] == "K8"), None)
