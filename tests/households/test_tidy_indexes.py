"""manage.py tidy_indexes rebuilds the partial index of the households never reached, which
every household enters when added and leaves once reached."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection

from households.models import Household
from reports.kpis import tallyguard


@pytest.mark.django_db(transaction=True)  # PostgreSQL rebuilds it outside a transaction
def test_the_index_of_households_never_reached_is_rebuilt_to_its_live_rows(world):
    village = world.village_a
    # A year of work in two statements: 3,000 households added, then all of them reached.
    # Written in bulk, the tally guard paused: no tally is read here.
    tallyguard.pause()
    try:
        Household.objects.bulk_create(
            Household(village=village, head_name=f"Hộ {n}", address=f"Xóm {n % 9}")
            for n in range(3000)
        )
        reached = Household.objects.filter(village=village)
        reached.update(first_reached_on=datetime.date(2026, 11, 2))
        waiting = Household.objects.bulk_create(
            [Household(village=village, head_name="Lò Văn Sáng", address="Bản Mới")]
        )
    finally:
        tallyguard.resume()
    output = io.StringIO()
    call_command("tidy_indexes", stdout=output)
    assert "household_never_reached rebuilt" in output.getvalue()
    if connection.vendor == "postgresql":
        before, after = map(int, re.search(r"(\d+) -> (\d+) pages", output.getvalue()).groups())
        assert after < before, output.getvalue()
    never = Household.objects.filter(village=village).never_reached()
    assert list(never.values_list("pk", flat=True)) == [waiting[0].pk]
