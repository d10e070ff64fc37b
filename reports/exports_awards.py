"""The year review (sơ kết) as an Excel workbook.

A summary sheet (KPIs × quarters, the value then the status of each quarter) and, for the
whole commune, one sheet per KPI with its villages × quarters. Numbers are real numbers:
ratios are written as fractions with a percent format, counts as integers; a missing value
(no data, or a quarter not started yet) is an empty cell, never 0.

The year review's PDF is left to the quarterly report work (reports/pdf.py, issue 6):
it can render from the same `YearReview`.
"""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from binhdan.spreadsheets import PERCENT_FORMAT, ExportColumn, write_table
from reports.kpis import LABELS, KpiValue, Unit
from reports.scopes import ScopeKind
from reports.yearreview import YearReview


def number(kpi: KpiValue | None):
    """A KPI's value as a spreadsheet number: a ratio as an exact fraction, None for no data."""
    if kpi is None or kpi.value is None:
        return None
    if kpi.unit == Unit.PERCENT:
        numerator, denominator = kpi.details.get("numerator"), kpi.details.get("denominator")
        return numerator / denominator if denominator else kpi.value / 100
    return kpi.value


def _target(kpi: KpiValue | None):
    if kpi is None or kpi.target is None:
        return None
    return kpi.target / 100 if kpi.unit == Unit.PERCENT else kpi.target


def _percent_cells(sheet, first_row: int, rows: list[list[KpiValue | None]], first_column: int):
    """Give the percent format to the cells whose KPI is a ratio."""
    for offset, values in enumerate(rows):
        for index, kpi in enumerate(values):
            if kpi is not None and kpi.unit == Unit.PERCENT:
                cell = sheet.cell(row=first_row + offset, column=first_column + index)
                cell.number_format = PERCENT_FORMAT


def year_review_workbook(review: YearReview) -> Workbook:
    workbook = Workbook()
    summary = workbook.active
    summary.title = _("Summary")
    quarters = review.quarters
    rows = review.kpi_rows()
    columns = [
        ExportColumn(_("Code"), lambda r: r["code"], 7),
        ExportColumn(_("KPI"), lambda r: str(r["label"]), 32),
        ExportColumn(_("Target"), lambda r: _target(r["first"]), 10),
        *[
            ExportColumn(q.label, lambda r, i=i: number(r["values"][i]), 12)
            for i, q in enumerate(quarters)
        ],
        *[
            ExportColumn(
                _("Status %(quarter)s") % {"quarter": q.label},
                lambda r, i=i: str(r["values"][i].status_label) if r["values"][i] else "",
                14,
            )
            for i, q in enumerate(quarters)
        ],
    ]
    title = _("Year review %(year)s: %(scope)s") % {
        "year": review.year,
        "scope": review.scope.label,
    }
    write_table(summary, columns, rows, title=title)
    first_row = 3  # a title row, the header row
    _percent_cells(summary, first_row, [[r["first"]] for r in rows], 3)
    _percent_cells(summary, first_row, [r["values"] for r in rows], 4)
    if review.scope.kind == ScopeKind.COMMUNE:
        for code in LABELS:
            _village_sheet(workbook.create_sheet(code), review, code)
    return workbook


def _village_sheet(sheet, review: YearReview, code: str) -> None:
    rows = review.village_rows(code)
    columns = [
        ExportColumn(_("Village code"), lambda r: r["village"].code, 10),
        ExportColumn(_("Village"), lambda r: r["village"].name, 24),
        *[
            ExportColumn(q.label, lambda r, i=i: number(r["values"][i]), 12)
            for i, q in enumerate(review.quarters)
        ],
    ]
    write_table(sheet, columns, rows, title=f"{code} · {LABELS[code]}")
    _percent_cells(sheet, 3, [r["values"] for r in rows], 3)
