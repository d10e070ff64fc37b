"""A report ready to show: its content (frozen or live) with labels, deadline and the pieces
of the administrative form (Decree 30/2020/NĐ-CP) that the page, the PDF and the Excel share.

`report_document(report, content, today)` takes plain content (reports/reporting/content.py), so
that a submitted report is rendered from its snapshot exactly as it was.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from binhdan.quarters import DEADLINE_LABELS, Quarter, days_left, deadline_status
from households.models import Channel, SupportMethod
from reports.kpis import charts
from reports.kpis.arithmetic import CODES, LABELS, Kpis, Status, Unit, percent
from reports.models import Award, NominationStatus, QuarterlyReport, ReportStatus
from reports.reporting.content import kpis_of, parse_date
from reports.reporting.figures import (
    COUNTED,
    Figure,
    kpi_figure,
    target_text,
    team_kpi_explanation,
    village_unit,
)


def place_date(place: str, day: datetime.date) -> str:
    """ "Liên Minh, ngày 05 tháng 01 năm 2026": a leading 0 for days under 10 and for
    January and February (Decree 30/2020/NĐ-CP, appendix I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def paragraphs(text: str) -> list[str]:
    """A narrative typed by a user, as paragraphs (one per non-empty line); plain text."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def kpi_rows(kpis: Kpis) -> list[dict]:
    """The KPI table as every rendering shows it: each KPI with its figure (value,
    numerator/denominator and what they count), its target and, for the commune-wide (or
    province-wide) team KPIs, how they are counted."""
    return [
        {
            "kpi": kpi,
            "figure": kpi_figure(kpi),
            "target": target_text(kpi),
            "explanation": team_kpi_explanation(kpi),
        }
        for kpi in kpis.values()
    ]


@dataclass
class ReportDocument:
    report: QuarterlyReport
    content: dict
    today: datetime.date
    kpis: Kpis = field(init=False)

    def __post_init__(self):
        self.kpis = kpis_of(self.content)

    # --- what it is ----------------------------------------------------------------------

    @property
    def quarter(self) -> Quarter:
        return Quarter.parse(self.content["quarter"])

    @property
    def is_commune(self) -> bool:
        return self.content["kind"] == "commune"

    @property
    def commune_name(self) -> str:
        return self.content["commune"]["name"]

    @property
    def village_name(self) -> str:
        return self.content["village"]["name"] if self.content["village"] else ""

    @property
    def team_name(self) -> str:
        team = self.content.get("team")
        return team["name"] if team else _("Team of %(village)s") % {"village": self.village_name}

    @property
    def subject(self) -> str:
        if self.is_commune:
            return _(
                "Results of the Community Digital Technology Teams of %(commune)s commune, "
                "%(quarter)s"
            ) % {"commune": self.commune_name, "quarter": self.quarter.label}
        return _("Results of the Community Digital Technology Team of %(village)s, %(quarter)s") % {
            "village": self.village_name,
            "quarter": self.quarter.label,
        }

    @property
    def filename(self) -> str:
        where = "xa" if self.is_commune else self.content["village"]["code"]
        return f"bao-cao-{self.content['quarter']}-{where}"

    # --- the form of the document --------------------------------------------------------

    @property
    def issuing_body(self) -> list[tuple[str, bool]]:
        """The top-left block, (line, bold): "ỦY BAN NHÂN DÂN / XÃ LIÊN MINH" for the
        commune; for a team, its parent body (not bold) above the team (bold)."""
        if self.is_commune:
            commune = _("%(commune)s commune") % {"commune": self.commune_name}
            return [(_("People's Committee").upper(), True), (commune.upper(), True)]
        parent = _("PC of %(commune)s commune") % {"commune": self.commune_name}
        team = _("Community Digital Technology Team of %(village)s") % {
            "village": self.village_name
        }
        return [(parent.upper(), False), (team.upper(), True)]

    @property
    def is_draft(self) -> bool:
        """Not submitted or sent yet: its PDF says "DỰ THẢO" (draft) on every page, so that
        it cannot be taken for the signed report."""
        return not self.report.is_frozen

    @property
    def document_date(self) -> datetime.date:
        """The date printed: the frozen report's document date, today for a draft."""
        if self.report.is_frozen and self.report.document_date:
            return self.report.document_date
        return self.today

    @property
    def data_cutoff(self) -> datetime.date:
        """ "Số liệu tính đến ngày …": the day the content was built, or the quarter's last
        day if earlier (a snapshot older than `data_cutoff` has `generated_on`)."""
        if self.content.get("data_cutoff"):
            return parse_date(self.content["data_cutoff"])
        return min(parse_date(self.content["generated_on"]), self.quarter.last_day)

    @property
    def place_date(self) -> str:
        return place_date(self.commune_name, self.document_date)

    @property
    def number_label(self) -> str:
        return self.report.number_label

    @property
    def recipient(self) -> str:
        if self.is_commune:
            province = self.content["commune"]["province"] or "…"
            return _("Department of Science and Technology of %(province)s province") % {
                "province": province
            }
        return _("People's Committee of %(commune)s commune") % {"commune": self.commune_name}

    @property
    def copies_to(self) -> list[str]:
        """The "Nơi nhận:" list, each line ending with ";" and the last with "."."""
        if self.is_commune:
            lines = [
                _("As above"),
                _("Party Committee and People's Council of the commune (to report)"),
                _("Chairman and Vice-Chairmen of the People's Committee"),
                _("Village Community Digital Technology Teams"),
            ]
            archive = _("Archived: Clerical Office, Culture and Society Office")
        else:
            lines = [
                _("People's Committee of %(commune)s commune (to report)")
                % {"commune": self.commune_name},
                _("Head of %(village)s") % {"village": self.village_name},
            ]
            archive = _("Archived: the team")
        return [f"- {line};" for line in lines] + [f"- {archive}."]

    @property
    def signature(self) -> list[str]:
        """The capital lines above the space to sign."""
        title = (self.report.signer_title or "").strip().upper()
        if not self.is_commune:
            return [title or _("Team leader").upper()]
        # Usually a Vice-Chairman signs for the Chairman (KT. CHỦ TỊCH / PHÓ CHỦ TỊCH).
        on_behalf = _("On behalf of the People's Committee").upper()
        chairman = _("Chairman").upper()
        if title == chairman:
            return [on_behalf, chairman]
        return [on_behalf, _("For the Chairman").upper(), title or _("Vice-Chairman").upper()]

    @property
    def signer_name(self) -> str:
        if self.report.signer_name:
            return self.report.signer_name
        team = self.content.get("team")
        return team["leader"] if team and not self.is_commune else ""

    @property
    def narrative(self) -> list[tuple[str, list[str]]]:
        return [
            (_("Results achieved"), paragraphs(self.report.results)),
            (_("Difficulties and obstacles"), paragraphs(self.report.difficulties)),
            (_("Directions and tasks for the next quarter"), paragraphs(self.report.next_quarter)),
            (_("Proposals and recommendations"), paragraphs(self.report.proposals)),
        ]

    @property
    def closing(self) -> list[str]:
        """The last part's paragraphs, the last ending with "./." (the end of the body)."""
        proposals = paragraphs(self.report.proposals) or [_("(not written)")]
        return [*proposals[:-1], proposals[-1].rstrip(" .") + "./."]

    # --- figures -------------------------------------------------------------------------

    @property
    def kpi_rows(self) -> list[dict]:
        return kpi_rows(self.kpis)

    @property
    def platforms(self) -> list[dict]:
        """Households using each essential platform, out of the scope's households (K8's
        denominator)."""
        k8 = self.kpis.get("K8")
        households = (k8.details or {}).get("denominator") if k8 else None
        return [
            {
                **p,
                "figure": Figure(
                    percent(p["households"], households) if households else None,
                    Unit.PERCENT,
                    p["households"],
                    households,
                    str(COUNTED["K8"]),
                ),
            }
            for p in self.content.get("platforms", [])
        ]

    @property
    def weeks_missed(self) -> list[str]:
        """The weeks missed (K6) of a village team, as "05/10/2026 – 11/10/2026"."""
        teams = (self.content.get("organisation") or {}).get("by_team", [])
        return [
            f"{parse_date(w['start']):%d/%m/%Y} – {parse_date(w['end']):%d/%m/%Y}"
            for team in teams
            for w in team["weeks_missed"]
        ]

    @property
    def never_reached(self) -> dict:
        """Households no visit or communication has reached yet (K7), priority ones apart
        (K10). "households" is None (the report leaves the sentence out) unless every
        figure of the sentence is known: a scope without households has K7's count (0)
        but no K10, and an old snapshot may lack K10's first reaches."""
        k7 = (self.kpis["K7"].details or {}) if "K7" in self.kpis else {}
        k10 = (self.kpis["K10"].details or {}) if "K10" in self.kpis else {}
        reach = {
            "households": k7.get("never_reached"),
            "priority": k10.get("priority_never_reached"),
            "priority_households": k10.get("priority_households"),
            "first_reached": k10.get("households_first_reached"),
        }
        if reach["priority"] is None or reach["first_reached"] is None:
            reach["households"] = None
        return reach

    @property
    def trainings(self) -> list[dict]:
        return [{**t, "day": parse_date(t["date"])} for t in self.content["trainings"]]

    @property
    def visits_by_method(self) -> list[dict]:
        labels = dict(SupportMethod.choices)
        return [
            {**row, "label": labels.get(row["method"], row["method"])}
            for row in self.content["visits_by_method"]
        ]

    @property
    def by_channel(self) -> list[dict]:
        labels = dict(Channel.choices)
        return [
            {**row, "label": labels.get(row["channel"], row["channel"])}
            for row in self.content["communication"]["by_channel"]
        ]

    @property
    def villages(self) -> list[dict]:
        """Phụ lục I: villages × KPIs, each cell (keyed by code, in CODES order) with its
        figure in the village's own unit (members, roles, visits or %: never the commune's
        "% of teams")."""
        statuses = dict(ReportStatus.choices)
        return [
            {
                **v,
                "enclosed": v.get("source") == "report",
                "source_label": _source_label(v, statuses),
                "cells": {
                    k["code"]: {
                        **k,
                        "met": k["status"] == Status.MET,
                        "figure": Figure(
                            k["value"],
                            k.get("unit") or village_unit(k["code"]),
                            k.get("numerator"),
                            k.get("denominator"),
                        ),
                    }
                    for k in v["kpis"]
                },
            }
            for v in self.content["villages"]
        ]

    @property
    def has_live_villages(self) -> bool:
        return any(v.get("source") == "live" for v in self.content.get("villages", []))

    @property
    def codes(self):
        """The KPIs the content has: a report frozen before K11 existed keeps K1-K10."""
        return tuple(code for code in CODES if code in self.kpis) if self.kpis else CODES

    @property
    def kpi_legend(self) -> list[tuple[str, str]]:
        return [(code, LABELS[code]) for code in self.codes]

    @property
    def chart(self):
        return charts.trend_svg(self.content["trend"], font=charts.PDF_FONT)

    @property
    def village_reports(self) -> list[dict]:
        return status_rows(self.content.get("village_reports", []))

    # --- deadline ------------------------------------------------------------------------

    @property
    def due(self) -> datetime.date:
        return parse_date(self.content["due"])

    @property
    def deadline(self):
        return deadline_status(self.due, self.report.submitted_on, self.today)

    @property
    def deadline_label(self) -> str:
        return DEADLINE_LABELS[self.deadline]

    @property
    def days_left(self) -> int:
        return days_left(self.due, self.today)


def _source_label(row: dict, statuses) -> str:
    """Where an annex row's figures come from ("" in a commune report frozen before the annex
    took the village reports' figures)."""
    if row.get("source") == "report":
        day = parse_date(row.get("frozen_on"))
        return _("from its report (%(status)s, frozen on %(day)s)") % {
            "status": str(statuses.get(row.get("report_status"), "")).lower(),
            "day": day.strftime("%d/%m/%Y") if day else "—",
        }
    if row.get("source") == "live":
        return _("not submitted: live figures at the time of writing")
    return ""


def status_rows(rows: list[dict]) -> list[dict]:
    """Village report rows (workflow.village_statuses) with their labels, for display."""
    statuses = dict(ReportStatus.choices)
    return [
        {
            **row,
            "status_label": statuses.get(row["status"], _("Not written")),
            "deadline_label": DEADLINE_LABELS[row["deadline"]],
            "submitted": parse_date(row["submitted_on"]),
        }
        for row in rows
    ]


class YearDocument(ReportDocument):
    """The year review (sơ kết) of a village team or of the commune: the four quarters side
    by side, in the same administrative form, from the year review's content
    (reports/awards/yearreview.py `YearReview.content`)."""

    @property
    def year(self) -> int:
        return self.content["year"]

    @property
    def subject(self) -> str:
        if self.is_commune:
            return _(
                "Year review %(year)s of the Community Digital Technology Teams of "
                "%(commune)s commune"
            ) % {"year": self.year, "commune": self.commune_name}
        return _("Year review %(year)s of the Community Digital Technology Team of %(village)s") % {
            "year": self.year,
            "village": self.village_name,
        }

    @property
    def filename(self) -> str:
        where = "xa" if self.is_commune else self.content["village"]["code"]
        return f"so-ket-{self.year}-{where}"

    @property
    def document_date(self) -> datetime.date:
        return self.today  # built now, whatever became of the year's last report

    @property
    def quarter_labels(self) -> list[str]:
        return [Quarter.parse(c["quarter"]).label for c in self.content["quarters"]]

    @property
    def quarter_numerals(self) -> list[str]:
        return ["I", "II", "III", "IV"]

    @property
    def activity(self) -> list[dict]:
        return [{**c, "label": Quarter.parse(c["quarter"]).label} for c in self.content["quarters"]]

    @property
    def nominations(self) -> list[dict]:
        categories, statuses = dict(Award.choices), dict(NominationStatus.choices)
        return [
            {
                **n,
                "category_label": categories.get(n["category"], n["category"]),
                "status_label": statuses.get(n["status"], n["status"]),
            }
            for n in self.content.get("nominations", [])
        ]

    @property
    def activity_totals(self) -> dict:
        return {
            key: sum(c[key] or 0 for c in self.content["quarters"])
            for key in ("visits", "people", "trainings", "communication")
        }

    @property
    def is_draft(self) -> bool:
        """A year review is a draft until the year has ended."""
        return not self.year_over

    @property
    def year_over(self) -> bool:
        """Only a year that has ended has a result (older year contents: judged by date)."""
        if "year_over" in self.content:
            return self.content["year_over"]
        return self.today > datetime.date(self.year, 12, 31)

    @property
    def rows(self) -> list[dict]:
        """One row per KPI: its figure in each quarter (None: the quarter has no figures, not
        started or before the plan), its target and, once the year has ended, its status."""
        columns = [Kpis.from_stored(c["kpis"]) for c in self.content["quarters"]]
        rows = []
        for code in CODES:
            values = [column.get(code) for column in columns]
            latest = next((v for v in reversed(values) if v is not None), None)
            rows.append(
                {
                    "code": code,
                    "label": LABELS[code],
                    "kpi": latest,
                    "quarters": values,
                    "figures": [Figure(v.value, v.unit) if v else None for v in values],
                    "target": target_text(latest) if latest else "—",
                    "status": latest.status_label if latest and self.year_over else "",
                }
            )
        return rows

    @property
    def met(self) -> int:
        return sum(1 for k in self.kpis.values() if k.status == Status.MET)

    @property
    def closing(self) -> list[str]:
        totals = {
            key: sum(c[key] or 0 for c in self.content["quarters"])
            for key in ("visits", "people", "trainings", "communication")
        }
        summary = _(
            "In %(year)s the teams made %(visits)s support visits helping %(people)s people, "
            "held %(trainings)s training sessions and %(communication)s communication "
            "activities"
        ) % {**totals, "year": self.year}
        if self.year_over:
            summary += _(
                "; at the end of the year %(met)s of the %(total)s KPIs with a target are met"
            ) % {
                "met": self.met,
                "total": sum(1 for k in self.kpis.values() if k.target is not None),
            }
        else:
            summary += _(
                " (the year is not over: these are the figures so far; its result will be known after 31 December)"
            )
        return [summary + "./."]
