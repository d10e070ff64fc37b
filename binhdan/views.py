"""Cross-cutting pages: the home page (later the dashboard) and the error pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from binhdan.access import communes_for, role_of, villages_for


@login_required
def home(request):
    villages = villages_for(request.user).select_related("commune")
    return render(
        request,
        "home.html",
        {
            "communes": communes_for(request.user),
            "villages": villages,
            "role": role_of(request.user),
        },
    )


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors beyond the basics: the database may be what failed.
    return render(request, "500.html", status=500)
