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


class NoPersonalDataFromConstraintErrors(logging.Filter):
    """A database constraint error names the values that collided: PostgreSQL's message has a
    `DETAIL:  Key (head_name, address)=(Nguyễn Văn A, Xóm 3) already exists.` line, and
    the traceback of an unhandled one would write a resident's name and address into the log
    (README: personal data never goes there). The traceback stays; lines that carry values
    (`DETAIL:`, `Key (`, `Failing row contains`) are replaced by a note."""

    REDACTED = "[values of the failing row left out of the log]"
    CARRIES_VALUES = ("DETAIL:", "Key (", "Failing row contains")

    def filter(self, record: logging.LogRecord) -> bool:
        from django.db import DatabaseError

        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, DatabaseError):
            text = logging.Formatter().formatException(record.exc_info)
            record.exc_text = "\n".join(self._redact(line) for line in text.splitlines())
        if isinstance(record.msg, str) and any(m in record.msg for m in self.CARRIES_VALUES):
            record.msg = "\n".join(self._redact(line) for line in record.msg.splitlines())
            record.args = ()
        return True

    def _redact(self, line: str) -> str:
        if any(marker in line for marker in self.CARRIES_VALUES):
            return line[: len(line) - len(line.lstrip())] + self.REDACTED
        return line
