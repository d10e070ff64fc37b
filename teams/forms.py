from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from teams.models import Village


class VillageForm(forms.ModelForm):
    class Meta:
        model = Village
        fields = ["code", "name", "is_active"]

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commune = commune
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())
