"""K1-K11 of a province (tỉnh): each commune's and the province's together.

A commune's KPIs are computed exactly as on its own dashboard (reports/kpis/queries.py), for
every commune of the province at once: the same fixed set of aggregate queries over all of
them, so that the province's page reads as many queries for 100 communes as for 3. The
province's figure of each KPI adds the communes' numerators and denominators
(`arithmetic.roll_up`): K1, K2, K5 and K6 count the teams of every commune that meet their
target ("n/N tổ"), K3 and K4 members, K7 and K8 households, K9 products, K10 visits, K11
adults.

What is kept of a commune is its figures' counts (`arithmetic.slim`), never the names of its
members or residents: the Department sees no one inside a commune.
"""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q

from binhdan.quarters import Quarter
from reports.kpis.arithmetic import Kpis, roll_up_all, slim
from reports.kpis.queries import collect_scopes, trend_of
from reports.kpis.scopes import Scope
from teams.models import Team, TeamLevel, Village


@dataclass
class ProvinceFigures:
    quarter: Quarter
    communes: list[dict]  # {"commune": Commune, "kpis": Kpis}, by name
    kpis: Kpis  # the province's


def commune_kpis(communes, quarter: Quarter, *, chunk: int | None = None) -> Iterator[dict]:
    """{"commune", "kpis"} of each commune of the queryset `communes`, by name: counted all at
    once (a page: a constant number of queries), or `chunk` communes at a time (a file of
    every commune: memory that does not grow with the province)."""
    communes = list(communes.select_related("province").order_by("name", "code"))
    size = chunk or len(communes) or 1
    for start in range(0, len(communes), size):
        scopes = [Scope.whole_commune(c) for c in communes[start : start + size]]
        figures = collect_scopes(scopes, [quarter])
        rows = [
            {
                "commune": s.commune,
                "kpis": Kpis.of(slim(k) for k in figures[s][quarter].kpis().values()),
            }
            for s in scopes
        ]
        del figures  # before the next chunk is counted: one chunk in memory at a time
        yield from rows


def province_figures(communes, quarter: Quarter) -> ProvinceFigures:
    rows = list(commune_kpis(communes, quarter))
    return ProvinceFigures(quarter, rows, roll_up_all(row["kpis"] for row in rows))


def province_trend(communes, quarters: list[Quarter]) -> list[dict]:
    """Visits and adoption (K8) of every commune together, by quarter (`queries.trend`)."""
    teams = Team.objects.filter(commune__in=communes).filter(
        Q(level=TeamLevel.COMMUNE) | Q(village__is_active=True)
    )
    villages = Village.objects.filter(commune__in=communes, is_active=True)
    return trend_of(teams, villages, quarters)
