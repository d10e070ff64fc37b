"""Fill the new keys of existing rows and give lost leading zeros back to phones.

- Household.match_key: head name and address with their diacritics kept (it used to fold
  them, which made "Lê Văn Hùng" and "Lê Văn Hưng" one household);
- Household.sort_key and Member.sort_key: Vietnamese alphabetical order, given name first;
- phones: "912345678" (a number that lost its 0 in Excel), "+84 912 345 678", "0912.345.678"
  become "0912345678". Numbers that still are not valid are left as they were (the forms
  ask for a valid one at the next edit).

The functions are copies frozen at the time of this migration (binhdan.text.identity,
binhdan.collation.person_sort_key, binhdan.phones.tidy_phone), so that later changes to
the live code do not change what this migration did.
"""

import re
import unicodedata

from django.db import migrations


def identity(text):
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).lower().replace(",", ", ")
    return " ".join(text.split()).replace(" ,", ",")


ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
LOOK_ALIKES = {"ð": "đ"}


def _letter_code(letter):
    if letter.isdigit() and letter.isascii():
        return f"{2 + int(letter):02d}"
    if letter in ALPHABET:
        return f"{12 + ALPHABET.index(letter):02d}"
    return "99"


def _syllable(word):
    letters, tone = [], 0
    for char in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(char):
            if char in TONES:
                tone = TONES[char]
            elif letters:
                letters[-1] = LETTER_MARKS.get((letters[-1], char), letters[-1])
        elif char.isalnum():
            letters.append(LOOK_ALIKES.get(char, char))
    return "".join(_letter_code(letter) for letter in letters), tone


def person_sort_key(full_name):
    syllables = [s for s in map(_syllable, (full_name or "").split()) if s[0]]
    ordered = syllables[-1:] + syllables[:-1]
    primary = "01".join(codes for codes, _tone in ordered)
    return primary + "00" + "".join(str(tone) for _codes, tone in ordered)


SEPARATORS = re.compile(r"[\s.\-()/]+")


def tidy_phone(raw):
    text = SEPARATORS.sub("", (raw or "").strip())
    if text.startswith("+84"):
        text = "0" + text[3:]
    elif text.startswith("0084"):
        text = "0" + text[4:]
    elif text.startswith("84") and len(text) in (11, 12):
        text = "0" + text[2:]
    if text.isdigit() and not text.startswith("0"):
        if len(text) == 9 and text[0] in "35789":
            text = "0" + text
        elif len(text) == 10 and text[0] == "2":
            text = "0" + text
    return text


def fill(apps, schema_editor):
    Household = apps.get_model("households", "Household")
    Member = apps.get_model("teams", "Member")
    households = list(Household.objects.only("head_name", "address", "phone"))
    for household in households:
        household.match_key = f"{identity(household.head_name)}|{identity(household.address)}"
        household.sort_key = person_sort_key(household.head_name)
        household.phone = tidy_phone(household.phone)
    Household.objects.bulk_update(
        households, ["match_key", "sort_key", "phone"], batch_size=1000
    )
    members = list(Member.objects.only("full_name", "phone"))
    for member in members:
        member.sort_key = person_sort_key(member.full_name)
        member.phone = tidy_phone(member.phone)
    Member.objects.bulk_update(members, ["sort_key", "phone"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0004_household_identity"),
        ("teams", "0004_member_sort_key"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
