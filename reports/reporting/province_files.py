"""The province's files of a quarter, issued by the Department of Science and Technology: the
Excel workbook of every commune's figures and the summary report in the form of Decree
30/2020/NĐ-CP, addressed to the Provincial People's Committee (PDF, and a Word copy).

Both always in Vietnamese and from the same figures as the province's page
(reports/kpis/province.py). The workbook is written row by row in a write-only workbook, a
few communes counted at a time, so that its memory does not grow with the province.
"""

import datetime
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from binhdan.pdf import render_pdf_kept
from binhdan.quarters import DeadlineStatus, Quarter
from binhdan.spreadsheets import (
    PERCENT_FORMAT,
    ExportColumn,
    stream_table,
    streamed_workbook,
    workbook_file,
)
from reports.kpis import charts
from reports.kpis import province as province_kpis
from reports.kpis.arithmetic import CODES, LABELS, Kpis, Status, Unit, roll_up_all
from reports.kpis.views import trend_quarters
from reports.reporting import province, word
from reports.reporting.documents import kpi_rows, place_date
from reports.reporting.figures import (
    WHOLE_FORMAT,
    Figure,
    kpi_figure,
)

#: Communes counted at a time for the workbook.
CHUNK = 10


def _cell_format(code: str) -> str:
    return WHOLE_FORMAT if code == "K10" else PERCENT_FORMAT


def _columns() -> list[ExportColumn]:
    columns = [
        ExportColumn(_("Commune"), lambda r: r["commune"].name, 22),
        ExportColumn(_("Report status"), lambda r: r["status"], 16),
        ExportColumn(_("Sent on"), lambda r: r["sent_on"], 12),
        ExportColumn(_("Deadline"), lambda r: r["deadline"], 14),
        ExportColumn(_("Teams"), lambda r: r["kpis"]["K1"].details.get("denominator"), 8),
        ExportColumn(_("Active members"), lambda r: r["kpis"]["K3"].details.get("denominator"), 10),
        ExportColumn(_("Households"), lambda r: r["kpis"]["K7"].details.get("denominator"), 11),
    ]
    for code in CODES:
        columns.append(
            ExportColumn(
                code,
                lambda r, code=code: kpi_figure(r["kpis"][code]).cell,
                9,
                _cell_format(code),
            )
        )
    return columns


def province_xlsx(province_obj, communes, quarter: Quarter, today: datetime.date):
    """The workbook as a temporary file: a sheet of the province's K1-K10, then one row per
    commune (its report's status and its K1-K10) and the province's row."""
    with translation.override("vi"):
        reports, rates = province.commune_reports(communes, quarter, today)
        report_of = {row.commune.pk: row for row in reports}
        workbook, summary = streamed_workbook(_("Province"))
        sheet = workbook.create_sheet(_("By commune")[:31])
        kept: list[Kpis] = []

        def rows():
            for row in province_kpis.commune_kpis(communes, quarter, chunk=CHUNK):
                kept.append(row["kpis"])
                report = report_of[row["commune"].pk]
                yield {
                    **row,
                    "status": report.status_label or _("Not written"),
                    "sent_on": report.report.submitted_on if report.reached else None,
                    "deadline": str(report.deadline_label),
                }

        title = _("Results of the communes of %(province)s province, %(quarter)s") % {
            "province": province_obj.name,
            "quarter": quarter.label,
        }
        stream_table(sheet, _columns(), rows(), title=title)
        total = roll_up_all(kept)
        sheet.append(
            [
                _("Whole province"),
                _("%(sent)s of %(expected)s sent")
                % {"sent": rates.sent, "expected": rates.expected},
                None,
                None,
                total["K1"].details.get("denominator"),
                total["K3"].details.get("denominator"),
                total["K7"].details.get("denominator"),
                *[kpi_figure(total[code]).cell for code in CODES],
            ]
        )
        stream_table(
            summary,
            [
                ExportColumn(_("Code"), lambda r: r["kpi"].code, 7),
                ExportColumn(_("KPI"), lambda r: str(r["kpi"].label), 40),
                ExportColumn(_("Value"), lambda r: r["figure"].cell, 12),
                ExportColumn(_("Figures"), lambda r: r["figure"].explained(), 34),
                ExportColumn(_("Target"), lambda r: r["target"], 12),
                ExportColumn(_("Status"), lambda r: str(r["kpi"].status_label), 16),
            ],
            kpi_rows(total),
            title=title,
        )
        summary.append([])
        for label, value in (
            (_("Communes"), rates.expected),
            (_("Reporting rate"), _ratio(rates.reporting_rate)),
            (_("On-time rate"), _ratio(rates.on_time_rate)),
            (_("Late"), rates.late),
            (_("Missing"), rates.missing),
        ):
            summary.append([None, label, value])
        return workbook_file(workbook)


def _ratio(percent: float | None) -> float | None:
    return None if percent is None else round(percent / 100, 3)


@dataclass
class ProvinceDocument:
    """The province's summary report, with the pieces of the form reports/pdf/base.html
    lays out (issuing body, number, place and date, recipient, signature)."""

    province: object
    quarter: Quarter
    today: datetime.date
    kpis: Kpis
    communes: list[dict]
    reports: list
    rates: province.ReportingRates
    chart: str = ""
    codes: tuple = CODES
    is_draft: bool = False
    signer_name: str = ""
    copies_extra: list[str] = field(default_factory=list)

    @property
    def subject(self) -> str:
        return _(
            "Results of the Community Digital Technology Teams of %(province)s province, "
            "%(quarter)s"
        ) % {"province": self.province.name, "quarter": self.quarter.label}

    @property
    def issuing_body(self) -> list[tuple[str, bool]]:
        parent = _("PC of %(province)s province") % {"province": self.province.name}
        return [(parent.upper(), False), (_("Department of Science and Technology").upper(), True)]

    @property
    def number_label(self) -> str:
        return "\u00a0" * 8 + "/BC-SKHCN"  # the number is written in when it is signed

    @property
    def document_date(self) -> datetime.date:
        return self.today

    @property
    def data_cutoff(self) -> datetime.date:
        return min(self.today, self.quarter.last_day)

    @property
    def place_date(self) -> str:
        return place_date(self.province.name, self.today)

    @property
    def recipient(self) -> str:
        return _("People's Committee of %(province)s province") % {"province": self.province.name}

    @property
    def copies_to(self) -> list[str]:
        lines = [
            _("As above"),
            _("Ministry of Science and Technology (to report)"),
            _("Director and Deputy Directors of the Department"),
            _("People's Committees of the communes"),
        ]
        archive = _("Archived: Clerical Office")
        return [f"- {line};" for line in lines] + [f"- {archive}."]

    @property
    def signature(self) -> list[str]:
        return [_("For the Director").upper(), _("Deputy Director").upper()]

    @property
    def kpi_rows(self) -> list[dict]:
        return kpi_rows(self.kpis)

    @property
    def kpi_legend(self) -> list[tuple[str, str]]:
        return [(code, str(LABELS[code])) for code in self.codes]

    @property
    def commune_rows(self) -> list[dict]:
        return [
            {
                "name": row["commune"].name,
                "households": row["kpis"]["K7"].details.get("denominator"),
                "cells": [
                    {
                        "text": kpi_figure(row["kpis"][code]).text(),
                        "met": row["kpis"][code].status == Status.MET,
                    }
                    for code in self.codes
                ],
            }
            for row in self.communes
        ]

    @property
    def reporting_rate_text(self) -> str:
        return Figure(self.rates.reporting_rate, Unit.PERCENT).text()

    @property
    def on_time_rate_text(self) -> str:
        return Figure(self.rates.on_time_rate, Unit.PERCENT).text()

    @property
    def late_or_missing(self) -> list[str]:
        return [
            row.commune.name
            for row in self.reports
            if row.deadline in (DeadlineStatus.LATE, DeadlineStatus.MISSING)
        ]

    @property
    def closing(self) -> list[str]:
        paragraphs = []
        if self.late_or_missing:
            paragraphs.append(
                _(
                    "The Department proposes that the Provincial People's Committee direct the "
                    "communes that reported late or have not reported (%(communes)s) to send "
                    "their reports on time."
                )
                % {"communes": ", ".join(self.late_or_missing)}
            )
        below = [row for row in self.kpi_rows if row["kpi"].status == Status.NOT_MET]
        if below:
            paragraphs.append(
                _(
                    "The Department proposes that the communes focus in the next quarter on "
                    "the KPIs not met across the province: %(kpis)s."
                )
                % {"kpis": "; ".join(str(row["kpi"].label) for row in below)}
            )
        paragraphs = paragraphs or [_("(no proposal)")]
        return [*paragraphs[:-1], paragraphs[-1].rstrip(" .") + "./."]


def province_document(province_obj, communes, quarter: Quarter, today: datetime.date):
    """The summary report of `quarter` as its PDF and its Word copy lay it out; to be called
    in Vietnamese (translation.override), like the files."""
    figures = province_kpis.province_figures(communes, quarter)
    reports, rates = province.commune_reports(communes, quarter, today)
    trend = province_kpis.province_trend(communes, trend_quarters(quarter))
    return ProvinceDocument(
        province=province_obj,
        quarter=quarter,
        today=today,
        kpis=figures.kpis,
        communes=figures.communes,
        reports=reports,
        rates=rates,
        chart=charts.trend_svg(trend, font=charts.PDF_FONT),
    )


def province_pdf(province_obj, communes, quarter: Quarter, today: datetime.date) -> bytes:
    with translation.override("vi"):
        document = province_document(province_obj, communes, quarter, today)
        html = render_to_string("reports/pdf/province.html", {"doc": document})
        return render_pdf_kept(html)


def province_docx(province_obj, communes, quarter: Quarter, today: datetime.date) -> bytes:
    """The summary report as a Word copy, for the Department to correct before it is signed."""
    with translation.override("vi"):
        return word.province_docx(province_document(province_obj, communes, quarter, today))
