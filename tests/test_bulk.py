"""binhdan.bulk.update_rows: the given columns of many rows written by primary key, the
others left alone (plain SQL; the suite runs it on SQLite, and on PostgreSQL with
DATABASE_URL)."""

import datetime

from django.utils import timezone

from binhdan.bulk import update_rows
from households.models import Household
from reports.kpis import tallies
from tests.factories import HouseholdFactory, member_of


def test_update_rows_writes_the_given_columns_of_each_row_and_nothing_else(world):
    member = member_of(world.village_a)
    households = [
        HouseholdFactory(village=world.village_a, notes="cũ", phone="0912345678") for _ in range(5)
    ]
    when = timezone.make_aware(datetime.datetime(2026, 11, 30, 8, 15))
    for n, household in enumerate(households):
        household.people_count = n + 1
        household.has_elderly = n % 2 == 0
        household.notes = f"Ghi chú {n} — “mới”" if n else ""
        household.member_in_charge = member if n % 2 else None
        household.updated_at = when
        household.phone = "0987654321"  # changed in memory, not among the columns written
    fields = ("people_count", "has_elderly", "notes", "member_in_charge", "updated_at")
    assert update_rows(Household, households, fields, batch_size=2) == 5
    tallies.refresh(villages=[world.village_a.pk])
    for n, household in enumerate(households):
        stored = Household.objects.get(pk=household.pk)
        assert (stored.people_count, stored.has_elderly, stored.notes) == (
            n + 1,
            n % 2 == 0,
            f"Ghi chú {n} — “mới”" if n else "",
        )
        assert stored.member_in_charge_id == (member.pk if n % 2 else None)
        assert stored.updated_at == when and stored.phone == "0912345678"


def test_update_rows_with_nothing_to_write_runs_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert update_rows(Household, [], ("notes",)) == 0
