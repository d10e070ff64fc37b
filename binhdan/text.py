"""Text helpers for Vietnamese: folding diacritics so that "nguyen van" finds "Nguyễn Văn"."""

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
