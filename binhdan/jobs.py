"""Exports too large for a request, written in the background (issue 17).

An export of a list (`Export`: the households, the support visits, the roster) counts the rows
of the user's selection first. At most `EXPORT_INLINE_MAX_ROWS`, the file is written during the
request and streamed; above, `export_response` queues an `ExportJob` and sends the user to its
progress page. `manage.py run_jobs` claims queued jobs one at a time (`run_next`), writes each
file with the very function the inline export uses, into `EXPORT_DIR`, moving the job's
progress on every chunk of rows, and deletes files past `EXPORT_KEEP_DAYS` (`purge_expired`).

A job selects its rows again when it runs, as the user who asked for it, from the filters it
was given: their scope is the one they have then, and a user who has lost the capability gets
a refusal instead of a file. A failure keeps why (`ExportJob.Failure`) and logs the job, the
kind and the place in the code, never an exception's message, which may quote a row's values.
"""

import datetime
import logging
import os
import shutil
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from binhdan.access import Capability, can
from binhdan.audit import record_data_access
from binhdan.downloads import file_attachment
from binhdan.models import ExportJob
from binhdan.pdf import PDF_FOLDER

logger = logging.getLogger(__name__)

#: Every kind of export a job may run, by the key its jobs store: the `Export` that writes it.
EXPORTS = {
    "households": "households.exports.REGISTRY_EXPORT",
    "visits": "households.exports.VISIT_EXPORT",
    "members": "teams.exports.ROSTER_EXPORT",
}
#: What the worker does when no export waits: functions that each do one piece of work and
#: say whether there was one (the worker calls them again until none has any).
IDLE_TASKS = ["reports.reporting.prepared.prepare_next"]
#: Query-string keys that are not filters (the list's page).
NOT_FILTERS = {"page"}
#: A running job whose progress has not moved for this long lost its worker.
STALE_AFTER = datetime.timedelta(minutes=15)


@dataclass(frozen=True)
class Selection:
    """The rows a user's export takes, and the village the list was filtered to (None: their
    whole scope), for the access log."""

    rows: QuerySet
    village: Any = None


@dataclass(frozen=True)
class Export:
    """An Excel export of a list, the same file whether written inline or by a job.

    - `select(user, params)`: the rows of the user's scope the list's filters (`params`, a
      QueryDict) keep, as a `Selection`; a COUNT of `rows` decides inline or job;
    - `write(rows, user, progress)`: the file (an open temporary file) and the number of rows
      written; `progress(rows_written)` is called every chunk (None inline);
    - `filename(today)`: the name of the download; `what`: the access log's description.
    """

    kind: str
    capability: Capability
    what: Any
    select: Callable[[Any, QueryDict], Selection]
    write: Callable[..., tuple]
    filename: Callable[[datetime.date], str]


def export_for(kind: str) -> Export:
    return import_string(EXPORTS[kind])


def export_response(request, export: Export) -> HttpResponse:
    """The export of the user's selection: streamed at once up to `EXPORT_INLINE_MAX_ROWS`
    rows, or queued as a job and the user sent to its progress page."""
    selection = export.select(request.user, request.GET)
    total = selection.rows.count()
    if total > settings.EXPORT_INLINE_MAX_ROWS:
        job = queue_export(export, request.user, request.GET, total, village=selection.village)
        return redirect(job)
    file, rows = export.write(selection.rows, request.user)
    response = file_attachment(file, export.filename(timezone.localdate()))
    record_data_access(request, export.what, village=selection.village, rows=rows)
    return response


def job_file_response(request, job: ExportJob) -> HttpResponse:
    """A finished job's file, for the user who asked for it (the caller fetched the job from
    `ExportJob.objects.for_user`), recorded in the access log like the inline export."""
    file = open(job_path(job), "rb")  # noqa: SIM115 (the response closes it once sent)
    response = file_attachment(file, job.filename)
    export = export_for(job.kind)
    record_data_access(request, export.what, village=job.village, rows=job.rows_done)
    return response


# --- Services: the only writes of ExportJob -------------------------------------------------


def queue_export(export: Export, user, params: QueryDict, total: int, *, village=None):
    """A job writing `export` of the user's selection; the same one when the user already
    waits for that very file (a page reloaded, a button pressed twice)."""
    parameters = {key: params.getlist(key) for key in sorted(params) if key not in NOT_FILTERS}
    waiting = ExportJob.objects.filter(
        requested_by=user,
        kind=export.kind,
        parameters=parameters,
        status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING],
    ).first()
    if waiting:
        return waiting
    now = timezone.now()
    return ExportJob.objects.create(
        kind=export.kind,
        parameters=parameters,
        requested_by=user,
        village=village,
        rows_total=total,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        created_at=now,
        updated_at=now,
        expires_at=now + datetime.timedelta(days=settings.EXPORT_KEEP_DAYS),
    )


def job_path(job: ExportJob) -> Path:
    return Path(settings.EXPORT_DIR) / f"{job.pk}.xlsx"


def claim_next() -> ExportJob | None:
    """The oldest queued job, now running, or None. Several workers never take the same job:
    PostgreSQL skips the rows another worker has locked, and the status moves only if it is
    still "queued" (SQLite, which has no row locks)."""
    with transaction.atomic():
        queued = ExportJob.objects.filter(status=ExportJob.Status.QUEUED).order_by("created_at")
        if connection.features.has_select_for_update_skip_locked:
            queued = queued.select_for_update(skip_locked=True)
        job = queued.first()
        if job is None:
            return None
        now = timezone.now()
        claimed = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.RUNNING, started_at=now, updated_at=now, rows_done=0
        )
    if not claimed:
        return None
    job.refresh_from_db()
    return job


def run_next() -> ExportJob | None:
    """Claim the oldest queued job and run it; the job as it ended, or None if none waited."""
    job = claim_next()
    if job is not None:
        run(job)
    return job


def run_idle_task() -> bool:
    """One piece of the idle tasks' work (IDLE_TASKS); whether there was any."""
    return any(import_string(path)() for path in IDLE_TASKS)


def run(job: ExportJob) -> None:
    """Write a claimed job's file. A worker stopped meanwhile (SIGTERM, Ctrl+C) puts the job
    back in the queue; an error fails it with `Failure.ERROR`."""
    try:
        with translation.override(job.language):
            _write(job)
    except (KeyboardInterrupt, SystemExit):
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.QUEUED, rows_done=0)
        _remove(job_path(job).with_suffix(".part"))
        raise
    except Exception as error:
        _remove(job_path(job).with_suffix(".part"))
        where = traceback.extract_tb(error.__traceback__)[-1]
        # The exception's message is left out: a database error may quote a row's values.
        logger.error(
            "export job %s (%s) failed: %s at %s:%s",
            job.pk,
            job.kind,
            type(error).__name__,
            where.filename,
            where.lineno,
        )
        _finish(job, ExportJob.Status.FAILED, failure=ExportJob.Failure.ERROR)


def _write(job: ExportJob) -> None:
    export = export_for(job.kind)
    user = job.requested_by
    if not (user.is_active and can(user, export.capability)):
        _finish(job, ExportJob.Status.FAILED, failure=ExportJob.Failure.NOT_ALLOWED)
        return
    params = QueryDict(mutable=True)
    for key, values in job.parameters.items():
        params.setlist(key, values)
    selection = export.select(user, params)
    total = selection.rows.count()
    ExportJob.objects.filter(pk=job.pk).update(rows_total=total)

    def progress(rows_done: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(rows_done=rows_done, updated_at=timezone.now())

    file, rows = export.write(selection.rows, user, progress)
    target = job_path(job)
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_suffix(".part")
    # Readable by the portal's own user only: the file holds residents' personal data.
    descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with file, open(descriptor, "wb") as out:
        shutil.copyfileobj(file, out)
    os.replace(part, target)
    _finish(
        job,
        ExportJob.Status.DONE,
        rows_done=rows,
        rows_total=rows,
        filename=export.filename(timezone.localdate()),
    )


def _finish(job: ExportJob, status: str, **fields) -> None:
    now = timezone.now()
    fields = {"status": status, "finished_at": now, "updated_at": now, **fields}
    ExportJob.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def fail_stale(now: datetime.datetime | None = None) -> int:
    """Running jobs whose worker died (no progress for STALE_AFTER) fail as interrupted."""
    now = now or timezone.now()
    return ExportJob.objects.filter(
        status=ExportJob.Status.RUNNING, updated_at__lt=now - STALE_AFTER
    ).update(
        status=ExportJob.Status.FAILED,
        failure=ExportJob.Failure.INTERRUPTED,
        finished_at=now,
        updated_at=now,
    )


def purge_expired(now: datetime.datetime | None = None) -> int:
    """Delete the jobs past their `expires_at` (EXPORT_KEEP_DAYS) and their files, any file
    of the folder no job names any more, and the kept PDFs older than EXPORT_KEEP_DAYS; the
    number of jobs deleted."""
    now = now or timezone.now()
    expired = ExportJob.objects.filter(expires_at__lt=now).exclude(status=ExportJob.Status.RUNNING)
    ids = list(expired.values_list("pk", flat=True))
    for pk in ids:
        _remove(Path(settings.EXPORT_DIR) / f"{pk}.xlsx")
    ExportJob.objects.filter(pk__in=ids).delete()
    folder = Path(settings.EXPORT_DIR)
    if folder.is_dir():
        known = {str(pk) for pk in ExportJob.objects.values_list("pk", flat=True)}
        for path in folder.iterdir():
            if path.suffix in (".xlsx", ".part") and path.stem not in known:
                _remove(path)
        # The PDFs kept by binhdan/pdf.py `render_pdf_kept`, by age.
        oldest = (now - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)).timestamp()
        for path in (folder / PDF_FOLDER).glob("*"):
            if path.stat().st_mtime < oldest:
                _remove(path)
    return len(ids)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
