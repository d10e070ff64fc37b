"""Vietnamese alphabetical order for people's names, the same on SQLite and PostgreSQL.

Commune lists of people are read by given name first ("An" before "Bình", whatever the
family name), in the Vietnamese alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t
u ư v x y, with the tone marks deciding only between otherwise equal names, in the
dictionary order: none, huyền, hỏi, ngã, sắc, nặng (a à ả ã á ạ).

Neither database does this out of the box (SQLite compares bytes; PostgreSQL's collation
depends on how the server was installed), so each name gets a `sort_key` computed on save:
a string of decimal digits only, which every collation orders the same way as bytes.
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

END = "00"  # ends the primary part: shorter names first ("An" before "An Khang")
WORD_BREAK = "01"  # between words: "An Bình" before "Anh"
DIGITS_FROM = 2  # "0".."9" -> 02..11
LETTERS_FROM = 12  # "a" -> 12, "ă" -> 13, ...
UNKNOWN = "99"


def _letters(text: str):
    """(letter, tone) for each character of `text`, lower case: "Ưỡ" -> ("ư", 0), ("ơ", 3)."""
    for char in unicodedata.normalize("NFC", text.lower()):
        decomposed = unicodedata.normalize("NFD", char)
        letter, tone = decomposed[0], 0
        for mark in decomposed[1:]:
            if mark in TONES:
                tone = TONES[mark]
            else:
                letter = LETTER_MARKS.get((letter, mark), letter)
        yield letter, tone


def _primary(words: list[str]) -> str:
    parts = []
    for number, word in enumerate(words):
        if number:
            parts.append(WORD_BREAK)
        for base, _tone in _letters(word):
            if base.isdigit() and base.isascii():
                parts.append(f"{DIGITS_FROM + int(base):02d}")
            elif base in ALPHABET:
                parts.append(f"{LETTERS_FROM + ALPHABET.index(base):02d}")
            elif base.isalnum():
                parts.append(UNKNOWN)
            # punctuation (. , - ') does not count
    return "".join(parts)


def _tones(words: list[str]) -> str:
    return "".join(str(tone) for word in words for base, tone in _letters(word) if base.isalnum())


def sort_key(text: str | None) -> str:
    """`text` in Vietnamese alphabetical order, word by word."""
    words = (text or "").split()
    return _primary(words) + END + _tones(words)


def person_sort_key(full_name: str | None) -> str:
    """A person's name in the order of commune lists: given name (the last word) first,
    then the family and middle names: "Trần Văn An" before "Lê Thị Bình"."""
    words = (full_name or "").split()
    ordered = words[-1:] + words[:-1]
    return _primary(ordered) + END + _tones(ordered)
