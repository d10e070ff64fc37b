"""Cross-cutting pages: error pages, health check, privacy notice, and the commune office's
trust pages (locked accounts, personal data access log). The home page is the dashboard
(reports/kpis/views.py)."""

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from binhdan.access import Capability, capability_required, commune_users_for
from binhdan.forms import AccessLogFilterForm
from binhdan.health import database_problem
from binhdan.models import DataAccessLog


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


# --- Locked accounts (django-axes) ---------------------------------------------------------


def _attempts_for(user):
    """Failed log-in records of the accounts in the user's communes."""
    usernames = commune_users_for(user).values("username")
    return AccessAttempt.objects.filter(username__in=usernames)


@capability_required(Capability.MANAGE_USERS)
def locked_accounts(request):
    attempts = _attempts_for(request.user).order_by("-attempt_time")
    names = dict(commune_users_for(request.user).values_list("username", "full_name"))
    rows = [
        {
            "attempt": attempt,
            "full_name": names.get(attempt.username, ""),
            "locked": attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT,
        }
        for attempt in attempts[:200]
    ]
    return render(
        request,
        "security/locked_accounts.html",
        {"rows": rows, "failure_limit": settings.AXES_FAILURE_LIMIT},
    )


@capability_required(Capability.MANAGE_USERS)
def unlock_account(request, pk):
    attempt = get_object_or_404(_attempts_for(request.user), pk=pk)
    if request.method == "POST":
        axes_reset(username=attempt.username)
        messages.success(
            request,
            _("Account %(username)s is unlocked; it may log in again.")
            % {"username": attempt.username},
        )
        return redirect("locked_accounts")
    return render(request, "security/unlock_confirm.html", {"attempt": attempt})


# --- Personal data access log -------------------------------------------------------------


@capability_required(Capability.VIEW_ACCESS_LOG)
def access_log(request):
    users = commune_users_for(request.user).order_by("username")
    form = AccessLogFilterForm(request.GET or None, users=users)
    entries = form.filter(DataAccessLog.objects.for_user(request.user)).select_related(
        "village", "user"
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "security/access_log.html", {"form": form, "page_obj": page})


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors beyond the basics: the database may be what failed.
    return render(request, "500.html", status=500)
