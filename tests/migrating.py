"""Running the migrations to a point from a test, as `manage.py migrate` does."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reports.kpis import tallyguard


def migrate_to(targets):
    """Migrate to `targets` and return the models as they are there (historical apps). The
    migrate command pauses the tally guard (pre_migrate/post_migrate); the executor run
    directly does not send those signals, so this does."""
    tallyguard.pause()
    try:
        MigrationExecutor(connection).migrate(targets)
    finally:
        tallyguard.resume()
    return MigrationExecutor(connection).loader.project_state(targets).apps


def migrate_to_latest():
    return migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())
