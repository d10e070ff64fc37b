"""Forms of the emulation nominations (thi đua)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from binhdan.picker import year_choices
from households.models import Household
from reports.models import Award, Nomination, NominationStatus
from teams.models import Team, Village

#: Households offered by one search.
FOUND = 15


class FindButton(Submit):
    """A secondary submit button: it searches, it does not save."""

    field_classes = "btn btn-outline-secondary"


class NominationForm(forms.ModelForm):
    """A nomination of the user's commune. The model's clean() checks that the title names
    the right kind of nominee, of this commune.

    The household list would be thousands long: it offers the household already chosen (by
    the suggestions' "nominate" button or the nomination itself) and those found by name or
    address with the "Find" button; the choice is validated against every household of the
    commune.
    """

    household_query = forms.CharField(
        label=_("Find a household"),
        required=False,
        help_text=_("Name or address, then “Find”: the households found fill the list below."),
    )

    class Meta:
        model = Nomination
        fields = ["year", "category", "team", "village", "household", "resident_name", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "team": _("For “Exemplary team”."),
            "village": _("For “Electronic residential area”, and the village of a resident."),
            "household": _("For “Exemplary digital family”; optional for a resident."),
            "resident_name": _("For “Pioneer digital citizen”: the full name only."),
        }

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commune = commune
        self.fields["team"].queryset = Team.objects.filter(commune=commune).select_related(
            "village"
        )
        self.fields["village"].queryset = Village.objects.filter(commune=commune, is_active=True)
        households = Household.objects.filter(village__commune=commune)
        self.fields["household"].queryset = households
        chosen = self.data.get("household") or self.initial.get("household")
        chosen = str(chosen or self.instance.household_id or "")
        offered = []
        if chosen.isdigit():
            offered = list(households.filter(pk=chosen).select_related("village"))
        query = (
            self.data.get("household_query") or self.initial.get("household_query") or ""
        ).strip()
        if query:
            found = households.search(query).exclude(pk__in=[h.pk for h in offered])
            offered += list(found.select_related("village").order_by("sort_key", "pk")[:FOUND])
        self.fields["household"].widget.choices = [("", "---------")] + [
            (h.pk, f"{h.head_name} · {h.address} · {h.village.name}") for h in offered
        ]
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "year",
            "category",
            "team",
            "village",
            Div(
                Field("household_query", type="search"),
                FindButton("find", _("Find"), formnovalidate=""),
                css_class="border rounded p-2 mb-2",
            ),
            "household",
            "resident_name",
            "reason",
        )
        self.helper.add_input(Submit("save", _("Save")))

    def clean_year(self):
        year = self.cleaned_data["year"]
        years = year_choices()
        if year not in years:
            raise forms.ValidationError(
                _("Enter a year of the plan, from %(first)s to %(last)s.")
                % {"first": years[-1], "last": years[0]}
            )
        return year


CATEGORY_CHOICES = [("", _("All titles")), *Award.choices]
STATUS_CHOICES = [("", _("All statuses")), *NominationStatus.choices]
