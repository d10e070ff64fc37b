"""Presentation of KPI values: numbers in the user's locale, colours by status."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html_join
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
def kpi_value(kpi) -> str:
    """ "66,7 %", "9 tổ viên" or "—" for no data (a missing value is never shown as 0)."""
    if kpi.value is None:
        return "—"
    if kpi.unit == Unit.PERCENT:
        return f"{floatformat(kpi.value, -1)} %"
    return f"{floatformat(kpi.value, 0)}"


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


@register.simple_tag
def kpi_cells(kpis) -> str:
    """The table cells of one village row: a badge per KPI coloured by status.

    Built here rather than with a loop in the template: the commune table has one cell
    per village and KPI, and this keeps it cheap at a few hundred villages.
    """
    return format_html_join(
        "",
        '<td class="text-end text-nowrap"><span class="badge text-bg-{}">{}</span></td>',
        ((status_colour(kpi.status), kpi_value(kpi)) for kpi in kpis),
    )
