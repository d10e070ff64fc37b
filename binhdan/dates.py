"""The date field of every form: a date (ngày) typed as dd/mm/yyyy in a plain text box.

A browser's own date picker (`type="date"`) writes the date in the device's format,
mm/dd/yyyy on a phone set to English; a text box shows dd/mm/yyyy whatever the device.
The value is written with the language's first DATE_INPUT_FORMATS and read with all of them
(`binhdan/formats/vi/formats.py`, which English shares): dd/mm/yyyy, dd/mm/yy, ddmmyyyy (a
phone's number pad has no "/" key) and yyyy-mm-dd (links and bookmarks made before).
`static/js/date-input.js` types the slashes as the digits come; nothing needs it.

A date typed in one of these shapes that does not exist (31/02/2026, 29/02/2027, 00/05/2026,
15/13/2026) is refused with the part that is wrong (`wrong_parts`), not as a wrong format:
only a wrong shape is told the format, with an example. Imports use the same reasons.

A date that records something that happened (a support visit, an activity day, a training,
a communication activity, a member joining or leaving) lies between the plan's start and
today: `validate_happened` refuses the rest with the range in its message, so that a report
never counts what has not happened yet (DOMAIN.md). Models put it on such fields, so every
form, the admin and `full_clean()` apply it; imports call it on the dates they read.
"""

import calendar
import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

#: The commune's plan (Kế hoạch, UBND xã Liên Minh) was issued in October 2025: the portal
#: records nothing that happened before it.
PLAN_START = datetime.date(2025, 10, 1)

# The HTML pattern of what DATE_INPUT_FORMATS accept (a test keeps the two in step).
PATTERN = r"\d{1,2}/\d{1,2}/(\d{2}|\d{4})|\d{8}|\d{4}-\d{1,2}-\d{1,2}"
INVALID = _("Enter the date as dd/mm/yyyy, for example 25/11/2026.")
PLACEHOLDER = _("dd/mm/yyyy")
OUT_OF_RANGE = _("The date must be from %(first)s to today (%(today)s).")
# Why a date typed in the right shape does not exist; lower case, to follow "... is not a
# date:" in an import's messages; a form's message starts them with a capital.
DAY_RANGE = _("the day must be from 1 to 31")
MONTH_RANGE = _("the month must be from 1 to 12")
YEAR_RANGE = _("the year must be from 1 to 9999")
NO_SUCH_DAY = _("month %(month)s of %(year)s has no day %(day)s")

_DIRECTIVES = {"d": "day", "m": "month", "Y": "year", "y": "short_year"}


def _shape(input_format: str) -> re.Pattern:
    """The regular expression of a strptime format made of %d, %m, %Y, %y and separators;
    a directive followed by another has its full width (%d%m%Y: 8 digits)."""
    parts = re.split(r"%([dmYy])", input_format)
    regex = ""
    for i, part in enumerate(parts):
        if i % 2 == 0:
            regex += re.escape(part)
            continue
        abutted = parts[i + 1] == "" and i + 2 < len(parts)
        width = {"Y": "4", "y": "2"}.get(part) or ("2" if abutted else "1,2")
        regex += rf"(?P<{_DIRECTIVES[part]}>\d{{{width}}})"
    return re.compile(regex)


def wrong_parts(text: str, input_formats) -> list[str]:
    """What is wrong with `text`, typed in the shape of one of `input_formats`, as a date
    that does not exist: the day, the month, the year out of range or a day the month does
    not have. Empty when `text` has none of the shapes (or is a date)."""
    for input_format in input_formats:
        found = _shape(input_format).fullmatch(text.strip())
        if found is None:
            continue
        parts = found.groupdict()
        day, month = int(parts["day"]), int(parts["month"])
        if parts.get("short_year") is not None:  # as strptime reads %y: 69-99 are 19xx
            short = int(parts["short_year"])
            year = short + (1900 if short >= 69 else 2000)
        else:
            year = int(parts["year"])
        reasons = []
        if not 1 <= day <= 31:
            reasons.append(str(DAY_RANGE))
        if not 1 <= month <= 12:
            reasons.append(str(MONTH_RANGE))
        if not 1 <= year <= 9999:
            reasons.append(str(YEAR_RANGE))
        if not reasons and day > calendar.monthrange(year, month)[1]:
            reasons.append(NO_SUCH_DAY % {"day": day, "month": month, "year": year})
        return reasons
    return []


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
            "placeholder": PLACEHOLDER,
            "pattern": PATTERN,
            "title": INVALID,
            "maxlength": 10,
            "data-date-input": True,
        }
        super().__init__({**defaults, **(attrs or {})})


class DayMonthYearField(forms.DateField):
    """A date typed as dd/mm/yyyy; a date that does not exist is refused with the part that
    is wrong, what is not in a date's shape with an example."""

    widget = DayMonthYearInput
    default_error_messages = {"invalid": INVALID}

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            reasons = wrong_parts(str(value), self.input_formats)
            if not reasons:
                raise
            raise forms.ValidationError(
                [f"{capfirst(reason)}." for reason in reasons], code="no_such_date"
            ) from None

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
