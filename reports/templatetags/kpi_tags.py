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


QUARTER_CELL = '<span class="badge text-bg-{}" data-figure>{}</span><br><span class="small text-muted">{}</span>'


@register.simple_tag
def quarter_cell(kpi) -> str:
    """A quarter's cell in the year review's tables: the value in its status colour and the
    status, or "not started" (None). A tag, not an included template, and plain string
    formatting rather than format_html: the commune's villages table has hundreds of cells."""
    return mark_safe(_QuarterCells().cell(kpi))  # a colour name of COLOURS, the rest escaped


@register.simple_tag
def quarter_cells(values) -> str:
    """A row's quarter cells (`quarter_cell` each in its <td>): one tag per row rather than a
    loop of tags."""
    return mark_safe(_QuarterCells().cells(values))  # quarter_cell escapes


YEAR_VILLAGE_ROW = (
    '<tr>\n      <th scope="row"><a href="?nam={}&amp;thon={}">{}</a></th>\n      {}\n    </tr>'
)


@register.simple_tag
def year_village_rows(rows, year) -> str:
    """The year review's villages table body: per village (`rows`: "village", "values"), its
    name linking to its own year review and its quarter cells; the decimal separator and the
    status labels found once for the table, not once per cell (120 villages x 4 quarters)."""
    cells = _QuarterCells()
    return mark_safe(  # every part is escaped or a number
        "".join(
            YEAR_VILLAGE_ROW.format(
                int(year),
                int(row["village"].pk),
                escape(row["village"].name),
                cells.cells(row["values"]),
            )
            for row in rows
        )
    )


class _QuarterCells:
    """Writes quarter cells with the separator and the status labels of the language active
    when made, each looked up once."""

    def __init__(self):
        self.separator = get_format("DECIMAL_SEPARATOR")
        self.labels = {}
        self.not_started = None

    def cell(self, kpi) -> str:
        if kpi is None:
            if self.not_started is None:
                self.not_started = format_html(
                    '<span class="small text-muted">{}</span>', _("not started")
                )
            return self.not_started
        if kpi.status not in self.labels:
            self.labels[kpi.status] = escape(str(kpi.status_label))
        return QUARTER_CELL.format(
            status_colour(kpi.status),
            escape(_value_text(kpi, self.separator)),
            self.labels[kpi.status],
        )

    def cells(self, values) -> str:
        return "".join(f'<td class="text-center">{self.cell(kpi)}</td>' for kpi in values)


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
    (digits, a separator, "%" or "—"), a code of CODES and the village's rows URL, escaped
    all the same.
    """
    separator = get_format("DECIMAL_SEPARATOR")
    if village is not None and quarter is not None:
        base = _rows_base(_url_of("reports:village_rows", "K1"), village.pk)
        return mark_safe(_cells(kpis, LINKED_CELL, base, escape(f"?quy={quarter}"), separator))
    return mark_safe(_cells(kpis, CELL, "", "", separator))


def _rows_base(rows_url, village_pk) -> str:
    """The rows URL of a village's K1 (`rows_url`: `_url_of("reports:village_rows", "K1")`),
    less its code and escaped: each linked cell adds its own code."""
    return escape(rows_url(village_pk)[: -len("K1/")])


def _cells(kpis, cell: str, base: str, query: str, separator: str) -> str:
    return "".join(  # every part is escaped or a constant
        cell.format(
            escape(kpi.code),
            COLOURS.get(kpi.status, "secondary"),
            escape(_value_text(kpi, separator)),
            base,
            query,
        )
        for kpi in kpis.values()
    )


VILLAGE_ROW = (
    '<tr><th scope="row" class="cell-title"><a href="{}?quy={}">{}</a></th>\n      {}\n    </tr>'
)


@register.simple_tag
def village_kpi_rows(table, quarter) -> str:
    """The dashboard's villages table body: per village (`table`'s rows: "village", "kpis"),
    its name linking to its KPI page and its cells (`kpi_cells`). Both URLs are reversed once
    for the table, not twice per village (120 villages at 4x: 240 reversals)."""
    separator = get_format("DECIMAL_SEPARATOR")
    page_url = _url_of("reports:village")
    rows_url = _url_of("reports:village_rows", "K1")
    query = escape(f"?quy={quarter}")
    return mark_safe(  # every part is escaped or a constant
        "\n    ".join(
            VILLAGE_ROW.format(
                escape(page_url(row["village"].pk)),
                escape(str(quarter)),
                escape(row["village"].name),
                _cells(
                    row["kpis"],
                    LINKED_CELL,
                    _rows_base(rows_url, row["village"].pk),
                    query,
                    separator,
                ),
            )
            for row in table
        )
    )


#: A number no primary key reaches, standing for one in a reversed URL.
_MARK = 987654321987


def _url_of(name: str, *more):
    """`pk -> reverse(name, args=[pk, *more])`, reversed once: the URL's text around the pk."""
    before, after = reverse(name, args=[_MARK, *more]).split(str(_MARK), 1)
    return lambda pk: f"{before}{int(pk)}{after}"
