"""`manage.py benchmark --province N`: many communes in one database (issue 18).

Builds synthetic communes of the benchmark's base size (30 villages, 10,000 households, 300
members, 60,000 visits over two years) one after another in one province, and at checkpoints
(1 commune, a tenth of N, N) measures, through the Django test client:
- the first commune's dashboard (its office): the same number of queries whatever the number
  of communes beside it, its time within 1.3x of the one-commune database;
- the province's overview (the Department): a constant number of queries, median ≤ 1 s at
  100 communes;
- the province's Excel of every commune (≤ 5 s at 100 communes, written a few communes at a
  time: the peak of Python memory must not grow with the communes) and its PDF report.
"""

import statistics
import time

from django.db import connection
from django.test import Client
from django.urls import reverse

from reports.kpis.synthetic import build_commune
from reports.management.commands._timing import measure_file, measure_page
from teams.models import Commune, Role, User


def checkpoints(n: int) -> list[int]:
    return sorted({1, max(1, n // 10), n})


def measure_province(command, n: int, runs: int, base: dict, quarter) -> None:
    line = command._line
    sizes = dict(base)
    department = None
    office = None
    results = {}
    built_s = []
    for count in range(1, n + 1):
        started = time.perf_counter()
        commune = build_commune(f"P{count:03d}", last_quarter=quarter, seed=2026 + count, **sizes)
        built_s.append(time.perf_counter() - started)
        if count == 1:
            office = _client(
                User.objects.create(username="office-p", role=Role.OFFICE, commune=commune)
            )
            department = _client(
                User.objects.create(
                    username="so-p", role=Role.DEPARTMENT, province=commune.province
                )
            )
        if count not in checkpoints(n):
            continue
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        communes = Commune.objects.count()
        pages = {
            "commune dashboard": (office, reverse("home") + f"?quy={quarter}"),
            "province overview": (
                department,
                reverse("reports:province_dashboard") + f"?quy={quarter}",
            ),
        }
        for page, (client, url) in pages.items():
            results[count, page] = measure_page(client, url, runs)
            line(
                database=connection.vendor,
                page=page,
                communes=communes,
                households=sizes["households"] * count,
                build_s_per_commune=round(statistics.median(built_s), 1),
                runs=runs,
                **results[count, page],
                **({"target_ms": 1000} if page == "province overview" else {}),
            )
        for fmt in ("xlsx", "pdf"):
            url = reverse("reports:province_file", args=[quarter, fmt])
            # Each PDF laid out afresh (not read back from the kept copy).
            results[count, fmt] = measure_file(
                department, url, min(runs, 3), afresh=True, warm_up=False
            )
            line(
                database=connection.vendor,
                page=f"province {fmt}",
                communes=communes,
                **results[count, fmt],
                **({"target_ms": 5000} if fmt == "xlsx" else {}),
            )
    first, last = checkpoints(n)[0], checkpoints(n)[-1]
    dashboard = results[first, "commune dashboard"], results[last, "commune dashboard"]
    overview = [results[c, "province overview"] for c in checkpoints(n)]
    line(
        summary=True,
        database=connection.vendor,
        communes=n,
        commune_dashboard_same_queries=dashboard[0]["queries"] == dashboard[1]["queries"],
        commune_dashboard_time_ratio=round(
            dashboard[1]["median_ms"] / dashboard[0]["median_ms"], 2
        ),
        province_overview_same_queries=len({r["queries"] for r in overview}) == 1,
        province_overview_median_ms=overview[-1]["median_ms"],
        province_xlsx_median_ms=results[last, "xlsx"]["median_ms"],
        province_xlsx_peak_mb=[results[c, "xlsx"]["peak_memory_mb"] for c in checkpoints(n)],
    )


def _client(user) -> Client:
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    return client
