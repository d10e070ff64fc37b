"""Trigram indexes for the searches that look for a part of a name (issue 17), PostgreSQL only.

The registry's and the visit list's search is `contains` on the folded text (`LIKE
'%nguyen%'`), which no B-tree index serves: PostgreSQL read every household of the commune
(and, for the visit list, every visit joined to its household). A GIN index with pg_trgm's
`gin_trgm_ops` serves `LIKE '%…%'` of three characters or more. SQLite keeps its plain scan.

pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it. Where
the portal's database user may not, the migration says so and goes on without the indexes
(search still works, only slower); run `CREATE EXTENSION pg_trgm;` as a superuser and
`manage.py migrate households 0013 && manage.py migrate` to add them.
"""

import sys

from django.db import migrations, transaction
from django.db.utils import ProgrammingError

INDEXES = {
    "household_search_trgm": (
        "households_household",
        "(search_text gin_trgm_ops)",
    ),
    # The visit list matches a walk-in's name with `icontains`: UPPER(walk_in_name) LIKE ….
    "visit_walk_in_trgm": (
        "households_supportvisit",
        "(UPPER(walk_in_name) gin_trgm_ops)",
    ),
}


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except ProgrammingError as error:
        print(
            f"\n  pg_trgm could not be created ({error.__class__.__name__}): the searches run "
            "without trigram indexes. See households/migrations/0014_search_trigram.py.",
            file=sys.stderr,
        )
        return
    for name, (table, expression) in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin {expression}"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("households", "0013_visit_list_order")]

    operations = [migrations.RunPython(add, remove)]
