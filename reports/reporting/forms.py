"""Forms of the quarterly report pages: the narrative, a return comment, the document date."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from binhdan.dates import DayMonthYearField, validate_happened
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


class ExplanationForm(forms.Form):
    """A team leader's explanation of the data-quality warnings, given on submitting (it is
    frozen into the report and printed in the commune report's annex)."""

    comment = forms.CharField(
        label=_("Explain the data-quality warnings"),
        help_text=_("For example: the two households are namesakes; the member is away."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Explain the warnings before submitting.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DocumentDateForm(forms.Form):
    """The date printed on a sent commune report (“Liên Minh, ngày … tháng … năm …”)."""

    document_date = DayMonthYearField(
        label=_("Document date"),
        help_text=_("Not before the day its figures were frozen, not after today."),
    )

    def __init__(self, *args, report, **kwargs):
        kwargs.setdefault("initial", {"document_date": report.document_date})
        super().__init__(*args, **kwargs)
        self.report = report
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> carries it

    def clean_document_date(self):
        day = self.cleaned_data["document_date"]
        validate_happened(day, earliest=self.report.frozen_on)
        return day


class SignedCopyForm(forms.Form):
    """The signed report, as a PDF (its content is checked by reports/reporting/signed.py)."""

    file = forms.FileField(
        label=_("Signed copy (PDF)"),
        help_text=_(
            "The report signed on paper and scanned, or signed with a digital certificate."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
