"""Forms of the quarterly report pages: the narrative, a return comment, the sending date."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdan.dates import DayMonthYearField
from reports.models import QuarterlyReport


class NarrativeForm(forms.ModelForm):
    """The usual parts of a report (results, difficulties, directions for the next quarter,
    proposals), its number and its signer."""

    class Meta:
        model = QuarterlyReport
        fields = [
            "results",
            "difficulties",
            "next_quarter",
            "proposals",
            "number",
            "signer_name",
            "signer_title",
        ]
        widgets = {
            "results": forms.Textarea(attrs={"rows": 5}),
            "difficulties": forms.Textarea(attrs={"rows": 3}),
            "next_quarter": forms.Textarea(attrs={"rows": 3}),
            "proposals": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, then_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "results",
            "difficulties",
            "next_quarter",
            "proposals",
            Row(
                Column("number", css_class="col-sm-3"),
                Column("signer_name", css_class="col-sm-5"),
                Column("signer_title", css_class="col-sm-4"),
            ),
        )
        self.helper.add_input(Submit("save", _("Save the narrative")))
        if then_label:
            # Save what was typed, then go on to the confirmation: nothing typed is lost.
            then = Submit("then", then_label)
            then.field_classes = "btn btn-outline-primary"  # not a second primary button
            self.helper.add_input(then)

    def clean(self):
        data = super().clean()
        for name in ("results", "difficulties", "proposals"):
            data[name] = (data.get(name) or "").strip()
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to be corrected"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class SendForm(forms.Form):
    sent_on = DayMonthYearField(label=_("Date sent to the Department"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"sent_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_sent_on(self):
        sent_on = self.cleaned_data["sent_on"]
        if sent_on > timezone.localdate():
            raise forms.ValidationError(_("The date sent cannot be in the future."))
        return sent_on
