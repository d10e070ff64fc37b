"""reports/migrations/0006_k4_history.py counts the tallies with its own frozen copy of the
counting code: run from the state before it on a small commune, it leaves the tallies that
`manage.py tallies --check` (reports/kpis/tallies.py today) finds right."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from households.models import HistoricalHousehold
from reports.kpis import tallies, tallyguard
from reports.models import MemberTally, TeamTally, VillageTally
from tests.factories import (
    CommunicationActivityFactory,
    HouseholdFactory,
    HouseholdPlatformFactory,
    MemberFactory,
    SupportVisitFactory,
    TeamFactory,
    VillageFactory,
    ensure_catalogues,
    save_on,
)

D = datetime.date
BEFORE = [("reports", "0005_next_quarter_tasks")]


def _migrate(targets):
    # The migrate command pauses the tally guard (pre_migrate/post_migrate); the executor
    # run directly does not send those signals.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    tallyguard.pause()
    try:
        executor.migrate(targets)
    finally:
        tallyguard.resume()


@pytest.mark.django_db(transaction=True)
def test_the_k4_history_migration_counts_what_tallies_check_counts():
    ensure_catalogues()
    village = VillageFactory(code="LM01")
    team = TeamFactory(village=village)
    an, binh = MemberFactory(team=team), MemberFactory(team=team)
    households = HouseholdFactory.create_batch(4, village=village, member_in_charge=an)
    save_on(households[0], D(2026, 2, 3))
    households[1].member_in_charge = binh
    save_on(households[1], D(2026, 5, 4))  # handed over in Q2
    SupportVisitFactory(member=an, household=households[2], date=D(2026, 1, 12))
    HouseholdPlatformFactory(household=households[3])
    CommunicationActivityFactory(
        commune=village.commune, villages=[village], reaches_all_households=True
    )
    # A household recorded before the history was kept: the migration gives it a creation.
    # (A database from before the migration, written by hand: the tally guard looks away.)
    tallyguard.pause()
    try:
        HistoricalHousehold.objects.filter(id=households[3].pk).delete()
    finally:
        tallyguard.resume()
    for model in (MemberTally, VillageTally, TeamTally):
        model.objects.all().delete()

    _migrate(BEFORE)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert MemberTally.objects.exists() and VillageTally.objects.exists()
    assert TeamTally.objects.exists()
    assert tallies.differences() == []
