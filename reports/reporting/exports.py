"""The Excel workbook of a quarterly report: a summary sheet and one sheet per breakdown.

Real numbers (percentages as fractions with a percent format, counts as integers, dates
as dates), Vietnamese headers, frozen header rows and set widths, and text written so that
no spreadsheet runs it as a formula (binhdan/spreadsheets.py). A missing value stays an
empty cell, never 0. Always in Vietnamese, like the PDF.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from binhdan.spreadsheets import (
    PERCENT_FORMAT,
    ExportColumn,
    append_total,
    workbook_bytes,
    write_table,
)
from reports.kpis.arithmetic import Unit
from reports.reporting.documents import ReportDocument
from reports.reporting.figures import WHOLE_FORMAT, Figure, village_unit


def _number(value, unit):
    """A KPI value as a cell: a percentage becomes a fraction (66.7 -> 0.667)."""
    return Figure(value, unit).cell


def _yes(flag) -> str:
    return _("yes") if flag else _("no")


def _summary(sheet, doc: ReportDocument):
    sheet.title = _("Summary of the report")
    columns = [
        ExportColumn(_("Code"), lambda r: r["kpi"].code, 7),
        ExportColumn(_("KPI"), lambda r: str(r["kpi"].label), 40),
        ExportColumn(_("Value"), lambda r: r["figure"].cell, 12),
        ExportColumn(_("Figures"), lambda r: r["figure"].explained(), 30),
        ExportColumn(_("Target"), lambda r: _number(r["kpi"].target, r["kpi"].unit), 12),
        ExportColumn(_("Unit"), lambda r: str(r["kpi"].unit_label), 12),
        ExportColumn(_("Status"), lambda r: str(r["kpi"].status_label), 16),
    ]
    rows = doc.kpi_rows
    write_table(sheet, columns, rows, title=doc.subject)
    for number, row in enumerate(rows, start=3):
        for column in (3, 5):  # value and target, each in the KPI's own unit
            sheet.cell(row=number, column=column).number_format = row["figure"].number_format
    facts = [
        (_("Report status"), doc.report.get_status_display()),
        (_("Due date"), doc.due),
        (_("Submitted on"), doc.report.submitted_on),
        (_("Deadline"), str(doc.deadline_label)),
        (_("Document date"), doc.document_date),
        (_("Figures as of"), doc.data_cutoff),
        (_("Support visits"), doc.content["visits"]["visits"]),
        (_("People helped"), doc.content["visits"]["people"]),
        (
            _("Households reached by communication"),
            doc.content["communication"]["households_reached"],
        ),
        (_("Households reached for the first time"), doc.never_reached["first_reached"]),
        (_("Households never reached"), doc.never_reached["households"]),
        (_("Priority households never reached"), doc.never_reached["priority"]),
        (_("VNeID accounts received"), (doc.content.get("vneid") or {}).get("using")),
        (
            _("VNeID accounts activated (level 2)"),
            (doc.content.get("vneid") or {}).get("activated"),
        ),
        (
            _("Received but not activated yet"),
            (doc.content.get("vneid") or {}).get("not_activated"),
        ),
        (_("VNeID support visits"), (doc.content.get("vneid") or {}).get("visits")),
    ]
    start = sheet.max_row + 2
    for offset, (label, value) in enumerate(facts):
        sheet.cell(row=start + offset, column=2, value=str(label))
        cell = sheet.cell(row=start + offset, column=3, value=value)
        if hasattr(value, "year"):
            cell.number_format = "dd/mm/yyyy"


def _villages(workbook, doc: ReportDocument):
    """Phụ lục I: each village's own figures, in the village's own units (10 members, 68
    visits, 75,6 %), never the commune-wide "% of teams" of K1, K2, K5 and K6."""
    sheet = workbook.create_sheet(_("By village"))
    columns = [
        ExportColumn(_("Code"), lambda v: v["code"], 8),
        ExportColumn(_("Village"), lambda v: v["name"], 24),
        ExportColumn(_("Households"), lambda v: v["households"], 11),
    ]
    for code in doc.codes:
        unit = village_unit(code)
        columns.append(
            ExportColumn(
                code,
                lambda v, code=code: v["cells"][code]["figure"].cell,
                9,
                PERCENT_FORMAT if unit == Unit.PERCENT else WHOLE_FORMAT,
            )
        )
    columns.append(ExportColumn(_("Source of the figures"), lambda v: v["source_label"], 40))
    write_table(sheet, columns, doc.villages)
    append_total(sheet, _("Total"), {3: sum(v["households"] for v in doc.villages)})
    reports = workbook.create_sheet(_("Village reports"))
    write_table(
        reports,
        [
            ExportColumn(_("Village"), lambda r: r["name"], 24),
            ExportColumn(_("Status"), lambda r: str(r["status_label"]), 22),
            ExportColumn(_("Submitted on"), lambda r: r["submitted"], 14),
            ExportColumn(_("Deadline"), lambda r: str(r["deadline_label"]), 16),
        ],
        doc.village_reports,
    )


def _breakdowns(workbook, doc: ReportDocument):
    content = doc.content
    sheets = [
        (
            _("By member"),
            [
                ExportColumn(_("Member"), lambda m: m["name"], 26),
                ExportColumn(_("Role"), lambda m: m["role"], 30),
                ExportColumn(_("Team leader"), lambda m: _yes(m["is_leader"]), 10),
                ExportColumn(_("Trained"), lambda m: _yes(m["trained"]), 10),
                ExportColumn(_("Households in charge"), lambda m: m["households"], 12),
                ExportColumn(_("Visits"), lambda m: m["visits"], 10),
                ExportColumn(_("People helped"), lambda m: m["people"], 12),
            ],
            content["members"],
        ),
        (
            _("Visits by kind"),
            [
                ExportColumn(_("What was supported"), lambda r: r["name"], 40),
                ExportColumn(_("Visits"), lambda r: r["visits"], 10),
                ExportColumn(_("People helped"), lambda r: r["people"], 12),
            ],
            content["visits_by_type"],
        ),
        (
            _("Visits by method"),
            [
                ExportColumn(_("How"), lambda r: str(r["label"]), 30),
                ExportColumn(_("Visits"), lambda r: r["visits"], 10),
                ExportColumn(_("People helped"), lambda r: r["people"], 12),
            ],
            doc.visits_by_method,
        ),
        (
            _("Trainings"),
            [
                ExportColumn(_("Date"), lambda t: t["day"], 12),
                ExportColumn(_("Place"), lambda t: t["place"], 28),
                ExportColumn(_("Organiser"), lambda t: t["organiser"], 24),
                ExportColumn(_("Topics"), lambda t: "; ".join(t["topics"]), 50),
                ExportColumn(_("Attended"), lambda t: t["attendance"], 10),
            ],
            doc.trainings,
        ),
        (
            _("Communication"),
            [
                ExportColumn(_("Channel"), lambda r: str(r["label"]), 28),
                ExportColumn(_("Activities"), lambda r: r["activities"], 12),
                ExportColumn(_("Households reached"), lambda r: r["households"], 14),
            ],
            doc.by_channel,
        ),
        (
            _("Team organisation"),
            [
                ExportColumn(_("Team"), lambda t: t["name"], 28),
                ExportColumn(_("Active members"), lambda t: t["members"], 10),
                ExportColumn(_("Minimum"), lambda t: t["minimum"], 10),
                ExportColumn(_("Youth Union members"), lambda t: t["youth_union"], 10),
                ExportColumn(_("Leader"), lambda t: t["leader"], 22),
                ExportColumn(_("Roles missing"), lambda t: ", ".join(t["missing_roles"]), 30),
                ExportColumn(_("Activity days"), lambda t: t["activity_days"], 10),
                ExportColumn(_("Hours"), lambda t: t["hours"], 10),
                ExportColumn(_("Weeks missed"), lambda t: len(t["weeks_missed"]), 10),
            ],
            (content.get("organisation") or {}).get("by_team", []),
        ),
        (
            _("Essential platforms"),
            [
                ExportColumn(_("Platform"), lambda p: p["name"], 36),
                ExportColumn(_("Households using it"), lambda p: p["households"], 14),
                ExportColumn(
                    _("Share of households"), lambda p: p["figure"].cell, 14, PERCENT_FORMAT
                ),
            ],
            doc.platforms,
        ),
        (
            _("Members below 20 households"),
            [
                ExportColumn(_("Member"), lambda m: m["name"], 26),
                ExportColumn(_("Team"), lambda m: m["team"], 28),
                ExportColumn(_("Households in charge"), lambda m: m["households"], 12),
            ],
            content.get("members_below", []),
        ),
        (
            _("OCOP"),
            [
                ExportColumn(_("Product"), lambda p: p["name"], 30),
                ExportColumn(_("Producer"), lambda p: p["producer"], 24),
                ExportColumn(_("Village"), lambda p: p["village"], 18),
                ExportColumn(_("OCOP stars"), lambda p: p["stars"], 10),
                ExportColumn(_("Listed on"), lambda p: ", ".join(p["platforms"]), 30),
            ],
            content["ocop"],
        ),
    ]
    # Totals where a column adds up: not "visits by kind" (a visit may give several kinds of
    # support), not households reached by channel (one household, several channels).
    visits, people = content["visits"]["visits"], content["visits"]["people"]
    totals = {
        str(_("By member")): {
            5: sum(m["households"] for m in content["members"]),
            6: sum(m["visits"] for m in content["members"]),
            7: sum(m["people"] for m in content["members"]),
        },
        str(_("Visits by method")): {2: visits, 3: people},
        str(_("Communication")): {
            2: content["communication"]["activities"],
            3: content["communication"]["households_reached"],
        },
    }
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(str(title)[:31])
        write_table(sheet, columns, rows)
        if rows and str(title) in totals:
            append_total(sheet, _("Total"), totals[str(title)])


def report_workbook(document: ReportDocument) -> Workbook:
    workbook = Workbook()
    with translation.override("vi"):
        _summary(workbook.active, document)
        if document.is_commune:
            _villages(workbook, document)
        _breakdowns(workbook, document)
    return workbook


def report_xlsx(document: ReportDocument) -> bytes:
    return workbook_bytes(report_workbook(document))


def year_xlsx(document) -> bytes:
    """The year review: the KPIs quarter by quarter, then the activity of each quarter."""
    workbook = Workbook()
    with translation.override("vi"):
        sheet = workbook.active
        sheet.title = _("Year review")
        labels = [str(label) for label in document.quarter_labels]
        columns = [
            ExportColumn(_("Code"), lambda r: r["code"], 7),
            ExportColumn(_("KPI"), lambda r: str(r["label"]), 40),
        ]
        for index, label in enumerate(labels):
            columns.append(
                ExportColumn(
                    label, lambda r, i=index: r["figures"][i].cell if r["figures"][i] else None, 13
                )
            )
        columns += [
            ExportColumn(
                _("Target"),
                lambda r: _number(r["kpi"].target, r["kpi"].unit) if r["kpi"] else None,
                12,
            ),
            ExportColumn(
                _("Met") if document.year_over else _("Year result"),
                lambda r: str(r["status"]) if document.year_over else "…",
                16,
            ),
        ]
        rows = document.rows
        write_table(sheet, columns, rows, title=document.subject)
        for row_number, row in enumerate(rows, start=3):
            unit_format = Figure(0, row["kpi"].unit).number_format if row["kpi"] else WHOLE_FORMAT
            for column in range(3, 3 + len(labels) + 1):
                sheet.cell(row=row_number, column=column).number_format = unit_format
        activity = workbook.create_sheet(_("By quarter"))
        write_table(
            activity,
            [
                ExportColumn(_("Quarter"), lambda c: str(c["label"]), 14),
                ExportColumn(_("Visits"), lambda c: c["visits"], 12),
                ExportColumn(_("People helped"), lambda c: c["people"], 14),
                ExportColumn(_("Trainings"), lambda c: c["trainings"], 12),
                ExportColumn(_("Communication"), lambda c: c["communication"], 14),
            ],
            [*document.activity, {"label": _("Total"), **document.activity_totals}],
        )
        activity.cell(row=activity.max_row, column=1).font = Font(bold=True)
        write_table(
            workbook.create_sheet(_("Emulation nominations")[:31]),
            [
                ExportColumn(_("Title"), lambda n: str(n["category_label"]), 30),
                ExportColumn(_("Nominee"), lambda n: n["nominee"], 36),
                ExportColumn(_("Status"), lambda n: str(n["status_label"]), 24),
            ],
            document.nominations,
        )
    return workbook_bytes(workbook)
