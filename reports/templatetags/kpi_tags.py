"""Presentation of KPI values: numbers in the user's locale, colours by status."""

import datetime
from html import escape

from django import template
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports.kpis.arithmetic import Status
from reports.kpis.scopes import ScopeKind
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


@register.simple_tag
def quarter_cell(kpi) -> str:
    """A quarter's cell in the year review's tables: the value in its status colour and the
    status, or "not started" (None). A tag, not an included template: the commune's
    villages table has hundreds of cells."""
    if kpi is None:
        return format_html('<span class="small text-muted">{}</span>', _("not started"))
    return format_html(
        '<span class="badge text-bg-{}" data-figure>{}</span><br>'
        '<span class="small text-muted">{}</span>',
        status_colour(kpi.status),
        kpi_value(kpi),
        kpi.status_label,
    )


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


@register.simple_tag
def kpi_rows_url(scope, code: str, quarter) -> str:
    """The page of the rows behind a figure of `scope` (a Scope) for `quarter`."""
    if scope.kind == ScopeKind.VILLAGE:
        url = reverse("reports:village_rows", args=[scope.village.pk, code])
    elif scope.kind == ScopeKind.COMMUNE_TEAM:
        url = reverse("reports:commune_team_rows", args=[code])
    else:
        url = reverse("reports:commune_rows", args=[code])
    return f"{url}?quy={quarter}"


CELL = (
    '<td class="text-end text-nowrap" data-label="{}"><span class="badge text-bg-{}">{}</span></td>'
)
LINKED_CELL = (
    '<td class="text-end text-nowrap" data-label="{0}"><a class="kpi-rows-link" href="{3}{0}/{4}">'
    '<span class="badge text-bg-{1}">{2}</span></a></td>'
)


@register.simple_tag
def kpi_cells(kpis, village=None, quarter=None) -> str:
    """The table cells of one village row (`kpis`: a `Kpis` mapping, in CODES order): a badge
    per KPI coloured by status; with the village and quarter, each links to the rows behind
    its figure.

    Built here rather than with a loop in the template, and with plain string formatting
    rather than format_html: the commune table has one cell per village and KPI, a thousand
    and more. What goes in is a colour name of COLOURS, a figure written by _value_text
    (digits, a separator, "%" or "—"), a code of CODES and the village's rows URL (reversed
    once per village), escaped all the same.
    """
    separator = get_format("DECIMAL_SEPARATOR")
    cell, base, query = CELL, "", ""
    if village is not None and quarter is not None:
        cell = LINKED_CELL
        # The rows URL of the village's K1, less its code: each cell adds its own.
        base = escape(reverse("reports:village_rows", args=[village.pk, "K1"])[: -len("K1/")])
        query = escape(f"?quy={quarter}")
    return mark_safe(  # every part is escaped or a constant
        "".join(
            cell.format(
                escape(kpi.code),
                COLOURS.get(kpi.status, "secondary"),
                escape(_value_text(kpi, separator)),
                base,
                query,
            )
            for kpi in kpis.values()
        )
    )
