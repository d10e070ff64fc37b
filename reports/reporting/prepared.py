"""The PDFs of submitted reports, laid out by the background worker before anyone asks.

A report's PDF is kept once laid out (binhdan/pdf.py `render_pdf_kept`) and read back for the
same document. The first download still lays it out, and a commune of 120 villages takes
seconds (WeasyPrint spends about a millisecond per table cell, and the annexes have thousands).
Once a report is frozen (submitted, accepted, sent, received: its content is its snapshot and
its HTML does not change), nothing in it changes until its next step, so the worker
(`manage.py run_jobs`, binhdan/jobs.py `run_idle_tasks`) lays it out when it has no export to
write: leadership's, the office's and the Department's downloads are then read back.

The worker remembers, for its own life, which version of each report (its `updated_at`) it
laid out; after a restart it goes over the reports changed within EXPORT_KEEP_DAYS again, those
whose PDF is still kept costing only their HTML. Drafts are left alone: their figures change
with every visit logged.
"""

import datetime
import logging
import traceback

from django.conf import settings
from django.utils import timezone

from reports.models import EDITABLE, QuarterlyReport
from reports.reporting import pdf, workflow
from reports.reporting.documents import ReportDocument

logger = logging.getLogger(__name__)

#: {report id: the `updated_at` of the version laid out} in this worker process.
_laid_out: dict[int, datetime.datetime] = {}


def waiting(now: datetime.datetime | None = None) -> list[int]:
    """The frozen reports changed within EXPORT_KEEP_DAYS whose PDF this process has not
    laid out in their present version, the last changed first."""
    since = (now or timezone.now()) - datetime.timedelta(days=settings.EXPORT_KEEP_DAYS)
    changed = (
        QuarterlyReport.objects.filter(updated_at__gte=since, snapshot__isnull=False)
        .exclude(status__in=EDITABLE)
        .order_by("-updated_at", "-pk")
        .values_list("pk", "updated_at")
    )
    return [pk for pk, updated in changed if _laid_out.get(pk) != updated]


def prepare_next() -> bool:
    """Lay out (or find kept) the PDF of one waiting report; whether there was one."""
    for pk in waiting():
        report = QuarterlyReport.objects.filter(pk=pk).first()
        if report is None or not report.is_frozen:
            continue
        _laid_out[pk] = report.updated_at  # a failure is not tried again in a loop
        try:
            document = ReportDocument(report, workflow.content_of(report), timezone.localdate())
            pdf.report_pdf(document)
        except Exception as error:
            # The download will lay it out (and fail) in the request; the message is left
            # out: it may quote the report's text.
            where = traceback.extract_tb(error.__traceback__)[-1]
            logger.error(
                "report %s: PDF not laid out ahead: %s at %s:%s",
                pk,
                type(error).__name__,
                where.filename,
                where.lineno,
            )
        return True
    return False


def forget() -> None:
    """Forget what this process laid out (tests; a worker's restart does it too)."""
    _laid_out.clear()
