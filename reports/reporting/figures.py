"""A figure as every rendering of a report shows it (con số và đơn vị): the page, the PDF and
the Excel workbook take the same `Figure` objects, so that they cannot disagree.

A `Figure` knows its value, its unit and, for a ratio, its numerator and denominator and what
they count. It writes itself as text ("76,9 %", "68 lượt", "10/13 tổ đạt (76,9 %)") and as a
spreadsheet cell (0.769 with a percent format, 68 as a whole number). Pure: no database.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.kpis.arithmetic import TEAM_KPIS, KpiValue, Unit

PERCENT_FORMAT = "0.0%"
WHOLE_FORMAT = "0"

#: What the numerator of each ratio KPI counts, for one team or village.
COUNTED = {
    "K2": gettext_lazy("roles"),
    "K3": gettext_lazy("members trained"),
    "K4": gettext_lazy("members with ≥ 20 households"),
    "K6": gettext_lazy("weeks"),
    "K7": gettext_lazy("households"),
    "K8": gettext_lazy("households"),
    "K9": gettext_lazy("products"),
    "K11": gettext_lazy("adults"),
}
TEAMS_MET = gettext_lazy("teams meet it")

#: How the commune-wide K1, K2, K5, K6 are counted, in one line.
TEAM_KPI_EXPLANATIONS = {
    "K1": gettext_lazy(
        "Teams with at least their minimum of active members (commune team 15, village "
        "team 9), out of all teams."
    ),
    "K2": gettext_lazy("Teams with every required role and a named leader, out of all teams."),
    "K5": gettext_lazy("Teams with at least 50 support visits in the quarter, out of all teams."),
    "K6": gettext_lazy(
        "Teams with a day of at least 4 hours in every week of the quarter, out of all teams."
    ),
}


def number_text(value, places: int = 1, separator: str | None = None) -> str:
    """`value` rounded half up to `places` decimals, none for a whole number, with the
    language's decimal separator: 76.92 -> "76,9", 80.0 -> "80", 99.95 -> "100,0" (not
    quite 100). What Django's floatformat(value, -places) writes, without looking the
    language up for every figure (the commune's village table writes a thousand of them)."""
    separator = separator or get_format("DECIMAL_SEPARATOR")
    # The usual figures without Decimal: a whole count, or a percentage already rounded to
    # `places` (arithmetic.percent); anything else is rounded below.
    if type(value) is int and value >= 0:
        return str(value)
    if type(value) is float and value >= 0:
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        point = text.find(".")
        if "e" not in text and point >= 0 and len(text) - point - 1 <= places:
            return text.replace(".", separator)
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number == number.to_integral_value():
        places = 0
    return str(number.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)).replace(".", separator)


@dataclass(frozen=True)
class Figure:
    value: float | int | None
    unit: str = ""  # a reports.kpis.arithmetic.Unit, or "" for a plain count
    numerator: int | None = None
    denominator: int | None = None
    counted: str = ""  # what the numerator counts ("households", "teams meet it")

    @property
    def is_percent(self) -> bool:
        return self.unit == Unit.PERCENT

    @property
    def rounded(self):
        """The value as shown: a percentage to one decimal, a count whole."""
        if self.value is None:
            return None
        if self.is_percent:
            return float(Decimal(repr(float(self.value))).quantize(Decimal("0.1"), ROUND_HALF_UP))
        return self.value

    def text(self, separator: str | None = None) -> str:
        """The value alone: "76,9 %", "68", "—" for no data (never 0)."""
        if self.value is None:
            return "—"
        if self.is_percent:
            return f"{number_text(self.value, 1, separator)} %"
        return number_text(self.value, 0, separator)

    def explained(self, separator: str | None = None) -> str:
        """With what it counts: "10/13 teams meet it (76,9 %)", "236/312 households (75,6 %)",
        "6/7 roles"; a plain value otherwise."""
        if self.value is None or self.numerator is None or self.denominator is None:
            return self.text(separator)  # no data is "—", never "0/0"
        counted = f" {self.counted}" if self.counted else ""
        fraction = f"{self.numerator}/{self.denominator}{counted}"
        if self.is_percent and self.value is not None:
            return f"{fraction} ({self.text(separator)})"
        return fraction

    def __str__(self):
        return self.explained()

    @property
    def cell(self):
        """The value for a spreadsheet cell: a fraction for a percentage (76,9 % -> 0.769),
        rounded to what is shown; None (an empty cell) for no data."""
        if self.value is None:
            return None
        if self.is_percent:
            return round(self.rounded / 100, 3)
        return self.value

    @property
    def number_format(self) -> str:
        return PERCENT_FORMAT if self.is_percent else WHOLE_FORMAT


def kpi_figure(kpi: KpiValue) -> Figure:
    """A KPI's value as a figure: ratios with their numerator and denominator."""
    details = kpi.details or {}
    if "teams" in details:  # commune-wide K1, K2, K5, K6: teams that meet it / teams
        return Figure(
            kpi.value, kpi.unit, details["numerator"], details["denominator"], str(TEAMS_MET)
        )
    if kpi.code == "K2" and kpi.value is not None:
        return Figure(kpi.value, kpi.unit, kpi.value, kpi.target, str(COUNTED["K2"]))
    if "numerator" in details and "denominator" in details:
        counted = COUNTED.get(kpi.code, "")
        return Figure(
            kpi.value, kpi.unit, details["numerator"], details["denominator"], str(counted)
        )
    return Figure(kpi.value, kpi.unit)


def target_figure(kpi: KpiValue) -> Figure | None:
    return None if kpi.target is None else Figure(kpi.target, kpi.unit)


def target_text(kpi: KpiValue) -> str:
    """ "≥ 80 %", "≥ 9 members", or "no target: reported"."""
    if kpi.target is None:
        return _("no target: reported")
    target = Figure(kpi.target, kpi.unit)
    if "teams" in (kpi.details or {}):
        return f"≥ {target.text()}"
    if target.is_percent:
        return f"≥ {target.text()}"
    return f"≥ {target.text()} {kpi.unit_label}"


def team_kpi_explanation(kpi: KpiValue) -> str:
    """The one-line explanation of a commune-wide team KPI ("" for the others)."""
    if kpi.code in TEAM_KPIS and "teams" in (kpi.details or {}):
        return str(TEAM_KPI_EXPLANATIONS[kpi.code])
    return ""


#: The unit of each KPI for one village team (Phụ lục I's columns).
VILLAGE_UNITS = {
    "K1": Unit.MEMBERS,
    "K2": Unit.ROLES,
    "K5": Unit.VISITS,
    "K10": Unit.VISITS,
}


def village_unit(code: str) -> str:
    return VILLAGE_UNITS.get(code, Unit.PERCENT)
