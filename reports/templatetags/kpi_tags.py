"""Presentation of KPI values: numbers in the user's locale, colours by status."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports.kpis import Status, Unit

register = template.Library()

COLOURS = {
    Status.MET: "success",
    Status.NOT_MET: "danger",
    Status.NO_DATA: "secondary",
    Status.REPORTED: "info",
}


@register.filter
def status_colour(status) -> str:
    return COLOURS.get(status, "secondary")


@register.filter
def iso_date(text: str) -> datetime.date | None:
    """A date kept as ISO text in a KPI's details ("2026-11-02"), back to a date, so that the
    `date` filter prints it as people write it (02/11/2026)."""
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _number(value, places: int, separator: str) -> str:
    """`value` rounded half up to `places` decimals, dropped when they are zero: what
    floatformat(value, -places) writes, without looking the language up for every figure
    (the commune's village table writes a thousand of them)."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number == number.to_integral_value():
        places = 0
    return str(number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)).replace(".", separator)


def _value_text(kpi, separator: str) -> str:
    if kpi.value is None:
        return "—"
    if kpi.unit == Unit.PERCENT:
        return f"{_number(kpi.value, 1, separator)} %"
    return _number(kpi.value, 0, separator)


@register.filter
def kpi_value(kpi) -> str:
    """ "66,7 %", "9 tổ viên" or "—" for no data (a missing value is never shown as 0)."""
    return _value_text(kpi, get_format("DECIMAL_SEPARATOR"))


@register.filter
def kpi_target(kpi) -> str:
    if kpi.target is None:
        return _("no target: reported")
    if kpi.unit == Unit.PERCENT:
        return f"≥ {floatformat(kpi.target, 0)} %"
    return f"≥ {floatformat(kpi.target, 0)} {kpi.unit_label}"


@register.filter
def kpi_at(kpis, index):
    return kpis[index]


@register.simple_tag
def sort_link(current: str, code: str) -> str:
    """The ?sap-xep= value a column header links to: descending first, then ascending."""
    return code if current == f"-{code}" else f"-{code}"


@register.filter
def step5(progress: int) -> int:
    """A progress (0-100) rounded to the nearest 5, for the .bar-N width classes."""
    return 5 * round(progress / 5)


CELL = '<td class="text-end text-nowrap"><span class="badge text-bg-{}">{}</span></td>'


@register.simple_tag
def kpi_cells(kpis) -> str:
    """The table cells of one village row: a badge per KPI coloured by status.

    Built here rather than with a loop in the template, and with plain string formatting
    rather than format_html: the commune table has one cell per village and KPI, a thousand
    and more. What goes in is a colour name of COLOURS and a figure written by _value_text
    (digits, a separator, "%" or "—"), escaped all the same.
    """
    separator = get_format("DECIMAL_SEPARATOR")
    return mark_safe(  # every part is escaped or a constant
        "".join(
            CELL.format(COLOURS.get(kpi.status, "secondary"), escape(_value_text(kpi, separator)))
            for kpi in kpis
        )
    )
