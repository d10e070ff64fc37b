"""Presentation helpers for households: the phone as the viewer may see it."""

from django import template

register = template.Library()


@register.filter
def phone_for(household, user) -> str:
    """{{ household|phone_for:user }}: in full for who may change it, masked otherwise."""
    return household.phone_for(user)
