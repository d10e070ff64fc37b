"""The background worker of exports too large for a request (binhdan/jobs.py).

    python manage.py run_jobs            # for ever: a job at a time, a pause when none waits
    python manage.py run_jobs --once     # every job waiting now, then exit (tests, cron)

When no export waits, it lays out the PDFs of the reports submitted or sent since
(reports/reporting/prepared.py), so that their first download is read back.

Production runs it as a second systemd service beside gunicorn (deploy/binhdan-jobs.service);
`scripts/serve` starts it beside the development server. Each round also fails the running
jobs whose worker died and deletes the files past EXPORT_KEEP_DAYS. Stopped (SIGTERM, Ctrl+C)
while writing a file, the worker puts that job back in the queue for the next one.
"""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from binhdan import jobs

#: Seconds between two rounds of cleaning (expired files, dead workers' jobs).
CLEAN_EVERY = 300


class Command(BaseCommand):
    help = "Run the queued export jobs (--once: those waiting now, then exit)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run what waits, then exit")
        parser.add_argument(
            "--sleep", type=float, default=2.0, help="seconds to wait when no job waits"
        )

    def handle(self, *args, once=False, sleep=2.0, **options):
        # systemd stops a service with SIGTERM: stop as Ctrl+C would, the job requeued.
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        cleaned = None
        try:
            while True:
                if cleaned is None or time.monotonic() - cleaned > CLEAN_EVERY:
                    self._clean()
                    cleaned = time.monotonic()
                job = jobs.run_next()
                if job is not None:
                    self._report(job)
                    continue
                # No export waits: lay out the PDFs of reports submitted since (exports first:
                # someone is waiting for those).
                if jobs.run_idle_task():
                    continue
                if once:
                    return
                close_old_connections()
                time.sleep(sleep)
        except KeyboardInterrupt:
            self.stdout.write("run_jobs stopped")

    def _clean(self) -> None:
        stale = jobs.fail_stale()
        expired = jobs.purge_expired()
        if stale or expired:
            self.stdout.write(f"{stale} interrupted jobs failed, {expired} expired jobs deleted")

    def _report(self, job) -> None:
        # The job's id, kind, status and rows: never its filters (a search may name someone).
        self.stdout.write(f"export job {job.pk} ({job.kind}): {job.status}, {job.rows_done} rows")
