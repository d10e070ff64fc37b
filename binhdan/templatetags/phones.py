"""Presentation of phone numbers: {% load phones %}."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def tel_link(phone):
    """{{ phone|tel_link }}: a phone shown in full is a link that dials it.

    A masked phone (09•••••123, see `Household.phone_for`) or an empty one is left as text.
    """
    if phone and phone.isascii() and phone.isdigit():
        return format_html('<a href="tel:{}">{}</a>', phone, phone)
    return phone
