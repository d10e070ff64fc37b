"""Vietnamese phone numbers (số điện thoại): one way to read them, for forms and imports.

Excel and LibreOffice keep 0912345678 typed in a "General" cell as the number 912345678;
people write 0912.345.678, 0912-345-678, (0912) 345 678 or +84 912 345 678. All of these are
the same number, stored as `0912345678`:

- spaces, dots, dashes and brackets are dropped; `+84` or `84` in front becomes `0`;
- a number of 9 digits (10 for a landline) that lost its leading 0 gets it back;
- accepted: mobile numbers, 10 digits starting 03, 05, 07, 08 or 09; landlines, 11 digits
  starting 02. Anything else is refused with the rule it broke, in Vietnamese.

A model stores a phone in a `PhoneNumberField` (households, members): its form field is
`PhoneField`, so every form made from the model, the admin's included, reads a phone this
way, and `full_clean()` refuses a stored value that is not one. Templates show a phone with
`{{ phone|tel_link }}` (`binhdan/templatetags/phones.py`).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

SEPARATORS = re.compile(r"[\s.\-()/]+")
MOBILE_PREFIXES = ("03", "05", "07", "08", "09")
LANDLINE_PREFIX = "02"


def tidy_phone(raw) -> str:
    """The digits of `raw` in national form, without judging them (see `normalize_phone`).

    A float or int from a spreadsheet cell is read as its digits: 912345678.0 -> 0912345678.
    """
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = SEPARATORS.sub("", str(raw).strip())
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("0084"):
        text = "0" + text[4:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    if text.isdigit() and not text.startswith("0"):
        national = "0" + text
        lost_mobile_zero = len(text) == 9 and national.startswith(MOBILE_PREFIXES)
        lost_landline_zero = len(text) == 10 and national.startswith(LANDLINE_PREFIX)
        if lost_mobile_zero or lost_landline_zero:
            text = national
    return text


def normalize_phone(raw) -> str:
    """`raw` as a stored phone number, or "" for an empty one.

    Raises ValidationError (code "phone") saying, in Vietnamese, which rule the number broke.
    """
    phone = tidy_phone(raw)
    if not phone:
        return ""
    if not phone.isdigit():
        raise ValidationError(
            _("A phone number has digits only (spaces, dots and dashes are allowed)."),
            code="phone",
        )
    if phone.startswith(MOBILE_PREFIXES):
        if len(phone) != 10:
            raise ValidationError(
                _("A mobile number has 10 digits (it has %(n)s).") % {"n": len(phone)},
                code="phone",
            )
        return phone
    if phone.startswith(LANDLINE_PREFIX):
        if len(phone) != 11:
            raise ValidationError(
                _("A landline number has 11 digits, starting 02 (it has %(n)s).")
                % {"n": len(phone)},
                code="phone",
            )
        return phone
    raise ValidationError(
        _(
            "Not a Vietnamese phone number: a mobile number starts 03, 05, 07, 08 or 09 "
            "(10 digits), a landline 02 (11 digits)."
        ),
        code="phone",
    )


class PhoneField(forms.CharField):
    """A phone typed any usual way, cleaned to its stored form by `normalize_phone`.

    The number pad opens on a phone; a refused number stays in the box as it was typed.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalize_phone(super().to_python(value))


def validate_stored_phone(value) -> None:
    """A model's phone is "" or a number as `normalize_phone` stores it."""
    if value and normalize_phone(value) != value:  # normalize_phone refuses what is no number
        raise ValidationError(
            _("Store the phone number as its digits only: %(phone)s."),
            code="phone",
            params={"phone": normalize_phone(value)},
        )


class PhoneNumberField(models.CharField):
    """A phone number as stored (0912345678): forms made from the model read it with
    `PhoneField`; the model's validation refuses anything else."""

    default_validators = [validate_stored_phone]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneField, **kwargs})
