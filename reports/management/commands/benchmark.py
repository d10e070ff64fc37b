"""Measure the dashboard on a large synthetic commune, in a throw-away database.

    python manage.py benchmark [--runs 11] [--scale 1 --scale 4]

Creates a separate database (SQLite: a temporary file; PostgreSQL, when DATABASE_URL
points at it: a new database created and dropped by the command), builds a commune of
30 villages, 10,000 households, 300 members and 60,000 support visits over two years
and one 4 times larger, and prints JSON lines: the dashboard's median server time over
several requests through the Django test client (the two communes' dashboards requested in
turn), and its number of SQL queries; the same for a closed quarter (K4 from the households'
assignment history).
Targets (issue 5): ≤ 30 queries, the same count at 4×; median ≤ 300 ms at 1×, ≤ 2.5× that
at 4×. Then the time to save a support visit, which recounts its village's and team's
tallies (reports/kpis/tallies.py), and to hand a household over to another member. Then the commune's quarterly report downloaded as PDF and as Excel (issue 6; the
whole request: live content, rendering, access log): PDF ≤ 3 s, Excel ≤ 2 s at 1×; the PDF
laid out afresh and read back as kept (binhdan/pdf.py).
Then a 10,000-row household file: checked (read and compared with the registry: the
preview) ≤ 3 s, imported (confirmed, with history and tallies) ≤ 10 s, checked again
(every row unchanged), and imported again with every row changed (≤ 6 s, issue 17); then,
its households given 60,000 visits, imported once more with every household smaller (a
third of the visits marked as helping more people than it has).
Then the whole commune's household, member and support visit Excel exports (issue 17), each
written during the request: median time, rows, and the peak of Python memory allocated during
one more request, file read included (tracemalloc, measured apart from the timed requests
since tracing slows them): household export of 40,000 rows ≤ 4 s, ≤ 50 MB. Then the visits
as a background job (above EXPORT_INLINE_MAX_ROWS): the request that queues it, the worker's
run (`run_jobs --once`) and the file's download.

`--only exports --only import` measures only those parts (the dashboards' summary needs them).
`--dense 4` adds the pages of a commune of the base 30 villages, teams and members with 4
times the households and visits (scale "4d"): a page that lists every village or team grows
with their number at scale 4; at "4d" only what grows with the data itself shows.
"""

import io
import json
import logging
import os
import tempfile
import time
import warnings
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from openpyxl import Workbook

from binhdan.models import ExportJob
from binhdan.quarters import Quarter
from households.imports import plan_household_import, read_household_file
from households.models import Household, SupportMethod, SupportVisit
from households.services import assign_households, delete_visit, import_households, save_visit
from reports.kpis import tallies
from reports.kpis.synthetic import build_commune
from reports.management.commands._province import measure_province
from reports.management.commands._timing import (
    download,
    kept_pdfs,
    measure_file,
    page_getter,
    query_count,
    summary,
    timings_ms,
)
from reports.reporting import workflow
from teams.models import Member, Role, User, Village

BASE = {"villages": 30, "households": 10_000, "members": 300, "visits": 60_000}
QUARTER = Quarter(2026, 4)
PARTS = ("dashboard", "writes", "reports", "exports", "import")
EXPORTS = {
    "household export": "households:household_export",
    "member export": "teams:member_export",
    "visit export": "households:visit_export",
}
#: The rows each export writes, by the synthetic commune's sizes.
EXPORT_ROWS = {
    "household export": "households",
    "member export": "members",
    "visit export": "visits",
}
MB = 1024 * 1024


class Command(BaseCommand):
    help = "Time the dashboard on a large synthetic commune in a throw-away database."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=11, help="requests per measure")
        parser.add_argument(
            "--scale", type=int, action="append", help="commune sizes to measure (default 1 4)"
        )
        parser.add_argument(
            "--only", action="append", choices=PARTS, help="parts to measure (default: all)"
        )
        parser.add_argument(
            "--dense",
            type=int,
            metavar="N",
            help="also the pages of a commune of the base 30 villages with N times the "
            "households and visits: their growth with the data alone, not with the villages",
        )
        parser.add_argument(
            "--province",
            type=int,
            metavar="N",
            help="instead: N communes of the base size in one province (issue 18)",
        )

    def handle(self, *args, **options):
        scales = options["scale"] or [1, 4]
        # WhiteNoise warns about a missing STATIC_ROOT when DEBUG is off: irrelevant here.
        warnings.filterwarnings("ignore", message="No directory at")
        # django-axes logs every log-in at INFO, and the benchmark logs its synthetic users in
        # for every page and scale: four lines of it around each JSON line.
        axes_logger = logging.getLogger("axes")
        axes_level = axes_logger.level
        axes_logger.setLevel(logging.WARNING)
        old_name = connection.settings_dict["NAME"]
        temp_dir = None
        if connection.vendor == "sqlite":
            temp_dir = tempfile.mkdtemp(prefix="binhdan-benchmark-")
            connection.settings_dict["TEST"]["NAME"] = str(Path(temp_dir) / "benchmark.sqlite3")
        else:
            connection.settings_dict["TEST"]["NAME"] = f"{old_name}_benchmark_{os.getpid()}"
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            if options["province"]:
                measure_province(self, options["province"], options["runs"], BASE, QUARTER)
                return
            results = self._measure(
                scales, options["runs"], set(options["only"] or PARTS), options["dense"]
            )
        finally:
            axes_logger.setLevel(axes_level)
            connection.creation.destroy_test_db(old_name, verbosity=0)
            if temp_dir:
                for path in Path(temp_dir).glob("*"):
                    path.unlink()
                os.rmdir(temp_dir)
        if len(scales) > 1 and all(results.values()):
            base, large = results[scales[0]]["office"], results[scales[-1]]["office"]
            self._line(
                summary=True,
                database=connection.vendor,
                same_query_count=base["queries"] == large["queries"],
                time_ratio=round(large["median_ms"] / base["median_ms"], 2),
                base_median_ms=base["median_ms"],
                largest_median_ms=large["median_ms"],
            )

    def _measure(self, scales: list[int], runs: int, parts: set[str], dense: int | None) -> dict:
        """Build a commune per scale, then time the dashboard of each in turn, request after
        request, so that a slow moment of the machine weighs on every scale alike. With
        `dense`, the pages of one more commune: the base villages, teams and members with
        `dense` times the households and visits (scale "<dense>d")."""
        shapes = {scale: {key: value * scale for key, value in BASE.items()} for scale in scales}
        if dense and "dashboard" in parts:
            shapes[f"{dense}d"] = {
                **BASE,
                "households": BASE["households"] * dense,
                "visits": BASE["visits"] * dense,
            }
        communes = {}
        for scale, sizes in shapes.items():
            started = time.perf_counter()
            commune = build_commune(f"BENCH{scale}".upper(), last_quarter=QUARTER, **sizes)
            communes[scale] = (commune, sizes, round(time.perf_counter() - started, 1))
        with connection.cursor() as cursor:
            # Fresh tables have no planner statistics and, on PostgreSQL, no visibility map
            # (an index-only scan then reads every row anyway); production's autovacuum
            # gathers both, inserted rows included (PostgreSQL 13 and later).
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        # Every household entered the index of those never reached and most left it when the
        # tallies wrote their first reach: rebuilt, as the weekly timer does (README).
        call_command("tidy_indexes", stdout=io.StringIO())
        results = {scale: {} for scale in communes}
        if "dashboard" in parts:
            self._dashboards(communes, runs, results)
        for scale, (commune, sizes, _built) in communes.items():
            if scale not in scales:  # the dense commune: its pages only
                continue
            if "writes" in parts:
                self._visit_saves(scale, sizes, commune, runs)
                self._handovers(scale, sizes, commune, runs)
            office = self._client("office", scale, commune)
            if "reports" in parts:
                self._report_files(scale, sizes, office, runs)
                self._sent_report_pdf(scale, sizes, commune, office)
            if "exports" in parts:
                self._exports(scale, sizes, office, runs)
        if "import" in parts:
            self._household_import(communes[scales[0]][0])
        return results

    def _dashboards(self, communes: dict, runs: int, results: dict) -> None:
        scales = list(communes)
        # The dashboard for the running quarter and a closed one (K4 from the assignment
        # history), then the pages a commune uses every day (issue 17): role, name, URL.
        closed = QUARTER.previous()
        for role, key, url in (
            ("office", "office", reverse("home") + f"?quy={QUARTER}"),
            ("leader", "leader", reverse("home") + f"?quy={QUARTER}"),
            ("office", "office, closed quarter", reverse("home") + f"?quy={closed}"),
            ("office", "household list, page 1", reverse("households:household_list")),
            (
                "office",
                "household list, page 200",
                reverse("households:household_list") + "?page=200",
            ),
            (
                "office",
                "households never reached",
                reverse("households:household_list") + "?priority=never_reached",
            ),
            ("office", "support visit list", reverse("households:visit_list")),
            ("office", "support visit search", reverse("households:visit_list") + "?q=nguyen"),
            ("office", "visit form", reverse("households:visit_create")),
            (
                "office",
                "commune team drill-down",
                reverse("reports:commune_team") + f"?quy={QUARTER}",
            ),
            ("office", "year review", reverse("reports:year_review") + "?nam=2026"),
            # Every data-quality rule over the whole commune (reports/quality).
            ("office", "data quality", reverse("reports:quality") + f"?quy={QUARTER}"),
        ):
            quarter = closed if key == "office, closed quarter" else QUARTER
            clients = {
                scale: self._client(role, scale, commune)
                for scale, (commune, *_) in communes.items()
            }
            gets = {scale: page_getter(client, url) for scale, client in clients.items()}
            timings = {scale: [] for scale in scales}
            with override_settings(DEBUG=False):
                for get in gets.values():
                    get()  # warm-up: connection, templates, translations
                # Scale after scale, request after request: a slow moment of the machine
                # weighs on every scale alike.
                for _ in range(runs):
                    for scale, get in gets.items():
                        timings[scale] += timings_ms(get, 1)
            for scale, get in gets.items():
                results[scale][key] = {
                    **summary(timings[scale]),
                    "queries": query_count(get),
                }
                _commune, sizes, built = communes[scale]
                self._line(
                    database=connection.vendor,
                    scale=scale,
                    page=f"dashboard ({key}, {quarter})" if url.startswith("/?") else key,
                    **sizes,
                    build_s=built,
                    runs=runs,
                    **results[scale][key],
                )

    def _exports(self, scale: int, sizes: dict, client: Client, runs: int) -> None:
        """The whole commune's registry, roster and support visits downloaded, file read to its
        end, each written during the request (the bound of background jobs raised so that the
        file itself is measured); then the visits as a background job, request to download."""
        for label, name in EXPORTS.items():
            figures = measure_file(
                client, reverse(name), min(runs, 3), EXPORT_INLINE_MAX_ROWS=10**9
            )
            self._line(
                database=connection.vendor,
                scale=scale,
                page=label,
                rows=sizes[EXPORT_ROWS[label]],
                **figures,
                **({"target_ms": 4000, "target_mb": 50} if label == "household export" else {}),
            )
        self._export_job(scale, sizes, client)

    def _export_job(self, scale: int, sizes: dict, client: Client) -> None:
        """The visit export above EXPORT_INLINE_MAX_ROWS: the request that queues the job, the
        worker writing the file (`run_jobs --once`), and the file's download."""
        with override_settings(DEBUG=False, EXPORT_INLINE_MAX_ROWS=0):
            start = time.perf_counter()
            response = client.get(reverse("households:visit_export"))
            queued_ms = (time.perf_counter() - start) * 1000
            assert response.status_code == 302, response.status_code
            start = time.perf_counter()
            call_command("run_jobs", "--once", stdout=io.StringIO())
            worker_ms = (time.perf_counter() - start) * 1000
            job = ExportJob.objects.order_by("-created_at").first()
            assert job.status == ExportJob.Status.DONE, job.status
            start = time.perf_counter()
            size = download(client, reverse("export_job_file", args=[job.pk]))
            download_ms = (time.perf_counter() - start) * 1000
        self._line(
            database=connection.vendor,
            scale=scale,
            page="visit export as a background job",
            rows=job.rows_done,
            queue_request_ms=round(queued_ms, 1),
            worker_ms=round(worker_ms, 1),
            download_ms=round(download_ms, 1),
            bytes=size,
        )

    def _household_import(self, commune, rows: int = 10_000) -> None:
        """A village's file of `rows` households through the import's own path."""
        village = Village.objects.create(commune=commune, code="BENCHIMP", name="Thôn Nhập")
        by = User.objects.filter(is_superuser=False).first()

        def workbook(people: int) -> bytes:
            book = Workbook(write_only=True)
            sheet = book.create_sheet()
            sheet.append(["DANH SÁCH HỘ DÂN"])
            sheet.append(
                ["STT", "Họ và tên chủ hộ", "Địa chỉ", "SĐT", "Nhân khẩu", "Người cao tuổi"]
            )
            for n in range(rows):
                name = f"Nguyễn Văn Hộ {n}"
                sheet.append(
                    [n + 1, name, f"Xóm {n % 12 + 1}", 912000000 + n, people, "x" * (n % 2)]
                )
            buffer = io.BytesIO()
            book.save(buffer)
            return buffer.getvalue()

        def timed(label: str, data: bytes, *, confirm: bool, target_ms: int | None) -> None:
            start = time.perf_counter()
            plan = plan_household_import(read_household_file(io.BytesIO(data)), village)
            checked = (time.perf_counter() - start) * 1000
            assert plan.ok, plan.errors[:3]
            counts = plan.counts
            if confirm:
                import_households(plan, {}, by=by)
            total = (time.perf_counter() - start) * 1000
            self._line(
                database=connection.vendor,
                page=f"household import, {label}",
                rows=rows,
                check_ms=round(checked),
                **({"import_ms": round(total)} if confirm else {}),
                plan={key: value for key, value in counts.items() if value},
                **({"target_ms": target_ms} if target_ms else {}),
            )

        first, changed = workbook(4), workbook(5)
        timed("check of a new file", first, confirm=False, target_ms=3000)
        timed("new file imported", first, confirm=True, target_ms=10_000)
        timed("same file checked again", first, confirm=False, target_ms=3000)
        timed("every row changed, imported", changed, confirm=True, target_ms=6000)
        # A registry re-imported once the households have been visited: six visits each by the
        # commune team (1, 2, 3, 4, 1, 2 people helped), then every household made two people,
        # which marks two of each household's visits as helping more people than it has (CL09).
        member = Member.objects.filter(team__commune=commune, team__village=None).first()
        with transaction.atomic():  # written in bulk, then the tallies recounted
            self._visit_every_household(village, member)
            tallies.refresh(villages=[village.pk], teams=[member.team_id])
        timed(
            f"every row smaller, {rows * 6:,} visits to them, imported",
            workbook(2),
            confirm=True,
            target_ms=6000,
        )
        marked = SupportVisit.objects.filter(household__village=village, over_household_size=True)
        assert marked.count() == rows * 2, marked.count()

    def _visit_every_household(self, village, member) -> None:
        """Six visits to each household of `village` by `member`, helping 1 to 4 people: none
        more than the five each household has after the last import (written in bulk: the
        caller recounts the tallies)."""
        SupportVisit.objects.bulk_create(
            (
                SupportVisit(
                    team_id=member.team_id,
                    member=member,
                    household_id=pk,
                    date=QUARTER.first_day,
                    method=SupportMethod.DOOR_TO_DOOR,
                    people_helped=n % 4 + 1,
                )
                for pk in Household.objects.filter(village=village).values_list("pk", flat=True)
                for n in range(6)
            ),
            batch_size=2000,
        )

    def _visit_saves(self, scale: int, sizes: dict, commune, runs: int) -> None:
        """A support visit saved and deleted: the write path with its tally recounts."""
        household = Household.objects.filter(village__commune=commune).order_by("pk").first()
        member = Member.objects.filter(team__village=household.village).first()

        saved = []

        def save() -> None:
            saved.append(
                save_visit(
                    SupportVisit(
                        team=member.team,
                        member=member,
                        household=household,
                        date=QUARTER.first_day,
                        method=SupportMethod.DOOR_TO_DOOR,
                    ),
                    None,
                )
            )

        def delete_the_last() -> None:
            while saved:
                delete_visit(saved.pop(), None)

        # Only the save is timed: the visit saved before is deleted before it.
        timings = timings_ms(save, runs, before_each=delete_the_last)
        delete_the_last()
        self._line(
            database=connection.vendor,
            scale=scale,
            page="a support visit saved (tallies recounted)",
            **sizes,
            **summary(timings),
        )

    def _handovers(self, scale: int, sizes: dict, commune, runs: int) -> None:
        """A household handed over to another member and back: the assignment service with
        its change history and the recount of the village's tallies (K4)."""
        household = Household.objects.filter(village__commune=commune).order_by("pk").first()
        first = household.member_in_charge
        other = Member.objects.filter(team=first.team).exclude(pk=first.pk).first()
        timings = []
        for member in (other, first) * max(1, runs):
            timings += timings_ms(
                lambda member=member: assign_households([household], member, by=None), 1
            )
        self._line(
            database=connection.vendor,
            scale=scale,
            page="a household handed over (history written, tallies recounted)",
            **sizes,
            **summary(timings),
        )

    def _client(self, role: str, scale: int, commune) -> Client:
        user, _ = User.objects.get_or_create(
            username=f"{role}{scale}",
            defaults={
                "role": Role.OFFICE if role == "office" else Role.LEADER,
                "commune": commune,
                "village": None if role == "office" else commune.villages.order_by("code").first(),
            },
        )
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        return client

    def _report_files(self, scale: int, sizes: dict, client: Client, runs: int) -> None:
        """The commune report as PDF and Excel. A PDF is kept once rendered (binhdan/pdf.py
        `render_pdf_kept`): "commune report pdf" is laid out afresh on every request (the
        kept files removed before each), "commune report pdf again" read back."""
        cases = [
            ("xlsx", "commune report xlsx", False, 2000),
            ("pdf", "commune report pdf", True, 3000),
            ("pdf", "commune report pdf again", False, None),
        ]
        for fmt, label, afresh, target in cases:
            url = reverse("reports:commune_report_file", args=[QUARTER, fmt])
            figures = measure_file(client, url, min(runs, 3), afresh=afresh, memory=False)
            self._line(
                database=connection.vendor,
                scale=scale,
                page=label,
                **sizes,
                **figures,
                **({"target_ms": target} if target else {}),
            )

    def _sent_report_pdf(self, scale: int, sizes: dict, commune, client: Client) -> None:
        """The commune report sent, the worker laying out its PDF ahead (`run_jobs --once`,
        reports/reporting/prepared.py), then its first download: read back."""
        url = reverse("reports:commune_report_file", args=[QUARTER, "pdf"])
        office = User.objects.get(username=f"office{scale}")
        with kept_pdfs(), override_settings(DEBUG=False):
            workflow.send(workflow.report_for(commune, QUARTER), office)
            worker = timings_ms(lambda: call_command("run_jobs", "--once", stdout=io.StringIO()), 1)
            sizes_read = []
            first = timings_ms(lambda: sizes_read.append(download(client, url)), 1)
        self._line(
            database=connection.vendor,
            scale=scale,
            page="commune report pdf, sent: first download",
            **sizes,
            worker_ms=round(worker[0], 1),
            median_ms=round(first[0], 1),
            bytes=sizes_read[0],
            target_ms=3000,
        )

    def _line(self, **fields):
        self.stdout.write(json.dumps(fields, ensure_ascii=False))
        self.stdout.flush()
