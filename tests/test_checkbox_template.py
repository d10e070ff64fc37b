"""templates/bootstrap5/layout/radio_checkbox_select.html is crispy-bootstrap5's own template
with its include per option written in place: it must give the same HTML as the original,
for checkboxes and radio buttons, inline or not, with and without errors, whatever version
of crispy-bootstrap5 is installed (the original is read from the installed package)."""

import copy

import pytest
from crispy_bootstrap5.bootstrap5 import Field
from crispy_forms.bootstrap import InlineCheckboxes, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from crispy_forms.utils import render_crispy_form
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.test import override_settings

from binhdan.settings import BASE_DIR

OVERRIDE = BASE_DIR / "templates" / "bootstrap5" / "layout" / "radio_checkbox_select.html"


class Choices(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Kinds of support",
        choices=[("1", "Cài đặt VNeID"), ("2", "Thanh toán <số>"), ("3", "Dịch vụ công")],
        widget=forms.CheckboxSelectMultiple(attrs={"data-x": "a&b", "autofocus": True}),
        help_text="Tick every kind",
    )
    grouped = forms.MultipleChoiceField(
        choices=[("Nhóm A", [("a", "Một"), ("b", "Hai")]), ("Nhóm B", [("c", "Ba")])],
        widget=forms.CheckboxSelectMultiple(attrs={"disabled": False}),
        required=False,
    )
    method = forms.ChoiceField(
        choices=[("door", "Tại nhà"), ("hall", "Tại nhà văn hoá")], widget=forms.RadioSelect
    )


def _inline_form(data=None):
    form = Choices(data)
    form.helper = FormHelper()
    form.helper.form_tag = False
    form.helper.layout = Layout(InlineCheckboxes("kinds"), Field("grouped"), InlineRadios("method"))
    return form


def _render(data, inline: bool) -> str:
    if inline:
        return render_crispy_form(_inline_form(data))
    template = Template(
        "{% load crispy_forms_tags %}"
        "{{ form.kinds|as_crispy_field }}{{ form.grouped|as_crispy_field }}"
        "{{ form.method|as_crispy_field }}"
    )
    return template.render(Context({"form": Choices(data)}))


def _without_project_templates():
    """The project's settings with its templates folder left out: crispy's own files."""
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = []
    return override_settings(TEMPLATES=templates)


@pytest.mark.parametrize("inline", [False, True], ids=["as_crispy_field", "inline"])
@pytest.mark.parametrize(
    "data",
    [None, {"kinds": ["1", "3"], "method": "hall"}, {"grouped": ["zz"]}],
    ids=["unbound", "valid", "errors"],
)
def test_the_same_html_as_crispy_bootstrap5(data, inline):
    assert OVERRIDE.exists()
    ours = _render(data, inline)
    with _without_project_templates():
        theirs = _render(data, inline)
    assert 'class="form-check-input' in ours
    if data and "grouped" in data:
        assert "is-invalid" in ours  # the error path was rendered
    assert ours == theirs
