"""The date field of every form: a date (ngày) typed as dd/mm/yyyy in a plain text box.

A browser's own date picker (`type="date"`) writes the date in the device's format,
mm/dd/yyyy on a phone set to English; a text box shows dd/mm/yyyy whatever the device.
The value is written with the language's first DATE_INPUT_FORMATS and read with all of them
(`binhdan/formats/vi/formats.py`, which English shares): dd/mm/yyyy, dd/mm/yy, ddmmyyyy (a
phone's number pad has no "/" key) and yyyy-mm-dd (links and bookmarks made before).
`static/js/date-input.js` types the slashes as the digits come; nothing needs it.

A date that records something that happened (a support visit, an activity day, a training,
a communication activity, a member joining or leaving) lies between the plan's start and
today: `validate_happened` refuses the rest with the range in its message, so that a report
never counts what has not happened yet (DOMAIN.md). Models put it on such fields, so every
form, the admin and `full_clean()` apply it; imports call it on the dates they read.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The commune's plan (Kế hoạch, UBND xã Liên Minh) was issued in October 2025: the portal
#: records nothing that happened before it.
PLAN_START = datetime.date(2025, 10, 1)

# The HTML pattern of what DATE_INPUT_FORMATS accept (a test keeps the two in step).
PATTERN = r"\d{1,2}/\d{1,2}/(\d{2}|\d{4})|\d{8}|\d{4}-\d{1,2}-\d{1,2}"
INVALID = _("Enter the date as dd/mm/yyyy, for example 25/11/2026.")
OUT_OF_RANGE = _("The date must be from %(first)s to today (%(today)s).")


def validate_happened(
    day: datetime.date | None,
    *,
    earliest: datetime.date | None = None,
    today: datetime.date | None = None,
) -> None:
    """Refuse a date in the future or before the plan's start (or before `earliest`, when
    that is later: a report's document date is not before its figures were frozen)."""
    if day is None:
        return
    today = today or timezone.localdate()
    first = max(earliest or PLAN_START, PLAN_START)
    if not first <= day <= today:
        raise ValidationError(
            OUT_OF_RANGE,
            code="out_of_range",
            params={"first": f"{first:%d/%m/%Y}", "today": f"{today:%d/%m/%Y}"},
        )


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


class HappenedDateField(DayMonthYearField):
    """A date typed as dd/mm/yyyy of something that happened: from the plan's start to today
    (for a form that is not a model's: a model's field carries `validate_happened` itself)."""

    default_validators = [validate_happened]
