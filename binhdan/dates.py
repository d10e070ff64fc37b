"""The date field of every form: a date (ngày) typed as dd/mm/yyyy in a plain text box.

A browser's own date picker (`type="date"`) writes the date in the device's format,
mm/dd/yyyy on a phone set to English; a text box shows dd/mm/yyyy whatever the device.
The value is written with the language's first DATE_INPUT_FORMATS and read with all of them
(`binhdan/formats/vi/formats.py`, which English shares): dd/mm/yyyy, dd/mm/yy, ddmmyyyy (a
phone's number pad has no "/" key) and yyyy-mm-dd (links and bookmarks made before).
`static/js/date-input.js` types the slashes as the digits come; nothing needs it.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

# The HTML pattern of what DATE_INPUT_FORMATS accept (a test keeps the two in step).
PATTERN = r"\d{1,2}/\d{1,2}/(\d{2}|\d{4})|\d{8}|\d{4}-\d{1,2}-\d{1,2}"
INVALID = _("Enter the date as dd/mm/yyyy, for example 25/11/2026.")


class DayMonthYearInput(forms.DateInput):
    """A text box for a date typed as dd/mm/yyyy, with the number pad on a phone."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": "dd/mm/yyyy",
            "pattern": PATTERN,
            "title": INVALID,
            "maxlength": 10,
            "data-date-input": True,
        }
        super().__init__({**defaults, **(attrs or {})})


class DayMonthYearField(forms.DateField):
    """A date typed as dd/mm/yyyy; what cannot be read is refused with an example."""

    widget = DayMonthYearInput
    default_error_messages = {"invalid": INVALID}

    def bound_data(self, data, initial):
        # A date that could be read is shown back as forms write it (2026-11-25 from an old
        # link, 25112026 from a number pad: 25/11/2026); one that could not is kept as typed.
        data = super().bound_data(data, initial)
        try:
            return self.to_python(data) or data
        except forms.ValidationError:
            return data
