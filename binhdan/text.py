"""Text helpers for Vietnamese names and addresses.

Two different ways of comparing, for two different jobs:
- `fold` drops diacritics: right for search ("nguyen van" finds "Nguyễn Văn");
- `identity` keeps them: right for "is this the same person?" ("Lê Văn Hùng" and
  "Lê Văn Hưng" are two people).
"""

import unicodedata


def fold(text: str | None) -> str:
    """Lower-case `text` without diacritics (đ becomes d) and with single spaces.

    Stored next to a searchable name (a `search_text` column) and applied to the query, it
    gives the same diacritics-insensitive search on SQLite and on PostgreSQL.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def identity(text: str | None) -> str:
    """`text` as compared for identity: Unicode NFC, lower case, single spaces, a comma
    followed by one space; every diacritic kept ("Hùng" and "Hưng" stay different)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).lower().replace(",", ", ")
    return " ".join(text.split()).replace(" ,", ",")
