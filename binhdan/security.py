"""Small security helpers shared by the log-in lock-out and the data access log."""

from django.conf import settings
from django.contrib.auth import password_validation
from django.shortcuts import render
from django.utils.translation import ngettext


def client_ip(request) -> str:
    """The address of the person's browser.

    Behind nginx (TRUST_X_FORWARDED_FOR=1) it is the last X-Forwarded-For entry, the one
    nginx itself appended; earlier entries are whatever the client sent and are not trusted.
    """
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.split(",")[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of logging in while a user name/address pair is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=429,
    )


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum length rule with a message Django's Vietnamese catalogue lacks."""

    def get_error_message(self):
        return ngettext(
            "This password is too short: use at least %(min_length)d character.",
            "This password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
