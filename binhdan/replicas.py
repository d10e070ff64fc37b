"""Reads from a PostgreSQL streaming replica (issue 18; setting it up: deploy/replica.md).

With DATABASE_REPLICA_URL set, settings.py adds the "replica" database, `ReplicaRouter` and
`ReplicaMiddleware`. A view marked `@reads_from_replica` (the dashboard, the reports, the
exports) reads through the replica while it answers a GET or HEAD; every other read, and
every write, goes to the primary ("default"):

- a POST (any method but GET and HEAD) never reads from the replica;
- once the request writes (an INSERT, UPDATE or DELETE, or a SELECT ... FOR UPDATE, reaches
  the primary: a save, an update, a lock, the access log of a download, a raw cursor's
  statement), the rest of that request reads from the primary, which has the write;
- a request that wrote, and every POST, answers with a cookie that sends the same browser's
  requests to the primary for REPLICA_PIN_SECONDS, longer than the replica's usual lag: the
  page a form redirects to shows what was just saved, not the replica's copy of a moment ago.

What is read before the marked view runs comes from the primary: the session and the user
(the middleware asks whether the user is logged in on every page) and the access checks of
the decorators above `@reads_from_replica`. The session that Django saves to move its expiry
(at most once a minute, binhdan.middleware.SessionRefreshMiddleware) is saved after this
middleware has finished, so it does not count as a write; otherwise such a request would pin
the next.

A write is noticed by its statement rather than by the router's `db_for_write`: Django asks
that too when an unsaved object is given a related one (`QuarterlyReport(commune=...)`, the
draft of a report nobody has written yet, built on every leader's dashboard), which writes
nothing.

A replica that does not answer (its server down, a network cut) is noticed at the first read
of a request: that request and the next REPLICA_RETRY_SECONDS read from the primary, with a
warning in the log. A replica that fails in the middle of a query fails that request.
"""

import logging
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"
#: Methods of a request that may read from the replica; any other pins the browser.
READ_METHODS = ("GET", "HEAD")
#: The cookie holding the time (Unix seconds) until which the browser reads from the primary.
PIN_COOKIE = "doc_may_chinh"
#: After the replica failed to answer, the primary alone for this long before trying again.
REPLICA_RETRY_SECONDS = 30


#: A statement that writes, or locks rows to write them.
_WRITES = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|MERGE)\b|\bFOR\s+(NO\s+KEY\s+)?UPDATE\b", re.IGNORECASE
)


def writes(sql: str) -> bool:
    return _WRITES.search(sql) is not None


@dataclass
class RequestReads:
    """Where the request being answered may read from."""

    pinned: bool = False  # its browser wrote a moment ago (the cookie)
    in_marked_view: bool = False  # a GET or HEAD inside a @reads_from_replica view
    wrote: bool = False
    replica_answers: bool | None = None  # asked at the first read that could use it

    def notice_writes(self, execute, sql, params, many, context):
        """The execute wrapper of the primary's connection during the request."""
        if not self.wrote and writes(sql):
            self.wrote = True
        return execute(sql, params, many, context)


#: The request being answered, set by ReplicaMiddleware. A ContextVar, so that each thread or
#: asyncio task sees its own; the object in it is changed in place, so that a change made in a
#: thread of `sync_to_async` is seen by the request's other code.
current: ContextVar[RequestReads | None] = ContextVar("binhdan_replica_reads", default=None)

_replica_down_until = 0.0


def _replica_connects() -> bool:
    """Whether the replica answers now; False for REPLICA_RETRY_SECONDS after it did not."""
    global _replica_down_until
    if time.monotonic() < _replica_down_until:
        return False
    connection = connections[REPLICA]
    try:
        # What the first query would do: drop a connection that went dead, open one.
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as error:
        _replica_down_until = time.monotonic() + REPLICA_RETRY_SECONDS
        logger.warning(
            "The replica database does not answer (%s): reading from the primary for %d s.",
            str(error).strip(),
            REPLICA_RETRY_SECONDS,
        )
        return False
    return True


class ReplicaRouter:
    """The database router: reads of a marked view's GET from the replica (module docstring),
    everything else from and to the primary."""

    def db_for_read(self, model, **hints):
        reads = current.get()
        if reads is None or not reads.in_marked_view or reads.wrote:
            # "default", not None: Django would otherwise follow the database an instance
            # was read from, and a write earlier in the request would be missed.
            return PRIMARY
        if reads.replica_answers is None:
            reads.replica_answers = _replica_connects()
        return REPLICA if reads.replica_answers else PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The same rows, whichever of the two they were read from.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY  # the replica copies the primary's tables by itself


def _pinned(request) -> bool:
    value = request.COOKIES.get(PIN_COOKIE, "")
    return value.isascii() and value.isdigit() and int(value) > time.time()


class ReplicaMiddleware:
    """Keeps track of the request's writes (the statements its code sends to the primary) for
    the router, and pins the browser to the primary after a request that wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reads = RequestReads(pinned=_pinned(request))
        token = current.set(reads)
        try:
            with connections[PRIMARY].execute_wrapper(reads.notice_writes):
                response = self.get_response(request)
        finally:
            current.reset(token)
        seconds = settings.REPLICA_PIN_SECONDS
        if seconds > 0 and (reads.wrote or request.method not in READ_METHODS):
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + seconds),
                max_age=seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response


def reads_from_replica(view):
    """View decorator: the view's GET and HEAD read from the replica when one is configured,
    until they write (module docstring). Put it under the access decorators, whose checks
    then read from the primary."""

    @wraps(view)
    def marked(request, *args, **kwargs):
        reads = current.get()
        if reads is None or reads.pinned or request.method not in READ_METHODS:
            return view(request, *args, **kwargs)
        outer, reads.in_marked_view = reads.in_marked_view, True
        try:
            return view(request, *args, **kwargs)
        finally:
            reads.in_marked_view = outer

    marked.reads_from_replica = True  # kept by the decorators above (functools.wraps)
    return marked
