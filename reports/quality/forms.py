"""Forms of the data-quality pages: the follow-up note, and the rules' settings."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.quality.rules import RULES


class VerifyForm(forms.Form):
    """Mark a finding as checked ("đã xác minh") with a note."""

    code = forms.CharField(widget=forms.HiddenInput, max_length=10)
    key = forms.CharField(widget=forms.HiddenInput, max_length=100)
    note = forms.CharField(
        label=_("What was checked"),
        max_length=300,
        error_messages={"required": _("Say what was checked (for example: two namesakes).")},
    )


class SettingsForm(forms.Form):
    """Every rule on one page: checked or not, its threshold, and a minimum and a maximum
    for the rules that take them."""

    def __init__(self, *args, settings, **kwargs):
        super().__init__(*args, **kwargs)
        self.rules = []
        for rule in RULES:
            setting = settings[rule.code]
            prefix = rule.code.lower()
            self.fields[f"{prefix}_enabled"] = forms.BooleanField(
                label=_("Check this rule"), required=False, initial=setting.enabled
            )
            names = [f"{prefix}_enabled"]
            if rule.threshold is not None:
                self.fields[f"{prefix}_threshold"] = forms.IntegerField(
                    label=rule.threshold_label,
                    min_value=1,
                    max_value=10000,
                    initial=setting.threshold,
                )
                names.append(f"{prefix}_threshold")
            if rule.takes_bounds:
                for bound, label in (("minimum", _("Minimum")), ("maximum", _("Maximum"))):
                    self.fields[f"{prefix}_{bound}"] = forms.IntegerField(
                        label=label,
                        min_value=0,
                        max_value=100000,
                        required=False,
                        initial=getattr(setting, bound),
                    )
                    names.append(f"{prefix}_{bound}")
            self.rules.append((rule, [self[name] for name in names]))

    def clean(self):
        data = super().clean()
        for rule in RULES:
            if rule.takes_bounds:
                prefix = rule.code.lower()
                low, high = data.get(f"{prefix}_minimum"), data.get(f"{prefix}_maximum")
                if low is not None and high is not None and low > high:
                    self.add_error(f"{prefix}_maximum", _("The maximum is below the minimum."))
        return data

    def rows(self) -> dict[str, dict]:
        """What to store, rule by rule (reports.quality.services.save_settings)."""
        data = self.cleaned_data
        rows = {}
        for rule in RULES:
            prefix = rule.code.lower()
            row = {"enabled": data[f"{prefix}_enabled"]}
            for name in ("threshold", "minimum", "maximum"):
                if f"{prefix}_{name}" in data:
                    row[name] = data[f"{prefix}_{name}"]
            rows[rule.code] = row
        return rows
