"""Forms of the emulation nominations (thi đua)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from households.models import Household
from reports.models import Award, Nomination, NominationStatus
from teams.models import Team, Village


class NominationForm(forms.ModelForm):
    """A nomination of the user's commune. The model's clean() checks that the title names
    the right kind of nominee, of this commune.

    The household list would be thousands long: it offers only the household already chosen
    (by the suggestions' "nominate" button or the nomination itself); the choice is still
    validated against every household of the commune.
    """

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
        chosen = chosen or self.instance.household_id
        offered = households.filter(pk=chosen).select_related("village") if chosen else []
        self.fields["household"].widget.choices = [("", "---------")] + [
            (h.pk, f"{h.head_name} · {h.village.name}") for h in offered
        ]
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2025 <= year <= 2100:
            raise forms.ValidationError(_("Enter a year from 2025."))
        return year


CATEGORY_CHOICES = [("", _("All titles")), *Award.choices]
STATUS_CHOICES = [("", _("All statuses")), *NominationStatus.choices]
