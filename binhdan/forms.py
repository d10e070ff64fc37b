"""Forms of the project-wide pages (the personal data access log), and the crispy helper
every app's plain forms use."""

from html import escape

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from binhdan.dates import DayMonthYearField
from binhdan.uniqueness import AlreadyTaken


class LongSelect(forms.Select):
    """A `<select>` of many options (a commune's members: 1,200 at four times the demo's
    size), written in Python: Django's Select renders a template per option, which took
    100 ms for such a list. The same HTML, the same attributes, optgroups included (the
    standard library's escape: what Django's does, without its wrapping per option)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = {str(v) for v in self.format_value(value)}
        parts = [f'<select name="{escape(name)}"{flatatt(attrs)}>']
        has_selected = False

        def option(value, label) -> str:
            nonlocal has_selected
            value = "" if value is None else str(value)
            selected = (not has_selected or self.allow_multiple_selected) and value in chosen
            has_selected |= selected
            mark = " selected" if selected else ""
            return f'<option value="{escape(value)}"{mark}>{escape(label)}</option>'

        for value_or_group, label_or_options in self.choices:
            if isinstance(label_or_options, (list, tuple)):
                parts.append(f'<optgroup label="{escape(value_or_group)}">')
                parts.extend(option(v, label) for v, label in label_or_options)
                parts.append("</optgroup>")
            else:
                parts.append(option(value_or_group, label_or_options))
        parts.append("</select>")
        return mark_safe("".join(parts))


def submit_helper(label=None) -> FormHelper:
    """A crispy-forms helper with one submit button, "Save" unless `label` says otherwise."""
    helper = FormHelper()
    helper.add_input(Submit("save", label or _("Save")))
    return helper


def save_or_explain(form, write):
    """What `write()` (a service call) returns, or None with the explanation on `form` when
    the same was saved a moment earlier by someone else (binhdan/uniqueness.py): the page
    shows the form again, with what was typed."""
    try:
        return write()
    except AlreadyTaken as taken:
        form.add_error(taken.field if taken.field in form.fields else None, taken.message)
        return None


class AccessLogFilterForm(forms.Form):
    """Filters of the access log: who, from which day, to which day."""

    user = forms.ModelChoiceField(queryset=None, required=False, label=_("User"))
    date_from = DayMonthYearField(required=False, label=_("From"))
    date_to = DayMonthYearField(required=False, label=_("To"))

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["user"].empty_label = _("Everyone")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("user", css_class="col-sm-4"),
                Column("date_from", css_class="col-6 col-sm-3"),
                Column("date_to", css_class="col-6 col-sm-3"),
                Column(
                    Submit("", _("Filter"), css_class="w-100"),
                    css_class="col-sm-2 d-flex align-items-end mb-3",
                ),
            )
        )

    def filter(self, entries):
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["user"]:
            entries = entries.filter(user=data["user"])
        if data["date_from"]:
            entries = entries.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            entries = entries.filter(at__date__lte=data["date_to"])
        return entries
