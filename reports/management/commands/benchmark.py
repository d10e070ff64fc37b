"""Measure the dashboard on a large synthetic commune, in a throw-away database.

    python manage.py benchmark [--runs 7] [--scale 1 --scale 4]

Creates a separate database (SQLite: a temporary file; PostgreSQL, when DATABASE_URL
points at it: a new database created and dropped by the command), builds a commune of
30 villages, 10,000 households, 300 members and 60,000 support visits over two years
(then one 4 times larger), and prints JSON lines: the dashboard's median server time over
several requests through the Django test client, and its number of SQL queries.
Targets (issue 5): ≤ 30 queries, the same count at 4×; median ≤ 300 ms at 1×, ≤ 2.5× that
at 4×. Then the commune's quarterly report downloaded as PDF and as Excel (issue 6; the
whole request: live content, rendering, access log): PDF ≤ 3 s, Excel ≤ 2 s at 1×.
"""

import json
import os
import statistics
import tempfile
import time
import warnings
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from reports.quarters import Quarter
from reports.synthetic import build_commune
from teams.models import Role, User

BASE = {"villages": 30, "households": 10_000, "members": 300, "visits": 60_000}
QUARTER = Quarter(2026, 4)


class Command(BaseCommand):
    help = "Time the dashboard on a large synthetic commune in a throw-away database."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=7, help="requests per measure")
        parser.add_argument(
            "--scale", type=int, action="append", help="commune sizes to measure (default 1 4)"
        )

    def handle(self, *args, **options):
        scales = options["scale"] or [1, 4]
        # WhiteNoise warns about a missing STATIC_ROOT when DEBUG is off: irrelevant here.
        warnings.filterwarnings("ignore", message="No directory at")
        old_name = connection.settings_dict["NAME"]
        temp_dir = None
        if connection.vendor == "sqlite":
            temp_dir = tempfile.mkdtemp(prefix="binhdan-benchmark-")
            connection.settings_dict["TEST"]["NAME"] = str(Path(temp_dir) / "benchmark.sqlite3")
        else:
            connection.settings_dict["TEST"]["NAME"] = f"{old_name}_benchmark_{os.getpid()}"
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            results = [self._measure(scale, options["runs"]) for scale in scales]
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            if temp_dir:
                for path in Path(temp_dir).glob("*"):
                    path.unlink()
                os.rmdir(temp_dir)
        if len(results) > 1:
            base, large = results[0]["office"], results[-1]["office"]
            self._line(
                summary=True,
                database=connection.vendor,
                same_query_count=base["queries"] == large["queries"],
                time_ratio=round(large["median_ms"] / base["median_ms"], 2),
                base_median_ms=base["median_ms"],
                largest_median_ms=large["median_ms"],
            )

    def _measure(self, scale: int, runs: int) -> dict:
        sizes = {key: value * scale for key, value in BASE.items()}
        started = time.perf_counter()
        commune = build_commune(f"BENCH{scale}", last_quarter=QUARTER, **sizes)
        built = time.perf_counter() - started
        with connection.cursor() as cursor:
            # Fresh tables have no planner statistics; production's autovacuum gathers them.
            cursor.execute("ANALYZE")
        village = commune.villages.order_by("code").first()
        users = {
            "office": User.objects.create(
                username=f"office{scale}", role=Role.OFFICE, commune=commune
            ),
            "leader": User.objects.create(
                username=f"leader{scale}", role=Role.LEADER, commune=commune, village=village
            ),
        }
        results = {}
        for role, user in users.items():
            client = Client(SERVER_NAME="localhost")
            client.force_login(user)
            url = reverse("home") + f"?quy={QUARTER}"
            with override_settings(DEBUG=False):
                client.get(url)  # warm-up: connection, templates, translations
                timings = []
                for _ in range(runs):
                    start = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 200, response.status_code
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            results[role] = {
                "median_ms": round(statistics.median(timings), 1),
                "queries": len(queries),
            }
            self._line(
                database=connection.vendor,
                scale=scale,
                page=f"dashboard ({role})",
                **sizes,
                build_s=round(built, 1),
                runs=runs,
                min_ms=round(min(timings), 1),
                **results[role],
            )
        self._report_files(scale, sizes, users["office"], runs)
        return results

    def _report_files(self, scale: int, sizes: dict, office, runs: int) -> None:
        client = Client(SERVER_NAME="localhost")
        client.force_login(office)
        for fmt in ("pdf", "xlsx"):
            url = reverse("reports:commune_report_file", args=[QUARTER, fmt])
            with override_settings(DEBUG=False):
                client.get(url)  # warm-up: fonts, templates
                timings = []
                for _ in range(max(1, min(runs, 3))):
                    start = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 200, response.status_code
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            self._line(
                database=connection.vendor,
                scale=scale,
                page=f"commune report {fmt}",
                **sizes,
                median_ms=round(statistics.median(timings), 1),
                queries=len(queries),
                bytes=len(response.content),
                target_ms=3000 if fmt == "pdf" else 2000,
            )

    def _line(self, **fields):
        self.stdout.write(json.dumps(fields, ensure_ascii=False))
        self.stdout.flush()
