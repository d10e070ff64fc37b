"""Rebuild the partial indexes whose rows leave them as the work gets done, for a weekly cron.

    python manage.py tidy_indexes

`household_never_reached` holds the households no visit or activity has reached yet: every
household enters it when it is added and leaves it once reached, so after a year it spans
pages for every household the commune ever had while holding a few (on the 1x benchmark
commune: 1,060 pages for 124 households). VACUUM frees those pages for reuse but does not
give them back, and PostgreSQL's planner prices a scan of the index by its pages: it then
reads the team drill-down's "not reached by the quarter's end" list through every household
of the villages instead (2.7 ms at 10,000 households, 5.2 ms at 40,000 in the same villages,
against 0.2 / 0.4 ms with the index rebuilt). PostgreSQL rebuilds it without blocking reads
or writes (REINDEX CONCURRENTLY, outside a transaction); SQLite with REINDEX.
"""

from django.core.management.base import BaseCommand
from django.db import connection

#: The partial indexes whose rows leave them as the work gets done.
CHURNING = ("household_never_reached",)


class Command(BaseCommand):
    help = "Rebuild the partial indexes whose rows leave them as the work gets done."

    def handle(self, *args, **options):
        quote = connection.ops.quote_name
        for name in CHURNING:
            before = _pages(name)
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(f"REINDEX INDEX CONCURRENTLY {quote(name)}")
                else:
                    cursor.execute(f"REINDEX {quote(name)}")
            after = _pages(name)
            sizes = f": {before} -> {after} pages" if before is not None else ""
            self.stdout.write(f"{name} rebuilt{sizes}")


def _pages(name: str) -> int | None:
    """The index's size in 8 kB pages (PostgreSQL), None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s::regclass) / 8192", [name])
        return cursor.fetchone()[0]
