"""Amounts in đồng as the commune writes them: 1.250.000 (dots between thousands)."""

from django import template

register = template.Library()


def dong(amount) -> str:
    """1250000 -> "1.250.000"; nothing -> ""."""
    if amount is None or amount == "":
        return ""
    return f"{int(amount):,}".replace(",", ".")


register.filter("dong", dong)
