"""The installable web app (issue 19, field work without a signal): its manifest and its
service worker, both served from the site's root so that the worker may control every page.

The worker (templates/service-worker.js) keeps, for a user who logs visits, the visit form,
the portal's scripts and styles and the households and catalogues the form needs offline
(households/views/offline.py), refreshed on each visit with a signal; nothing else, and
nothing for a user who logs no visits (static/js/offline.js unregisters it and empties its
caches for them). The page's script empties the caches on log-out and when another user
logs in; each user's outbox is their own, emptied only by their log-out (after a question).
"""

import hashlib
import json

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse

#: The files the visit form needs, kept on the phone when the worker installs.
ASSETS = (
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/binhdan.css",
    "js/date-input.js",
    "js/busy.js",
    "js/household-search.js",
    "js/member-team.js",
    "js/offline.js",
    "favicon.svg",
    "icons/to-cnscd-192.png",
)

THEME = "#0d6efd"  # the portal's blue (Bootstrap's primary)


def manifest(request):
    """The web app manifest: name, icons, and the visit form as the app's first page."""
    icons = [
        {
            "src": static(f"icons/to-cnscd-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
        }
        for size in (192, 512)
    ]
    data = {
        "name": "Tổ CNSCĐ",
        "short_name": "Tổ CNSCĐ",
        "description": "Ghi lượt hỗ trợ người dân, cả khi không có sóng.",
        "lang": "vi",
        "start_url": reverse("households:visit_create"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": icons + [{**icons[-1], "purpose": "maskable"}],
    }
    return JsonResponse(
        data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False}
    )


def service_worker(request):
    """The service worker's script, at /sw.js: its list of files carries their current
    (hashed, in production) addresses, so that a new release is a new worker."""
    config = {
        "assets": [static(path) for path in ASSETS],
        "form": reverse("households:visit_create"),
        "data": reverse("households:visit_offline_data"),
        "static": static(""),
    }
    config["version"] = hashlib.sha256(json.dumps(config).encode()).hexdigest()[:12]
    script = render_to_string("service-worker.js", {"config": json.dumps(config)})
    response = HttpResponse(script, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response
