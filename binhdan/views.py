"""Cross-cutting pages: error pages, health check, privacy notice, the commune office's
personal data access log, and the progress page and file of an export prepared in the
background (binhdan/jobs.py). The home page is the dashboard (reports/kpis/views.py); log-in
accounts and their lock-outs are the Accounts page (teams/views/accounts.py)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.csrf import csrf_failure as csrf_failure_page
from django.views.decorators.cache import never_cache

from binhdan import jobs
from binhdan.access import Capability, can, capability_required
from binhdan.forms import AccessLogFilterForm
from binhdan.health import database_problem
from binhdan.models import DataAccessLog, ExportJob
from binhdan.paging import page_of
from teams.models import User


@never_cache
def healthz(request):
    """For monitoring: 200 "ok" when the database answers, 503 otherwise. No log-in."""
    problem = database_problem()
    if problem:
        return HttpResponse(
            f"database unavailable: {problem}\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


def privacy(request):
    """The privacy notice (thông báo xử lý dữ liệu cá nhân), readable without logging in."""
    return render(request, "privacy.html")


# --- Personal data access log -------------------------------------------------------------


@capability_required(Capability.VIEW_ACCESS_LOG)
def access_log(request):
    users = User.objects.for_user(request.user).order_by("username")
    form = AccessLogFilterForm(request.GET or None, users=users)
    entries = form.filter(DataAccessLog.objects.for_user(request.user)).select_related(
        "village", "user"
    )
    page = page_of(request, entries, 50)
    return render(request, "security/access_log.html", {"form": form, "page_obj": page})


# --- Exports prepared in the background -------------------------------------------------------

#: Seconds between two reloads of a progress page while the file is being prepared.
PROGRESS_REFRESH_SECONDS = 3


def _job_for_user(request, pk) -> tuple:
    """(job, its export): a job the user asked for themselves (404 for anyone else's), while
    they still have the export's capability (403 once they lost it)."""
    job = get_object_or_404(ExportJob.objects.for_user(request.user), pk=pk)
    export = jobs.export_for(job.kind)
    if not can(request.user, export.capability):
        raise PermissionDenied
    return job, export


@never_cache
@login_required
def export_job(request, pk):
    """The progress of an export: rows written out of all, reloaded every few seconds (no
    JavaScript) until the file is ready to download or the job failed."""
    job, export = _job_for_user(request, pk)
    return render(
        request,
        "exports/export_job.html",
        {"job": job, "what": export.what, "refresh": PROGRESS_REFRESH_SECONDS},
    )


@login_required
def export_job_file(request, pk):
    """A job's file, for the user who asked for it; each download is in the access log."""
    job, _export = _job_for_user(request, pk)
    if job.status != ExportJob.Status.DONE or not jobs.job_path(job).is_file():
        raise Http404
    return jobs.job_file_response(request, job)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def csrf_failure(request, reason=""):
    """A request without a valid CSRF token: Django's page, or JSON for the phone's outbox
    (households/views/offline.py), which then opens a page for a fresh token and keeps its
    visits."""
    if "application/json" in request.headers.get("Accept", ""):
        message = _("The page is out of date: open it again. Nothing was saved.")
        return JsonResponse({"status": "csrf", "message": message}, status=403)
    return csrf_failure_page(request, reason)


def server_error(request):
    # No context processors beyond the basics: the database may be what failed.
    return render(request, "500.html", status=500)
