"""Diacritics-insensitive search: "nguyen van" finds "Nguyễn Văn", on SQLite and PostgreSQL."""

from django.db import models

from binhdan.text import fold


class SearchTextQuerySet(models.QuerySet):
    """For models that keep `search_text = fold(...)` of their searchable text on save."""

    def search(self, query: str):
        folded = fold(query)
        return self.filter(search_text__contains=folded) if folded else self
