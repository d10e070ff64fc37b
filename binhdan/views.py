"""Cross-cutting pages: error pages, health check, privacy notice, and the commune office's
personal data access log. The home page is the dashboard (reports/kpis/views.py); log-in
accounts and their lock-outs are the Accounts page (teams/views/accounts.py)."""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from binhdan.access import Capability, capability_required
from binhdan.forms import AccessLogFilterForm
from binhdan.health import database_problem
from binhdan.models import DataAccessLog
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
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "security/access_log.html", {"form": form, "page_obj": page})


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors beyond the basics: the database may be what failed.
    return render(request, "500.html", status=500)
