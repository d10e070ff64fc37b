"""Two people saving the same thing at the same moment.

A form checks that a code, a name or a date is free before saving; between that check and the
write someone else may save the same. The database's unique constraints catch it. Instead of
an error page, whoever came second gets their form back, with what they typed and a Vietnamese
explanation:

- a service wraps each write that can collide in `refused_if_taken(message, field)`, which
  turns the unique violation into `AlreadyTaken` (and no other IntegrityError);
- a view calls the service through `binhdan.forms.save_or_explain(form, write)`.

A unique violation that no service expected is answered by `UniqueConflictMiddleware` with the
portal's 409 page, never a 500. Neither writes the failing row's values to the log (they may be
a resident's name: `binhdan.logs`).
"""

from contextlib import contextmanager

from django.db import IntegrityError, transaction

#: PostgreSQL's SQLSTATE for a unique violation.
UNIQUE_VIOLATION = "23505"


class AlreadyTaken(Exception):
    """A write met a unique constraint: the same was saved a moment earlier."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def is_unique_violation(error: IntegrityError) -> bool:
    cause = error.__cause__
    code = getattr(cause, "pgcode", None) or getattr(cause, "sqlstate", None)
    if code is not None:
        return code == UNIQUE_VIOLATION
    return "UNIQUE constraint failed" in str(error)  # SQLite


@contextmanager
def refused_if_taken(message, field=None):
    """Run the block in a savepoint; a unique violation in it becomes `AlreadyTaken`."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if not is_unique_violation(error):
            raise
        raise AlreadyTaken(message, field) from None
