"""Households are listed in Vietnamese order of their head's name (Household.sort_key), and
every stored sort key (households and members) is computed again in its final form.

The keys that 0005 stored gave each letter its own tone, so that "Hoà" and "Hòa" (one name,
the mark placed two ways) sorted apart, a word of punctuation alone ("Lê Văn Hùng .") was
taken for the given name, and "Ð" (the look-alike of "Đ" that old converters leave) sorted
after every letter. The keys now give each word one tone and leave those cases out.

The function is a copy frozen at the time of this migration (binhdan.collation
.person_sort_key), so that later changes to the live code do not change what it did.
"""

import unicodedata

from django.db import migrations

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


def refresh(apps, schema_editor):
    Household = apps.get_model("households", "Household")
    Member = apps.get_model("teams", "Member")
    households = list(Household.objects.only("head_name"))
    for household in households:
        household.sort_key = person_sort_key(household.head_name)
    Household.objects.bulk_update(households, ["sort_key"], batch_size=1000)
    members = list(Member.objects.only("full_name"))
    for member in members:
        member.sort_key = person_sort_key(member.full_name)
    Member.objects.bulk_update(members, ["sort_key"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("households", "0005_identity_keys_and_phones"),
        ("teams", "0005_ordering"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="household",
            options={
                "ordering": ["village", "sort_key", "pk"],
                "verbose_name": "household",
                "verbose_name_plural": "households",
            },
        ),
        migrations.RunPython(refresh, migrations.RunPython.noop),
    ]
