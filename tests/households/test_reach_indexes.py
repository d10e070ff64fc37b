"""The indexes behind "not reached by a date" (PostgreSQL only): the households never reached
(household_never_reached) and those first reached after the date (household_first_reached),
read as two index scans rather than a scan of every household."""

import datetime

import pytest
from django.db import connection

from households import queries as household_queries
from households.models import Household

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the plans of PostgreSQL"),
]


def test_households_not_reached_by_a_quarters_end_are_read_from_both_indexes():
    households = household_queries.never_reached(
        Household.objects.all(), on_or_before=datetime.date(2026, 9, 30)
    ).values("pk")
    sql, params = households.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "household_never_reached" in plan
    assert "household_first_reached" in plan
