"""Cross-cutting pages: the error pages (the home page is the dashboard, reports/views.py)."""

from django.shortcuts import render


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors beyond the basics: the database may be what failed.
    return render(request, "500.html", status=500)
