"""Vietnamese alphabetical order for people's names, the same on SQLite and PostgreSQL.

Commune lists of people are read by given name first ("An" before "Bình", whatever the
family name), in the Vietnamese alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t
u ư v x y, with the tone marks deciding only between otherwise equal names, in the
dictionary order: none, huyền, hỏi, ngã, sắc, nặng (a à ả ã á ạ).

Neither database does this out of the box (SQLite compares bytes; PostgreSQL's collation
depends on how the server was installed), so each name gets a `sort_key` computed on save:
a string of decimal digits only, which every collation orders the same way as bytes.

A word carries one tone, wherever it is written: "Hoà" and "Hòa" (the two ways of placing
the mark) are the same name and get the same key.

The keys are stored (Household.sort_key, Member.sort_key): a change to their format needs a
data migration that computes every stored key again (as households 0006 does).
"""

import unicodedata

# Base letters in the Vietnamese order; f, j, w, z (foreign names) where Latin puts them.
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
LETTER_MARKS = {  # (base, mark) -> the letter it makes: breve, circumflex, horn
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
# Look-alikes that old encodings and converters leave in place of a Vietnamese letter:
# the Icelandic eth "Ð" (U+00D0) is drawn exactly like "Đ".
LOOK_ALIKES = {"ð": "đ"}

END = "00"  # ends the primary part: shorter names first ("An" before "An Khang")
WORD_BREAK = "01"  # between words: "An Bình" before "Anh"
DIGITS_FROM = 2  # "0".."9" -> 02..11
LETTERS_FROM = 12  # "a" -> 12, "ă" -> 13, ...
UNKNOWN = "99"


def _letter_code(letter: str) -> str:
    if letter.isdigit() and letter.isascii():
        return f"{DIGITS_FROM + int(letter):02d}"
    if letter in ALPHABET:
        return f"{LETTERS_FROM + ALPHABET.index(letter):02d}"
    return UNKNOWN


def _syllable(word: str) -> tuple[str, int]:
    """A word's letters as codes, and its tone: "Hưởng" -> codes of h ư ơ n g, 2 (hỏi).

    Read decomposed (NFD), so that text typed either way gives the same result;
    punctuation (. , - ') does not count.
    """
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


def _syllables(text: str | None) -> list[tuple[str, int]]:
    """Each word of `text` that has a letter or digit in it."""
    return [syllable for syllable in map(_syllable, (text or "").split()) if syllable[0]]


def _key(syllables: list[tuple[str, int]]) -> str:
    primary = WORD_BREAK.join(codes for codes, _tone in syllables)
    return primary + END + "".join(str(tone) for _codes, tone in syllables)


def sort_key(text: str | None) -> str:
    """`text` in Vietnamese alphabetical order, word by word."""
    return _key(_syllables(text))


def person_sort_key(full_name: str | None) -> str:
    """A person's name in the order of commune lists: given name (the last word) first,
    then the family and middle names: "Trần Văn An" before "Lê Thị Bình"."""
    syllables = _syllables(full_name)
    return _key(syllables[-1:] + syllables[:-1])
