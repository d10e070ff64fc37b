"""The tally guard: a write to the rows the tallies count that nobody recounted is an error.

The tallies (reports/kpis/tallies.py) are refreshed by the services that write what they count
(households/services.py, teams/services.py), in plain sight. A code path that writes those
rows some other way (a `QuerySet.update()` in a view, a `save()` in a script) would leave the
dashboard wrong without a sound. So, when `settings.TALLY_GUARD` is on (development and the
test suite), every database connection carries an execute wrapper that notices INSERT,
UPDATE and DELETE statements on the counted tables and marks the connection with the table.
`tallies.refresh()` and `tallies.rebuild()` clear the marks. When the transaction commits
(an `on_commit` callback registered on the first mark; in autocommit mode, right after the
statement) a mark still there raises `UntalliedWrite`, naming the table and the services
that write it. Test transactions never commit: tests/conftest.py fails a test that ends
with a mark (`pending()`).

The guard looks at SQL text only; it costs a string test per statement and is not installed
at all when TALLY_GUARD is off (production). What it leaves alone, on purpose:
- migrations (their data steps run before the tallies exist, and 0006 rebuilds them):
  paused between `pre_migrate` and `post_migrate`;
- `flush` (it empties every table, the tallies' too: `DELETE FROM "t";`, the one form of
  DELETE the ORM never writes, or TRUNCATE);
- a new platform (INSERT into households_platform): no household uses it yet; deleting one
  is refused while a household uses it;
- the teams' tables but for DELETE: the tallies read only their ids (and a village's or
  team's commune, for the lock), so only deleting one changes what is counted.
"""

import re

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

WRITES = frozenset({"INSERT", "UPDATE", "DELETE"})
HOUSEHOLD_SERVICES = (
    "households.services.save_household / delete_household / assign_households / import_households"
)
VISIT_SERVICES = "households.services.save_visit / delete_visit"
PLATFORM_SERVICES = "households.services.record_platforms / save_household / save_visit"
ACTIVITY_SERVICES = "households.services.save_communication / delete_communication"

#: Each counted table: the statements that change what is counted, the services to use.
WATCHED = {
    "households_household": (WRITES, HOUSEHOLD_SERVICES),
    "households_historicalhousehold": (WRITES, HOUSEHOLD_SERVICES),
    "households_supportvisit": (WRITES, VISIT_SERVICES),
    "households_householdplatform": (WRITES, PLATFORM_SERVICES),
    "households_platform": ({"UPDATE"}, "households.services.save_platform"),
    "households_communicationactivity": (WRITES, ACTIVITY_SERVICES),
    "households_communicationactivity_households": (WRITES, ACTIVITY_SERVICES),
    "households_communicationactivity_villages": (WRITES, ACTIVITY_SERVICES),
    "teams_member": ({"DELETE"}, "teams.services.delete_member"),
    "teams_team": ({"DELETE"}, "teams.services.delete_team"),
    "teams_village": ({"DELETE"}, "teams.services.delete_village"),
}

_STATEMENT = re.compile(r'\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE)


class UntalliedWrite(Exception):
    """Rows the tallies count were written and the tallies were not refreshed."""


def written_table(sql: str) -> str | None:
    """The counted table a statement changes in a way that changes a count, or None."""
    found = _STATEMENT.match(sql)
    if not found:
        return None
    kind, table = found.group(1).split()[0].upper(), found.group(2).lower()
    watched = WATCHED.get(table)
    if watched is None or kind not in watched[0]:
        return None
    if kind == "DELETE" and sql.rstrip().endswith(";"):
        return None  # flush: every table emptied, the tallies too
    return table


def message(tables) -> str:
    return "; ".join(
        f"{table} written without refreshing the tallies: use {WATCHED[table][1]}"
        for table in sorted(tables)
    )


class TallyGuard:
    """The execute wrapper of one connection, and its marks."""

    paused = False  # class-wide: set while migrations run

    def __init__(self, connection):
        self.connection = connection
        self.marks: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not TallyGuard.paused:
            table = written_table(sql)
            if table is not None:
                self.mark(table)
        return result

    def mark(self, table: str) -> None:
        if not self._check_pending():
            # First mark of this transaction (or the marks left are those of a transaction
            # rolled back since: forget them).
            self.marks = {table}
            self.connection.on_commit(self.check)  # autocommit: runs at once
        else:
            self.marks.add(table)

    def _check_pending(self) -> bool:
        """Is `check` waiting for this transaction's commit? (Django forgets the callbacks
        of a rolled-back transaction or savepoint.)"""
        return any(func == self.check for _sids, func, _robust in self.connection.run_on_commit)

    def check(self) -> None:
        marks, self.marks = self.marks, set()
        if marks:
            raise UntalliedWrite(message(marks))

    def pending(self) -> set[str]:
        """The tables written and not recounted in the transaction under way."""
        return set(self.marks) if self.marks and self._check_pending() else set()


def guard_of(connection) -> TallyGuard | None:
    for wrapper in connection.execute_wrappers:
        if isinstance(wrapper, TallyGuard):
            return wrapper
    return None


def install(sender=None, connection=None, **kwargs) -> None:
    """connection_created receiver (connected in ReportsConfig.ready): put the guard on a
    new connection when TALLY_GUARD is on."""
    if settings.TALLY_GUARD and connection is not None and guard_of(connection) is None:
        connection.execute_wrappers.append(TallyGuard(connection))


def pause(**kwargs) -> None:
    """pre_migrate: migrations write as they must."""
    TallyGuard.paused = True


def resume(**kwargs) -> None:
    """post_migrate."""
    TallyGuard.paused = False


def clear(using: str = DEFAULT_DB_ALIAS) -> None:
    """The tallies were refreshed: forget the marks of this connection."""
    from django.db import connections

    guard = guard_of(connections[using])
    if guard is not None:
        guard.marks = set()


def pending(connection) -> set[str]:
    guard = guard_of(connection)
    return guard.pending() if guard is not None else set()
