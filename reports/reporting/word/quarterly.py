"""The quarterly report's content in its Word copy: the body of a village team's or the
commune's report (templates/reports/pdf/report.html) and the commune's annexes, written
through the Decree 30 form (form.py)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.reporting.word.form import ANNEX_SIZE, CENTER, DecreeWriter, Note


def body(w: DecreeWriter):
    """The report's parts I to III (templates/reports/pdf/report.html)."""
    doc, content = w.doc, w.doc.content
    if doc.is_commune:
        intro = _(
            "Carrying out the plan of the People's Committee of %(commune)s commune on the "
            "Community Digital Technology Teams, the People's Committee of the commune "
            "reports the results of %(quarter)s as follows:"
        ) % {"commune": doc.commune_name, "quarter": doc.quarter.label}
    else:
        intro = _(
            "Carrying out the commune's plan on the Community Digital Technology Teams, the "
            "team of %(village)s reports its results of %(quarter)s as follows:"
        ) % {"village": doc.village_name, "quarter": doc.quarter.label}
    w.para(intro)

    w.heading(f"I. {_('Results achieved')}", 1)
    w.heading(f"1. {_('The KPIs of the plan')}", 2)
    w.table(
        [_("Ord."), _("KPI"), _("Value"), _("Target"), _("Met")],
        [
            (
                number,
                [str(row["kpi"].label)]
                + ([Note(row["explanation"])] if row["explanation"] else []),
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
    w.trend_chart()

    organisation = content.get("organisation")
    if organisation:
        w.heading(f"2. {_('The teams: members, roles and activity')}", 2)
        w.para(
            ngettext(
                "%(teams)s team with %(members)s active members, %(youth)s of them Youth "
                "Union members.",
                "%(teams)s teams with %(members)s active members, %(youth)s of them Youth "
                "Union members.",
                organisation["teams"],
            )
            % {
                "teams": organisation["teams"],
                "members": organisation["members"],
                "youth": organisation["youth_union"],
            }
        )
        w.table(
            [
                _("Team"),
                _("Members / minimum"),
                _("Youth Union"),
                _("Leader"),
                _("Roles missing"),
                _("Activity days (hours)"),
                _("Weeks missed"),
            ],
            [
                (
                    t["name"],
                    f"{t['members']}/{t['minimum']}",
                    t["youth_union"],
                    t["leader"] or "—",
                    ", ".join(t["missing_roles"]) or "—",
                    f"{t['activity_days']} ({_hours(t['hours'])})",
                    len(t["weeks_missed"]),
                )
                for t in organisation["by_team"]
            ],
            [34, 20, 16, 30, 30, 20, 15],
            centred=(1, 2, 5, 6),
        )
        if not doc.is_commune and doc.weeks_missed:
            w.para(
                f"{_('Weeks without a day of at least 4 hours:')} {'; '.join(doc.weeks_missed)}."
            )

    w.heading(f"3. {_('Essential digital platforms')}", 2)
    if content.get("platforms"):
        w.table(
            [_("Platform"), _("Households using it")],
            [(p["name"], p["figure"].explained()) for p in doc.platforms],
            [90, 75],
            numeric=(1,),
        )
    vneid = content.get("vneid")
    if vneid:
        w.para(
            _(
                "VNeID (led by the commune police): %(using)s of %(households)s households "
                "use it; %(visits)s support visits installed or activated VNeID or "
                "integrated papers in it, helping %(people)s people in the quarter."
            )
            % {key: vneid[key] for key in ("using", "households", "visits", "people")}
        )
        if vneid.get("activated") is not None:  # reports frozen before the two steps: not
            w.para(
                _(
                    "Of those accounts received, %(activated)s are activated (level 2) and "
                    "%(gap)s are received but not activated yet."
                )
                % {"activated": vneid["activated"], "gap": vneid["not_activated"]}
            )

    w.heading(f"4. {_('Support to residents')}", 2)
    visits = content["visits"]
    text = _(
        "In the quarter the teams made %(visits)s support visits, helping %(people)s people "
        "in %(households)s households of the registry."
    ) % {key: visits[key] for key in ("visits", "people", "households")}
    reach = doc.never_reached
    if reach["households"] is not None:
        text += " " + _(
            "%(first)s households were reached for the first time in the quarter; %(never)s "
            "households have not been reached yet, %(priority)s of them priority households "
            "(an elderly person or no digital device)."
        ) % {
            "first": reach["first_reached"],
            "never": reach["households"],
            "priority": reach["priority"],
        }
    w.para(text)
    w.heading(f"a) {_('By what was supported')}", 3)
    w.table(
        [_("What was supported"), _("Visits"), _("People helped")],
        [(r["name"], r["visits"], r["people"]) for r in content["visits_by_type"]],
        [95, 35, 35],
        numeric=(1, 2),
    )
    w.heading(f"b) {_('By method')}", 3)
    w.table(
        [_("How"), _("Visits"), _("People helped")],
        [(r["label"], r["visits"], r["people"]) for r in doc.visits_by_method]
        + [(_("Total"), visits["visits"], visits["people"])],
        [95, 35, 35],
        numeric=(1, 2),
        bold_last=True,
    )

    if doc.is_commune:
        w.heading(f"5. {_('Results by village and the commune team')}", 2)
        villages = len(doc.villages)
        text = ngettext(
            "The KPIs of the %(villages)s village team are in Annex I.",
            "The KPIs of the %(villages)s village teams are in Annex I.",
            villages,
        ) % {"villages": villages}
        if doc.village_reports:
            text += " " + _("The status of their quarterly reports is in Annex II.")
        w.para(text)
    else:
        w.heading(f"5. {_('Results by member')}", 2)
    if content.get("members"):
        w.table(
            [
                _("Ord."),
                _("Member"),
                _("Role"),
                _("Trained"),
                _("Households in charge"),
                _("Visits"),
            ],
            [
                (
                    number,
                    m["name"] + (f" ({_('leader')})" if m.get("is_leader") else ""),
                    m["role"],
                    _("yes") if m["trained"] else _("not yet"),
                    m["households"],
                    m["visits"],
                )
                for number, m in enumerate(content["members"], start=1)
            ],
            [13, 47, 40, 20, 25, 20],
            numeric=(4, 5),
            centred=(0, 3),
        )
    else:
        w.para(_("No active member in this quarter."))
    below = content.get("members_below") or []
    if below:
        text = ngettext(
            "%(n)s member is in charge of fewer than 20 households",
            "%(n)s members are in charge of fewer than 20 households",
            len(below),
        ) % {"n": len(below)}
        if doc.is_commune:
            text += f" ({_('listed in Annex III')})."
        else:
            text += ": " + ", ".join(f"{m['name']} ({m['households']})" for m in below) + "."
        w.para(text)

    w.heading(f"6. {_('Trainings')}", 2)
    if doc.trainings:
        w.table(
            [_("Date"), _("Place"), _("Topics"), _("Attended")],
            [
                (
                    t["day"].strftime("%d/%m/%Y"),
                    t["place"],
                    "; ".join(t["topics"]),
                    t["attendance"],
                )
                for t in doc.trainings
            ],
            [25, 45, 70, 25],
            numeric=(3,),
            centred=(0,),
        )
    else:
        w.para(_("No training in this quarter."))

    w.heading(f"7. {_('Communication')}", 2)
    communication = content["communication"]
    w.para(
        _("%(n)s communication activities reached %(households)s households.")
        % {"n": communication["activities"], "households": communication["households_reached"]}
    )
    w.table(
        [_("Channel"), _("Activities"), _("Households reached")],
        [(r["label"], r["activities"], r["households"]) for r in doc.by_channel],
        [95, 35, 35],
        numeric=(1, 2),
    )

    w.heading(f"8. {_('OCOP products on e-commerce')}", 2)
    if content.get("ocop"):
        w.table(
            [_("Product"), _("Producer"), _("Listed on")],
            [
                (
                    p["name"]
                    + (f" ({_('%(n)s stars') % {'n': p['stars']}})" if p.get("stars") else ""),
                    p["producer"],
                    ", ".join(p["platforms"]) if p["listed"] else _("not on e-commerce yet"),
                )
                for p in content["ocop"]
            ],
            [60, 50, 55],
        )
    else:
        w.para(_("No OCOP product."))

    results, difficulties, next_quarter = (part for _title, part in doc.narrative[:3])
    w.heading(f"9. {_('General assessment')}", 2)
    w.texts(results)
    w.heading(f"II. {_('Difficulties and obstacles')}", 1)
    w.texts(difficulties)
    w.heading(f"III. {_('Directions and tasks for the next quarter')}", 1)
    w.texts(next_quarter)


def annexes(w: DecreeWriter):
    """The commune report's annexes, each on landscape pages of its own, numbered apart."""
    doc = w.doc
    w.first_annex(_("Annex I"), _("KPIs of the village teams"), doc.quarter)
    w.table(
        [_("Village"), _("Households"), *doc.codes],
        [
            (
                v["name"] + (" (*)" if v.get("source") == "live" else ""),
                v["households"],
                *(c["figure"].text() + (" √" if c["met"] else "") for c in v["cells"].values()),
            )
            for v in doc.villages
        ],
        [40, 18] + [19] * len(doc.codes),
        numeric=tuple(range(1, len(doc.codes) + 2)),
        size=ANNEX_SIZE,
    )
    legend = "; ".join(f"{code}: {label}" for code, label in doc.kpi_legend) + ". "
    legend += _("√: target met. K1: members; K2: roles; K5, K10: visits; the others: percent.")
    if doc.has_live_villages:
        legend += " " + _(
            "(*) not submitted: live figures at the time of writing; the other villages' "
            "figures are those of their submitted or accepted reports (Annex II)."
        )
    w.para(legend, indent=False, size=ANNEX_SIZE)
    if doc.village_reports:
        w.next_annex(_("Annex II"), _("Quarterly reports of the village teams"))
        w.table(
            [_("Village"), _("Status"), _("Submitted on"), _("Deadline")],
            [
                (
                    r["name"],
                    str(r["status_label"]),
                    r["submitted"].strftime("%d/%m/%Y") if r["submitted"] else "—",
                    str(r["deadline_label"]),
                )
                for r in doc.village_reports
            ],
            [70, 60, 40, 60],
            centred=(2,),
            size=ANNEX_SIZE,
        )
    below = doc.content.get("members_below") or []
    if below:
        w.next_annex(_("Annex III"), _("Members in charge of fewer than 20 households"))
        w.table(
            [_("Ord."), _("Member"), _("Team"), _("Households in charge")],
            [
                (number, m["name"], m["team"], m["households"])
                for number, m in enumerate(below, start=1)
            ],
            [15, 80, 80, 40],
            numeric=(3,),
            centred=(0,),
            size=ANNEX_SIZE,
        )
    quality = doc.content.get("quality")
    if quality:
        w.next_annex(_("Annex IV"), _("Data-quality check"))
        w.para(
            "(" + _("checked at %(at)s") % {"at": quality["checked_at"]} + ")",
            italic=True,
            align=CENTER,
        )
        w.table(
            [_("Team"), _("Rule"), _("Rows")],
            [
                (_("Whole commune"), f"{r['code']} · {r['name']}", r["count"])
                for r in quality["rules"]
            ]
            + [
                (t["village"], f"{r['code']} · {r['name']}", r["count"])
                for t in quality["teams"]
                for r in t["rules"]
            ],
            [60, 150, 30],
            numeric=(2,),
            size=ANNEX_SIZE,
        )
        for team in quality["teams"]:
            if team.get("explanation"):
                paragraph = w.para(indent=False, size=ANNEX_SIZE)
                w.run(paragraph, f"{team['village']}: ", bold=True)
                w.run(paragraph, team["explanation"])


def _hours(hours) -> str:
    """Hours as the PDF writes them (floatformat:"-1"): 12 -> "12", 12.5 -> "12,5"."""
    value = float(hours or 0)
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")
