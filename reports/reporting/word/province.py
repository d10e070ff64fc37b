"""The province's summary report (báo cáo tổng hợp của Sở) in its Word copy
(templates/reports/pdf/province.html): the communes' reports, the province's K1-K10 and its
trend, and the annex of every commune's KPIs, written through the Decree 30 form (form.py)."""

from django.utils.translation import gettext as _

from reports.reporting.word.form import ANNEX_SIZE, DecreeWriter


def body(w: DecreeWriter):
    """Parts I and II of the summary."""
    doc, rates = w.doc, w.doc.rates
    w.para(
        _(
            "Carrying out the plan of the People's Committee of %(province)s province on the "
            "Community Digital Technology Teams, the Department of Science and Technology "
            "reports the results of the communes in %(quarter)s as follows:"
        )
        % {"province": doc.province.name, "quarter": doc.quarter.label}
    )
    reports_heading = _("The communes' reports")
    w.heading(f"I. {reports_heading}", 1)
    text = _(
        "Of %(expected)s communes, %(sent)s sent their report of the quarter, %(on_time)s of "
        "them by %(due)s; %(late)s were late and %(missing)s have not reported."
    ) % {
        "expected": rates.expected,
        "sent": rates.sent,
        "on_time": rates.on_time,
        "due": doc.quarter.commune_report_due().strftime("%d/%m/%Y"),
        "late": rates.late,
        "missing": rates.missing,
    }
    if rates.reporting_rate is not None:
        text += " " + _("Reporting rate: %(rate)s; on-time rate: %(on_time)s.") % {
            "rate": doc.reporting_rate_text,
            "on_time": doc.on_time_rate_text,
        }
    w.para(text)
    if doc.late_or_missing:
        w.para(f"{_('Communes late or not reported:')} {', '.join(doc.late_or_missing)}.")

    w.heading(f"II. {_('Results achieved')}", 1)
    w.table(
        [_("Ord."), _("KPI"), _("Value"), _("Target"), _("Met")],
        [
            (
                number,
                str(row["kpi"].label),
                row["figure"].explained(),
                row["target"],
                str(row["kpi"].status_label),
            )
            for number, row in enumerate(doc.kpi_rows, start=1)
        ],
        [13, 67, 38, 25, 22],
        numeric=(2, 3),
        centred=(0, 4),
    )
    w.para(
        _(
            "K1, K2, K5 and K6 count the teams of every commune that meet their target; the "
            "other KPIs add up the communes' members, households, products and visits. The "
            "figures of each commune are in the Annex."
        )
    )
    w.trend_chart()


def annex(w: DecreeWriter):
    """Every commune's KPIs, on landscape pages."""
    doc = w.doc
    w.first_annex(_("Annex"), _("KPIs of the communes"), doc.quarter)
    w.table(
        [_("Commune"), _("Households"), *doc.codes],
        [
            (
                c["name"],
                c["households"],
                *(cell["text"] + (" √" if cell["met"] else "") for cell in c["cells"]),
            )
            for c in doc.commune_rows
        ],
        [40, 18] + [19] * len(doc.codes),
        numeric=tuple(range(1, len(doc.codes) + 2)),
        size=ANNEX_SIZE,
    )
    legend = "; ".join(f"{code}: {label}" for code, label in doc.kpi_legend) + ". "
    legend += _(
        "√: target met. K1, K2, K5, K6: percent of the commune's teams that meet it; K10: "
        "visits; the others: percent."
    )
    w.para(legend, indent=False, size=ANNEX_SIZE)
