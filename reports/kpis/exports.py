"""The rows behind a KPI figure as an Excel workbook (xuất dòng số liệu): a sheet per part
(the numerator, the rest...), with the figure, the scope and the quarter in its title.

Residents' phone numbers are masked outside the villages the user changes
(`Household.phone_for`), as in the registry's export; a row deleted since a report froze it
says so.
"""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook

from binhdan.spreadsheets import TEXT_FORMAT, ExportColumn, stream_table, workbook_file
from households.models import SupportMethod
from reports.kpis.arithmetic import KpiValue
from reports.kpis.rows import Kind, Part
from reports.kpis.scopes import Scope, ScopeKind
from reports.reporting.figures import Figure, kpi_figure

CHUNK = 2000
#: Characters an Excel sheet name may not hold.
NOT_IN_SHEET_NAMES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _deleted(row) -> bool:
    return bool(getattr(row, "deleted", False) or (isinstance(row, dict) and row.get("deleted")))


def _gone_or(value):
    """A column's value, or "(deleted)" for a row deleted since the report froze it."""

    def cell(row):
        return _("(deleted)") if _deleted(row) else value(row)

    return cell


def _yes(flag) -> str:
    return _("yes") if flag else ""


def _household_columns(user) -> list[ExportColumn]:
    return [
        ExportColumn(_("Household code"), lambda h: h.code, 11),
        ExportColumn(_("Village"), _gone_or(lambda h: h.village.name), 16),
        ExportColumn(_("Head of household"), _gone_or(lambda h: h.head_name), 26),
        ExportColumn(_("Address"), _gone_or(lambda h: h.address), 28),
        ExportColumn(
            _("Phone"),
            lambda h: "" if _deleted(h) else h.phone_for(user),
            14,
            number_format=TEXT_FORMAT,
        ),
        ExportColumn(_("Has an elderly person"), lambda h: _yes(getattr(h, "has_elderly", 0)), 10),
        ExportColumn(
            _("Has no digital device"), lambda h: _yes(getattr(h, "has_no_device", 0)), 10
        ),
        ExportColumn(
            _("Member in charge"),
            lambda h: h.member_in_charge.full_name if getattr(h, "member_in_charge", None) else "",
            22,
        ),
    ]


def _visited(visit) -> str:
    if visit.household_id:
        return f"{visit.household.code} · {visit.household.head_name}"
    return visit.walk_in_name


def _visit_columns(user) -> list[ExportColumn]:
    methods = dict(SupportMethod.choices)
    return [
        ExportColumn(_("Date"), lambda v: None if _deleted(v) else v.date, 12),
        ExportColumn(_("Team"), _gone_or(lambda v: v.team.name), 22),
        ExportColumn(_("Member"), _gone_or(lambda v: v.member.full_name), 22),
        ExportColumn(_("Household"), _gone_or(_visited), 32),
        ExportColumn(
            _("What was supported"),
            _gone_or(lambda v: ", ".join(t.name for t in v.support_types.all())),
            30,
        ),
        ExportColumn(_("How"), _gone_or(lambda v: str(methods.get(v.method, v.method))), 18),
        ExportColumn(_("People helped"), lambda v: None if _deleted(v) else v.people_helped, 10),
    ]


def _member_columns(code: str) -> list[ExportColumn]:
    columns = [
        ExportColumn(_("Member"), _gone_or(lambda m: m["full_name"]), 24),
        ExportColumn(_("Team"), _gone_or(lambda m: m["team_name"]), 24),
        ExportColumn(_("Role"), _gone_or(lambda m: m["role_name"]), 26),
        ExportColumn(_("Team leader"), lambda m: _yes(m["is_leader"]), 10),
    ]
    if code == "K4":
        columns.append(ExportColumn(_("Households in charge"), lambda m: m["households"], 12))
    return columns


def _week_text(week) -> str:
    return f"{date_format(week['start'], 'd/m/Y')} – {date_format(week['end'], 'd/m/Y')}"


def _days_text(week) -> str:
    return "; ".join(f"{date_format(day, 'd/m')} ({hours} h)" for day, hours in week["days"])


def columns_for(kind: Kind, code: str, user) -> list[ExportColumn]:
    if kind == Kind.HOUSEHOLDS:
        return _household_columns(user)
    if kind == Kind.VISITS:
        return _visit_columns(user)
    if kind == Kind.MEMBERS:
        return _member_columns(code)
    if kind == Kind.ROLES:
        return [
            ExportColumn(_("Role"), lambda r: r["role"] or _("Team leader"), 34),
            ExportColumn(_("Members"), lambda r: ", ".join(r["members"]), 40),
        ]
    if kind == Kind.WEEKS:
        return [
            ExportColumn(_("Week"), _week_text, 26),
            ExportColumn(_("Activity days"), _days_text, 40),
            ExportColumn(
                _("Longest day (hours)"),
                lambda w: None if w["longest_day"] is None else float(w["longest_day"]),
                12,
            ),
        ]
    if kind == Kind.PRODUCTS:
        return [
            ExportColumn(_("Product"), _gone_or(lambda p: p.name), 30),
            ExportColumn(
                _("Village"), _gone_or(lambda p: p.village.name if p.village else _("Commune")), 18
            ),
            ExportColumn(_("Stars"), lambda p: None if _deleted(p) else p.stars, 8),
            ExportColumn(
                _("E-commerce platforms"),
                _gone_or(lambda p: ", ".join(x.name for x in p.listed_on.all() if x.is_ecommerce)),
                30,
            ),
        ]
    return [
        ExportColumn(_("Team"), lambda t: t["name"], 30),
        ExportColumn(_("Value"), lambda t: kpi_figure(t["kpi"]).cell, 12),
        ExportColumn(_("Status"), lambda t: str(t["kpi"].status_label), 14),
    ]


def _items(part: Part) -> Iterable:
    """Every row of a part, a chunk at a time."""
    if isinstance(part.rows, QuerySet):
        return part.rows.iterator(chunk_size=CHUNK)
    return (
        row for start in range(0, len(part.rows), CHUNK) for row in part.rows[start : start + CHUNK]
    )


def rows_file(scope: Scope, quarter, kpi: KpiValue, parts: list[Part], user) -> tuple:
    """(file, rows written): a sheet per part of the figure's rows, in a write-only workbook
    saved to a temporary file, its rows read a chunk at a time (issue 17)."""
    workbook = Workbook(write_only=True)
    written = 0
    figure: Figure = kpi_figure(kpi)
    for number, part in enumerate(parts, start=1):
        sheet = workbook.create_sheet(f"{number}. {part.label}".translate(NOT_IN_SHEET_NAMES)[:31])
        title = f"{kpi.code}. {kpi.label}: {figure.explained()} · {scope.label} · {quarter.label} · {part.label}"
        written += stream_table(
            sheet, columns_for(part.kind, kpi.code, user), _items(part), title=title
        )
    if not parts:  # a report frozen before its rows were kept: an empty sheet, not a broken file
        workbook.create_sheet(f"{kpi.code}")
    return workbook_file(workbook), written


def rows_filename(scope: Scope, quarter, kpi: KpiValue) -> str:
    """chi-so-k7-lm01-2026Q4.xlsx, chi-so-k7-to-xa-2026Q4.xlsx, chi-so-k7-xa-2026Q4.xlsx"""
    if scope.kind == ScopeKind.VILLAGE:
        where = slugify(scope.village.code) or str(scope.village.pk)
    else:
        where = "to-xa" if scope.kind == ScopeKind.COMMUNE_TEAM else "xa"
    return f"chi-so-{kpi.code.lower()}-{where}-{quarter}.xlsx"
