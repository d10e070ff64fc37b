"""Logging filters for the portal's console log (settings.LOGGING)."""

import logging


class NoTracebackForClientErrors(logging.Filter):
    """A refused request (403, a CSRF failure, a suspicious request: 4xx) is one line, not a
    traceback: Django logs PermissionDenied and SuspiciousOperation with the exception, and a
    portal where every page outside a user's role answers 403 would fill the log with
    tracebacks of nothing wrong. Errors (5xx) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
