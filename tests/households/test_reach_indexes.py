"""The indexes behind "not reached by a date" (PostgreSQL only): the households never reached
(household_never_reached) and those first reached after the date (household_first_reached),
read as two index scans rather than a scan of every household."""

import datetime

import pytest
from django.db import connection

from households import queries as household_queries
from households.models import Household
from reports.kpis import tallyguard
from tests.factories import VillageFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the plans of PostgreSQL"),
]


def test_households_not_reached_by_a_quarters_end_are_read_from_both_indexes():
    # The planner judges by the table's statistics: those of this test's own households
    # (most reached before the date, as in a commune), not whatever an earlier test's
    # committed rows left behind for autovacuum to analyze.
    villages = [VillageFactory() for _ in range(5)]
    early, late = datetime.date(2026, 3, 1), datetime.date(2026, 11, 1)
    # Rows for the planner's statistics only, written as they are (the tallies would recount
    # first_reached_on from visits, and there are none): the guard looks away. A few of each
    # thousand are not reached by the date, as in a commune late in the plan.
    tallyguard.pause()
    try:
        Household.objects.bulk_create(
            Household(
                village=villages[i % 5],
                head_name=f"Hộ {i}",
                address="Xóm 1",
                people_count=4,
                first_reached_on=None if i % 40 == 0 else late if i % 40 == 1 else early,
            )
            for i in range(5000)
        )
    finally:
        tallyguard.resume()
    with connection.cursor() as cursor:
        # ...and the villages and communes the list joins for its order.
        for table in ("households_household", "teams_village", "teams_commune"):
            cursor.execute(f"ANALYZE {table}")
    households = household_queries.never_reached(
        Household.objects.all(), on_or_before=datetime.date(2026, 9, 30)
    ).values("pk")
    sql, params = households.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "household_never_reached" in plan, plan
    assert "household_first_reached" in plan, plan
