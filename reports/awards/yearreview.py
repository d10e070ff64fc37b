"""The year review (sơ kết năm): the four quarters of a year side by side.

One `collect()` per quarter that has started (so at most four fixed sets of queries,
whatever the size of the commune); quarters still ahead are shown as "not started" rather
than as zeros. For the whole commune, the same collection also gives every village.
"""

import datetime
from dataclasses import dataclass

from binhdan.quarters import FIRST_QUARTER, LAST_PLAN_YEAR, Quarter
from reports.kpis import queries
from reports.kpis.arithmetic import CODES, LABELS
from reports.kpis.queries import Figures
from reports.kpis.scopes import Scope, ScopeKind

DEFAULT_YEAR = LAST_PLAN_YEAR  # the plan's year review (sơ kết)


@dataclass
class YearReview:
    scope: Scope
    year: int
    quarters: list[Quarter]
    figures: dict[Quarter, Figures]  # only the quarters that have started

    def started(self, quarter: Quarter) -> bool:
        return quarter in self.figures

    def kpi_rows(self) -> list[dict]:
        """One row per KPI: code, label, its first known value (for the target), and a KpiValue
        per quarter (None: the quarter has not started)."""
        by_quarter = {q: {k.code: k for k in f.kpis()} for q, f in self.figures.items()}
        rows = []
        for code in CODES:
            values = [by_quarter[q][code] if q in by_quarter else None for q in self.quarters]
            first = next((v for v in values if v is not None), None)
            rows.append({"code": code, "label": LABELS[code], "first": first, "values": values})
        return rows

    def village_rows(self, code: str) -> list[dict]:
        """For the whole commune: one row per active village, KPI `code` in each quarter."""
        if self.scope.kind != ScopeKind.COMMUNE:
            return []
        index = CODES.index(code)
        villages = {}
        for quarter in self.quarters:
            figures = self.figures.get(quarter)
            for village in figures.villages if figures else []:
                villages.setdefault(village.pk, {"village": village, "values": {}})
                villages[village.pk]["values"][quarter] = figures.village_kpis(village.pk)[index]
        rows = sorted(villages.values(), key=lambda row: row["village"].code)
        for row in rows:
            row["values"] = [row["values"].get(q) for q in self.quarters]
        return rows

    def trend_points(self) -> list[dict]:
        started = [q for q in self.quarters if self.started(q)]
        return queries.trend(self.scope, started)


def review(scope: Scope, year: int, today: datetime.date) -> YearReview:
    quarters = Quarter(year, 1).quarters_of_year()
    figures = {
        q: queries.collect(scope, q)
        for q in quarters
        if q.first_day <= today and q >= FIRST_QUARTER  # nothing to count before the plan
    }
    return YearReview(scope, year, quarters, figures)
