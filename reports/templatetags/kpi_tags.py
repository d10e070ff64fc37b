"""Presentation of KPI values: numbers in the user's locale, colours by status."""

import datetime
from html import escape

from django import template
from django.utils.formats import get_format
from django.utils.safestring import mark_safe

from reports.kpis.arithmetic import Status
from reports.reporting.figures import Figure, kpi_figure, target_text

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


def _value_text(kpi, separator: str) -> str:
    return Figure(kpi.value, kpi.unit).text(separator)


@register.filter
def kpi_value(kpi) -> str:
    """ "66,7 %", "9" or "—" for no data (a missing value is never shown as 0)."""
    return _value_text(kpi, get_format("DECIMAL_SEPARATOR"))


@register.filter
def kpi_explained(kpi) -> str:
    """ "10/13 tổ đạt (76,9 %)", "236/312 hộ dân (75,6 %)": the value with what it counts."""
    return kpi_figure(kpi).explained()


@register.filter
def kpi_target(kpi) -> str:
    return target_text(kpi)


@register.simple_tag
def sort_link(current: str, code: str) -> str:
    """The ?sap-xep= value a column header links to: descending first, then ascending."""
    return code if current == f"-{code}" else f"-{code}"


@register.filter
def step5(progress: int) -> int:
    """A progress (0-100) rounded to the nearest 5, for the .bar-N width classes."""
    return 5 * round(progress / 5)


CELL = (
    '<td class="text-end text-nowrap" data-label="{}"><span class="badge text-bg-{}">{}</span></td>'
)


@register.simple_tag
def kpi_cells(kpis) -> str:
    """The table cells of one village row (`kpis`: a `Kpis` mapping, in CODES order): a badge
    per KPI coloured by status.

    Built here rather than with a loop in the template, and with plain string formatting
    rather than format_html: the commune table has one cell per village and KPI, a thousand
    and more. What goes in is a colour name of COLOURS and a figure written by _value_text
    (digits, a separator, "%" or "—"), escaped all the same.
    """
    separator = get_format("DECIMAL_SEPARATOR")
    return mark_safe(  # every part is escaped or a constant
        "".join(
            CELL.format(
                escape(kpi.code),
                COLOURS.get(kpi.status, "secondary"),
                escape(_value_text(kpi, separator)),
            )
            for kpi in kpis.values()
        )
    )
