"""The payment list of a month's allowances (bảng kê chi trả chế độ hỗ trợ Tổ CNSCĐ), in
Excel and PDF: the commune and the month at the top, one row per member (team by team, the
team's own amount on its own row), a "Ký nhận" column to sign on receipt, each team's
subtotal and the grand total. From the locked schedule once the month is locked; before
that, marked as provisional. Always in Vietnamese (a document the commune signs)."""

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, Side

from binhdan.money import dong_in_words
from binhdan.pdf import render_pdf, render_pdf_kept
from binhdan.spreadsheets import (
    HEADER_FILL,
    HEADER_FONT,
    print_setup,
    safe_value,
    streamed_workbook,
    workbook_bytes,
)
from reports.reporting.documents import place_date
from teams.allowances import EXCLUDED_BUDGET, EXCLUDED_ROLE, Schedule

#: Whole đồng with thousands separated, and the unit.
DONG_FORMAT = '#,##0 "đ"'


@dataclass
class Row:
    """A line of the list: a team's heading, an amount to pay, a subtotal or the total."""

    kind: str  # "team", "line", "subtotal", "total"
    label: str
    number: int | None = None
    days_attended: int | None = None
    days_paid: int | None = None
    amount: int | None = None
    note: str = ""


@dataclass
class PaymentList:
    commune: object
    schedule: Schedule
    lock: object | None
    rules: list
    today: datetime.date

    @property
    def month_label(self) -> str:
        return _("Month %(month)s/%(year)s") % {
            "month": f"{self.schedule.month:02d}",
            "year": self.schedule.year,
        }

    @property
    def title(self) -> str:
        return _("Payment list of the allowances of the Community Digital Technology Teams")

    @property
    def issuer(self) -> list[str]:
        return [
            _("People's Committee").upper(),
            (_("%(commune)s commune") % {"commune": self.commune.name}).upper(),
        ]

    @property
    def locked_on(self) -> datetime.date | None:
        return timezone.localtime(self.lock.locked_at).date() if self.lock else None

    @property
    def place_date(self) -> str:
        return place_date(self.commune.name, self.locked_on or self.today)

    @property
    def status(self) -> str:
        if self.lock:
            return _("Locked on %(day)s") % {"day": f"{self.locked_on:%d/%m/%Y}"}
        return _("Not locked: provisional figures as of %(day)s") % {
            "day": f"{self.today:%d/%m/%Y}"
        }

    @property
    def basis(self) -> str:
        names = "; ".join(rule.resolution for rule in self.rules)
        return _("Under: %(rules)s") % {"rules": names} if names else ""

    @property
    def filename(self) -> str:
        return f"bang-ke-che-do-ho-tro-{self.schedule.year}-{self.schedule.month:02d}"

    @property
    def rows(self) -> list[Row]:
        notes = {
            EXCLUDED_BUDGET: _("Paid from the state budget: not paid"),
            EXCLUDED_ROLE: _("Role not paid under the rule"),
        }
        rows, number = [], 0
        for team in self.schedule.teams:
            rows.append(Row("team", team.name))
            if team.team_amount:
                number += 1
                rows.append(
                    Row(
                        "line",
                        _("The team's own amount (received by the team leader)"),
                        number,
                        amount=team.team_amount,
                    )
                )
            for line in team.members:
                number += 1
                rows.append(
                    Row(
                        "line",
                        line.name,
                        number,
                        line.days_attended,
                        line.days_paid,
                        line.total,
                        notes.get(line.excluded, ""),
                    )
                )
            rows.append(Row("subtotal", _("Team total"), amount=team.total))
        rows.append(Row("total", _("Grand total"), amount=self.schedule.total))
        return rows

    @property
    def total_in_words(self) -> str:
        """The grand total in words, as payment documents state it (Bằng chữ: ...)."""
        return _("In words: %(amount)s.") % {"amount": dong_in_words(self.schedule.total)}

    @property
    def signatures(self) -> list[str]:
        return [_("Prepared by"), _("Accountant"), _("Head of the unit")]


HEADERS = [
    (gettext_lazy("Ord."), 6),
    (gettext_lazy("Full name"), 30),
    (gettext_lazy("Days attended"), 11),
    (gettext_lazy("Days paid"), 11),
    (gettext_lazy("Amount (đồng)"), 16),
    (gettext_lazy("Signature on receipt"), 18),
    (gettext_lazy("Notes"), 26),
]


def payment_list_xlsx(document: PaymentList) -> bytes:
    """The list as a real .xlsx: amounts as whole numbers in the đồng format."""
    with translation.override("vi"):
        workbook, sheet = streamed_workbook(_("Payment list"))
        for letter, (_header, width) in zip("ABCDEFG", HEADERS, strict=True):
            sheet.column_dimensions[letter].width = width
        header_row = 6
        sheet.freeze_panes = f"A{header_row + 1}"
        print_setup(sheet, header_row, [_Width(w) for _h, w in HEADERS])

        def cell(value, *, bold=False, size=None, number_format=None, border=False):
            item = WriteOnlyCell(sheet, value=safe_value(value))
            if bold or size:
                item.font = Font(bold=bold, size=size)
            if number_format and value is not None:
                item.number_format = number_format
            if border:
                item.border = BOX
            return item

        for line in document.issuer:
            sheet.append([cell(line, bold=True)])
        sheet.append([cell(document.title.upper(), bold=True, size=13)])
        sheet.append([cell(f"{document.month_label} · {document.status}")])
        sheet.append([cell(document.basis)])
        header = []
        for title, _width in HEADERS:
            item = cell(str(title), border=True)
            item.font, item.fill = HEADER_FONT, HEADER_FILL
            item.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            header.append(item)
        sheet.append(header)
        for row in document.rows:
            bold = row.kind != "line"
            sheet.append(
                [
                    cell(row.number, border=True),
                    cell(row.label, bold=bold, border=True),
                    cell(row.days_attended, border=True),
                    cell(row.days_paid, border=True),
                    cell(row.amount, bold=bold, number_format=DONG_FORMAT, border=True),
                    cell(None, border=True),
                    cell(row.note, border=True),
                ]
            )
        in_words = cell(document.total_in_words)
        in_words.font = Font(italic=True)
        sheet.append([in_words])
        sheet.append([])
        sheet.append([cell(document.place_date)])
        first, second, third = (title.upper() for title in document.signatures)
        sheet.append(
            [
                None,
                cell(first, bold=True),
                None,
                None,
                cell(second, bold=True),
                None,
                cell(third, bold=True),
            ]
        )
        return workbook_bytes(workbook)


@dataclass(frozen=True)
class _Width:
    width: int


BOX = Border(*(Side(style="thin"),) * 4)


def payment_list_pdf(document: PaymentList) -> bytes:
    """The list in the form of Decree 30/2020/NĐ-CP (national motto header, issuing body,
    title, signature columns), in the serif font with Vietnamese diacritics.

    A locked month's list is kept once laid out (binhdan/pdf.py `render_pdf_kept`): its
    HTML holds only the locked figures and the lock's date, so the same download is read
    back, and a month unlocked and locked again with other figures makes a new file. The
    provisional list changes with the log and its date: laid out afresh."""
    with translation.override("vi"):
        html = render_to_string("teams/pdf/payment_list.html", {"doc": document})
        return render_pdf_kept(html) if document.lock else render_pdf(html)
