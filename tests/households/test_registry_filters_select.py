"""The registry's filters: the village <select> written by LongSelect, as Django writes it."""

from django import forms
from django.test.html import parse_html

from households.forms import HouseholdFilterForm


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
