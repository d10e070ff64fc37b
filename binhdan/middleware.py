"""The portal's own middleware: language, the session's sliding expiry, caching of private
pages, the change of a temporary password, error pages in DEBUG, the answer to two people saving
the same thing at once."""

import logging
import time

from csp.constants import HEADER as CSP_HEADER
from csp.utils import build_policy
from django.conf import settings
from django.db import IntegrityError
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect, render
from django.urls import get_resolver, get_urlconf, reverse
from django.utils import translation
from django.utils.cache import patch_cache_control

from binhdan.uniqueness import is_unique_violation

logger = logging.getLogger(__name__)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language with the switcher.

    Django's own middleware follows the browser's Accept-Language, and many phones in the
    communes are set to English; the portal speaks Vietnamese to them all the same.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code


class SessionRefreshMiddleware:
    """A session ends after SESSION_COOKIE_AGE seconds without a request; each request moves
    its end, but the session is written at most once every SESSION_REFRESH_SECONDS (60) rather
    than on every page (Django's SESSION_SAVE_EVERY_REQUEST): a write and a commit less on
    nearly every request. The end is then up to that much earlier than a save on every
    request would make it. Sessions with nothing in them (a visitor not logged in) are left
    alone, as Django leaves them."""

    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty() or response.status_code >= 500:
            return response
        # A cookie of a session that has ended (or never was) reads as an empty session:
        # nothing to keep, no new session for it.
        if set(session.keys()) - {self.KEY}:
            refresh_session(session)
        return response


def refresh_session(session) -> None:
    """Mark `session` to be saved with a new end when its last write is SESSION_REFRESH_SECONDS
    old or more, or when it is saved anyway (a log-in): the time of this write kept in it."""
    now = int(time.time())
    last = session.get(SessionRefreshMiddleware.KEY)
    stale = not isinstance(last, int) or now - last >= settings.SESSION_REFRESH_SECONDS
    if stale or session.modified:
        session[SessionRefreshMiddleware.KEY] = now  # marks it modified: saved with a new end


class PrivateCacheMiddleware:
    """`Cache-Control: no-store, private` on every response to a logged-in user: pages and
    downloads with residents' personal data must not stay in the cache of a shared office
    computer or of a proxy. The log-in page and static files (served before) keep theirs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response


class PasswordChangeRequiredMiddleware:
    """A user given a temporary password by the commune office (`must_change_password`,
    teams/accounts.py) is sent to the password change page from every other page until
    they have chosen their own. Logging out, the language switch, the privacy notice and
    the health check stay open."""

    OPEN = ("password_change", "password_change_done", "logout", "set_language", "privacy")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and request.path_info not in {reverse(name) for name in self.OPEN}
            and request.path_info != reverse("healthz")
        ):
            return redirect("password_change")
        return self.get_response(request)


class DebugErrorPagesMiddleware:
    """The portal's own 404 and 500 pages in DEBUG too (the demo, `scripts/serve`).

    With DEBUG on, Django answers an unknown address with its technical page, which lists
    every URL of the portal, and an error with its traceback page (settings included). The
    demo's users are shown the pages they would see in production; the traceback is still
    logged to the console. (403 already uses the portal's page: Django calls handler403 in
    DEBUG too.) Without DEBUG, Django itself calls the handlers and this does nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        if settings.DEBUG and status in (404, 500):
            handler = get_resolver(get_urlconf()).resolve_error_handler(status)
            logged = getattr(response, "_has_been_logged", False)
            response = handler(request) if status == 500 else handler(request, None)
            response._has_been_logged = logged  # Django logs each answer once
            # django-csp leaves DEBUG's 404 and 500 without a policy (Django's technical
            # pages need inline styles); the portal's own pages keep the usual one.
            response[CSP_HEADER] = build_policy()
        return response


class UniqueConflictMiddleware:
    """A unique violation no service expected (two people saving the same thing at once,
    `binhdan.uniqueness`) answers the portal's 409 page, not a 500: nothing was saved, and
    the page says to go back and check. One log line, without the row's values."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, IntegrityError) or not is_unique_violation(exception):
            return None
        logger.warning("Unique conflict, answered 409: %s %s", request.method, request.path)
        return render(request, "409.html", status=409)
