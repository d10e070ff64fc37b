"""The trigram indexes of the searches (households/migrations/0014, PostgreSQL only)."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only"
    ),
]


@pytest.mark.parametrize(
    ("index", "query"),
    [
        (
            "household_search_trgm",
            "SELECT id FROM households_household WHERE search_text LIKE '%nguyen%'",
        ),
        (
            "visit_walk_in_trgm",
            "SELECT id FROM households_supportvisit WHERE UPPER(walk_in_name) LIKE '%HƯỜNG%'",
        ),
    ],
)
def test_a_contains_search_can_read_its_trigram_index(index, query):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {query}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan
