"""A team member's phone is a `PhoneNumberField` (binhdan.phones): the admin reads it with the
same rules as the portal's forms and imports, and the model's validation refuses a stored
value that is not a phone number.

Stored phones that the admin, which had a plain text box until now, let through untidy
("0912.345.678", "+84 912 345 678") are stored as the forms store them ("0912345678"). A
phone that is no number under the rules ("12345", "gọi qua Zalo") is left as it was: it is
what someone wrote down, and only a person can say what it should be. The edit form shows it
and refuses to save until it is corrected or emptied. The rules are copied here, frozen at
this migration (binhdan.phones.normalize_phone).
"""

import re

import binhdan.phones
from django.db import migrations

SEPARATORS = re.compile(r"[\s.\-()/]+")


def stored_form(raw):
    """`raw` as binhdan.phones.normalize_phone stores it, or None if it is no phone number."""
    text = SEPARATORS.sub("", raw.strip())
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("0084"):
        text = "0" + text[4:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    if text.isdigit() and not text.startswith("0"):
        if (len(text) == 9 and text[0] in "35789") or (len(text) == 10 and text[0] == "2"):
            text = "0" + text
    if not text.isdigit():
        return None
    if text[:2] in ("03", "05", "07", "08", "09") and len(text) == 10:
        return text
    if text.startswith("02") and len(text) == 11:
        return text
    return None


def tidy_phones(model):
    untidy = []
    for row in model.objects.exclude(phone="").only("phone"):
        tidy = stored_form(row.phone)
        if tidy is not None and tidy != row.phone:
            row.phone = tidy
            untidy.append(row)
    model.objects.bulk_update(untidy, ["phone"], batch_size=1000)


def tidy_member_phones(apps, schema_editor):
    tidy_phones(apps.get_model("teams", "Member"))


class Migration(migrations.Migration):

    dependencies = [
        ('teams', '0009_role_commune_required'),
    ]

    operations = [
        migrations.RunPython(tidy_member_phones, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='member',
            name='phone',
            field=binhdan.phones.PhoneNumberField(blank=True, max_length=20, verbose_name='phone'),
        ),
    ]
