"""The registry's filters: the village <select> written by LongSelect, as Django writes it;
the count of the households listed, from the village tallies when only villages narrow it."""

import re

from django import forms
from django.test.html import parse_html
from django.urls import reverse

from households.forms import HouseholdFilterForm
from households.models import Household
from households.services import delete_household, save_household
from tests.factories import HouseholdFactory, MemberFactory, village_team


def test_the_village_filter_is_the_select_django_would_write(world):
    world.village_b.name = 'Thôn <Đoài> & "Bản"'
    world.village_b.save()
    form = HouseholdFilterForm({"village": str(world.village_b.pk)}, user=world.users["office"])
    field = form.fields["village"]
    ours = str(form["village"])
    django = forms.Select(attrs=field.widget.attrs, choices=field.choices).render(
        "village", str(world.village_b.pk), attrs={"id": "id_village"}
    )
    assert parse_html(ours) == parse_html(django)
    assert "Thôn &lt;Đoài&gt;" in ours and "selected" in ours


def _count_shown(client, **params) -> int:
    text = client.get(reverse("households:household_list"), params).content.decode()
    return int(re.search(r"(\d+) hộ<", text).group(1))


def test_the_registrys_count_is_that_of_the_households_it_lists(world, client_for):
    """Read from the village tallies when only the villages narrow the list, counted
    otherwise: the same number either way, for the office and for a village leader, after
    households are added, deleted and moved to another village."""
    member = MemberFactory(team=village_team(world.village_a))
    HouseholdFactory.create_batch(3, village=world.village_a, has_elderly=True)
    HouseholdFactory.create_batch(2, village=world.village_b, member_in_charge=None)
    HouseholdFactory(village=world.other_commune_village)  # another commune's
    gone = HouseholdFactory(village=world.village_a, member_in_charge=member)
    delete_household(gone, None)
    moved = HouseholdFactory(village=world.village_a)
    moved.village = world.village_b
    save_household(moved, None)
    office, leader = client_for("office"), client_for("leader")
    mine = Household.objects.for_user(world.users["office"])
    assert _count_shown(office) == mine.count() == 6
    assert _count_shown(office, village=world.village_b.pk) == 3
    assert _count_shown(office, page=2) == 6
    assert _count_shown(office, priority="elderly") == 3
    assert _count_shown(office, village="not a village") == 6  # the filter is ignored
    assert _count_shown(leader) == 3
