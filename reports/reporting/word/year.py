"""The year review's (sơ kết năm) content in its Word copy (templates/reports/pdf/year.html),
written through the Decree 30 form (form.py)."""

from django.utils.translation import gettext as _

from reports.reporting.word.form import DecreeWriter


def body(w: DecreeWriter):
    """The year review's part I (templates/reports/pdf/year.html)."""
    doc = w.doc
    w.para(
        _(
            "This report sums up the results of the four quarters of %(year)s; the figures "
            "of each quarter are those of its last day."
        )
        % {"year": doc.year}
    )
    w.heading(f"I. {_('Results achieved')}", 1)
    w.heading(f"1. {_('The KPIs of the plan, quarter by quarter')}", 2)
    last = _("Met") if doc.year_over else _("Year result")
    w.table(
        [
            _("KPI"),
            *(_("Q. %(number)s") % {"number": n} for n in doc.quarter_numerals),
            _("Target"),
            last,
        ],
        [
            (
                f"{row['code']}. {row['label']}",
                *(figure.text() if figure else "—" for figure in row["figures"]),
                row["target"],
                str(row["status"]) if doc.year_over else "…",
            )
            for row in doc.rows
        ],
        [60, 17, 17, 17, 17, 19, 18],
        numeric=(1, 2, 3, 4, 5),
        centred=(6,),
        size=11,
    )
    legend = _("—: no figures (a quarter not started yet, or before the plan).")
    if not doc.year_over:
        legend += " " + _(
            "The year %(year)s is not over: its result is judged after 31 December."
        ) % {"year": doc.year}
    w.para(legend, italic=True, indent=False, size=11)
    w.heading(f"2. {_('Activity by quarter')}", 2)
    totals = doc.activity_totals
    w.table(
        [_("Quarter"), _("Visits"), _("People helped"), _("Trainings"), _("Communication")],
        [
            (
                c["label"],
                *(
                    "—" if c[key] is None else c[key]
                    for key in ("visits", "people", "trainings", "communication")
                ),
            )
            for c in doc.activity
        ]
        + [
            (
                _("Total"),
                totals["visits"],
                totals["people"],
                totals["trainings"],
                totals["communication"],
            )
        ],
        [45, 30, 30, 30, 30],
        numeric=(1, 2, 3, 4),
        bold_last=True,
    )
    w.trend_chart()
    w.heading(f"3. {_('Emulation nominations')}", 2)
    if doc.nominations:
        w.table(
            [_("Ord."), _("Title"), _("Nominee"), _("Status")],
            [
                (number, str(n["category_label"]), n["nominee"], str(n["status_label"]))
                for number, n in enumerate(doc.nominations, start=1)
            ],
            [13, 59, 60, 35],
            centred=(0,),
        )
    else:
        w.para(_("No nomination yet this year."))
