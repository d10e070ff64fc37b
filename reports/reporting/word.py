"""The Word copy (bản Word) of a report: the same document as its PDF, for the office to
correct before it is signed.

Built with python-docx from the same `ReportDocument` (a quarterly report) or `YearDocument`
(a year review) as the PDF and the Excel workbook, in the form of Decree 30/2020/NĐ-CP
(appendix I): A4, margins 20 mm top and bottom, 30 mm left, 15 mm right, Times New Roman
13 pt named for every script (so that Word and LibreOffice do not fall back on a theme
font), the header table with the issuing body and the national motto, "Số:" and the place
and date, the title, the body with its tables as real Word tables, "Nơi nhận" and the
signature block; page numbers centred at the top from page 2. A wide annex is a landscape
section. The trend chart of the PDF is left out (Word cannot take its SVG). Always in
Vietnamese, like the PDF.
"""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from reports.reporting.documents import ReportDocument, YearDocument

FONT = "Times New Roman"
BODY_SIZE = 13  # points: Decree 30/2020 asks for 13 to 14
TABLE_SIZE = 11.5
ANNEX_SIZE = 11
#: Decree 30/2020/NĐ-CP, appendix I: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
A4 = (Mm(210), Mm(297))
FIRST_LINE = Cm(1.27)

CENTER, LEFT, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


def report_docx(document: ReportDocument) -> bytes:
    """A quarterly report, or (a YearDocument) a year review, as a .docx file."""
    with translation.override("vi"):
        writer = _Writer(document)
        writer.header()
        if isinstance(document, YearDocument):
            writer.year_body()
            writer.closing(f"II. {_('General assessment')}")
        else:
            writer.report_body()
            writer.closing(f"IV. {_('Proposals and recommendations')}")
            if document.is_commune:
                writer.annexes()
        out = io.BytesIO()
        writer.word.save(out)
        return out.getvalue()


# --- the file's form: fonts, page, fields --------------------------------------------------


def _name_font(rpr, size: float | None = None):
    """Times New Roman for every script of a run's (or a style's) properties, theme fonts
    removed: Word reads w:eastAsia and w:cs for Vietnamese in some settings, LibreOffice the
    theme when one is named."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                rpr.append(element)
            element.set(qn("w:val"), str(int(size * 2)))


def _set_up(word):
    """The defaults of the whole file and of its Normal and table styles; A4 and margins."""
    defaults = word.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _name_font(rpr, BODY_SIZE)
    for name in ("Normal", "Table Grid"):
        style = word.styles[name]
        style.font.name = FONT
        style.font.size = Pt(BODY_SIZE)
        _name_font(style.element.get_or_add_rPr(), BODY_SIZE)
    normal = word.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after, normal.line_spacing = Pt(0), Pt(6), 1.15
    section = word.sections[0]
    _page(section, landscape=False)
    section.different_first_page_header_footer = True  # no number on the first page
    _page_number(section.header.paragraphs[0])


def _page(section, landscape: bool):
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    for side, size in MARGINS.items():
        setattr(section, f"{side}_margin", size)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def _page_number(paragraph):
    """A PAGE field centred in the header (Decree 30: the number at the top, from page 2)."""
    paragraph.alignment = CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2")):
        run = paragraph.add_run()
        _name_font(run._r.get_or_add_rPr(), BODY_SIZE)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text
    end = paragraph.add_run()
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)


def _rule(paragraph, indent: Cm):
    """The short line under a block (a bottom border between equal indents)."""
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.right_indent = indent
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _no_borders(table):
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _repeat_header(row):
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


# --- the writer -----------------------------------------------------------------------------


class _Writer:
    def __init__(self, doc: ReportDocument):
        self.doc = doc
        self.word = Document()
        _set_up(self.word)
        self.width = Mm(165)  # the text's width on a portrait page

    # paragraphs

    def para(
        self,
        text: str = "",
        *,
        bold=False,
        italic=False,
        align=JUSTIFY,
        size=None,
        indent=True,
        after=6,
        container=None,
        upper=False,
    ):
        container = container or self.word
        paragraph = container.add_paragraph()
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.first_line_indent = FIRST_LINE if indent and align == JUSTIFY else None
        fmt.space_after = Pt(after)
        if text:
            self.run(
                paragraph, text.upper() if upper else text, bold=bold, italic=italic, size=size
            )
        return paragraph

    def run(self, paragraph, text: str, *, bold=False, italic=False, size=None, underline=False):
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        run.font.name = FONT
        _name_font(run._r.get_or_add_rPr(), size)
        return run

    def heading(self, text: str, level: int):
        """I. (capitals, bold), 1. (bold), a) (italic), indented like the body."""
        self.para(
            text,
            bold=level < 3,
            italic=level == 3,
            upper=level == 1,
            align=JUSTIFY,
            after=4,
        ).paragraph_format.keep_with_next = True

    def texts(self, paragraphs: list[str]):
        for text in paragraphs or [_("(not written)")]:
            self.para(text)

    # tables

    def table(
        self, headers, rows, widths, *, numeric=(), centred=(), size=TABLE_SIZE, bold_last=False
    ):
        """A bordered table with a repeated header row; `widths` in mm (a column's share of
        the text width); `numeric` columns right-aligned, `centred` ones centred."""
        table = self.word.add_table(rows=1, cols=len(headers))
        table.style = self.word.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        scale = self.width / sum(widths)
        columns = [int(w * scale) for w in widths]
        for number, column in enumerate(table.columns):
            column.width = columns[number]
        _repeat_header(table.rows[0])
        for number, text in enumerate(headers):
            self._cell(table.rows[0].cells[number], text, CENTER, size, bold=True)
        for index, values in enumerate(rows):
            cells = table.add_row().cells
            last = bold_last and index == len(rows) - 1
            for number, value in enumerate(values):
                align = RIGHT if number in numeric else CENTER if number in centred else LEFT
                self._cell(cells[number], value, align, size, bold=last)
        for row in table.rows:
            for number, cell in enumerate(row.cells):
                cell.width = columns[number]
        self.para(after=2, indent=False)  # Word joins two tables that touch
        return table

    def _cell(self, cell, value, align, size, bold=False):
        lines = value if isinstance(value, list | tuple) else [value]
        paragraph = cell.paragraphs[0]
        for number, line in enumerate(lines):
            if number:
                paragraph = cell.add_paragraph()
            paragraph.alignment = align
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.line_spacing = 1.0
            note = isinstance(line, _Note)
            self.run(
                paragraph,
                "—" if line is None else str(line),
                bold=bold,
                italic=note,
                size=size - 1.5 if note else size,
            )

    # the form

    def header(self):
        """The header table (issuing body | national motto), the title and the recipient."""
        doc = self.doc
        table = self.word.add_table(rows=1, cols=2)
        _no_borders(table)
        table.autofit = False
        widths = (Mm(65), Mm(100))
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = width
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        issuer, nation = table.rows[0].cells
        issuer.paragraphs[0].paragraph_format.space_after = Pt(0)
        for number, (line, bold) in enumerate(doc.issuing_body):
            paragraph = issuer.paragraphs[0] if number == 0 else issuer.add_paragraph()
            paragraph.alignment = CENTER
            paragraph.paragraph_format.space_after = Pt(0)
            self.run(paragraph, line, bold=bold, size=12.5)
        _rule(self.para(align=CENTER, after=6, container=issuer), Mm(20))
        self.para(
            f"{_('No.')} {doc.number_label}",
            align=CENTER,
            container=issuer,
            after=0,
            size=BODY_SIZE,
        )
        nation.paragraphs[0].alignment = CENTER
        nation.paragraphs[0].paragraph_format.space_after = Pt(0)
        self.run(nation.paragraphs[0], _("SOCIALIST REPUBLIC OF VIET NAM"), bold=True, size=12.5)
        motto = self.para(align=CENTER, container=nation, after=12)
        self.run(
            motto, _("Independence - Freedom - Happiness"), bold=True, size=13.5, underline=True
        )
        self.para(doc.place_date, italic=True, align=CENTER, container=nation, after=0)

        if doc.is_draft:
            self.para(
                f"{_('DRAFT')} · {_('not submitted: not for signature')}",
                bold=True,
                align=CENTER,
                after=0,
            ).paragraph_format.space_before = Pt(12)
        title = self.para(_("REPORT"), bold=True, align=CENTER, size=14, after=0)
        title.paragraph_format.space_before = Pt(14)
        self.para(doc.subject, bold=True, align=CENTER, after=0)
        _rule(self.para(align=CENTER, after=4), Mm(60))
        self.para(
            "(" + _("Figures as of %(day)s") % {"day": doc.data_cutoff.strftime("%d/%m/%Y")} + ")",
            italic=True,
            align=CENTER,
            after=10,
        )
        self.para(f"{_('To:')} {doc.recipient}", align=CENTER, after=10)

    def closing(self, heading: str):
        """The last part, then "Nơi nhận" beside the signature."""
        self.heading(heading, 1)
        for text in self.doc.closing:
            self.para(text)
        table = self.word.add_table(rows=1, cols=2)
        _no_borders(table)
        table.autofit = False
        recipients, signature = table.rows[0].cells
        recipients.width = signature.width = Mm(82)
        paragraph = recipients.paragraphs[0]
        self.run(paragraph, _("Recipients:"), bold=True, italic=True, size=12)
        paragraph.paragraph_format.space_after = Pt(0)
        for line in self.doc.copies_to:
            self.para(line, align=LEFT, container=recipients, after=0, size=11)
        first = signature.paragraphs[0]
        first.alignment = CENTER
        first.paragraph_format.space_after = Pt(0)
        for number, line in enumerate(self.doc.signature):
            paragraph = (
                first if number == 0 else self.para(align=CENTER, container=signature, after=0)
            )
            self.run(paragraph, line, bold=True)
        space = self.para(align=CENTER, container=signature, after=0)
        space.paragraph_format.space_before = Pt(60)  # the place to sign and stamp
        self.run(space, self.doc.signer_name, bold=True, size=13.5)

    # the quarterly report's body (templates/reports/pdf/report.html)

    def report_body(self):
        doc, content = self.doc, self.doc.content
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
        self.para(intro)

        self.heading(f"I. {_('Results achieved')}", 1)
        self.heading(f"1. {_('The KPIs of the plan')}", 2)
        self.table(
            [_("Ord."), _("KPI"), _("Value"), _("Target"), _("Met")],
            [
                (
                    number,
                    [str(row["kpi"].label)]
                    + ([_Note(row["explanation"])] if row["explanation"] else []),
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

        organisation = content.get("organisation")
        if organisation:
            self.heading(f"2. {_('The teams: members, roles and activity')}", 2)
            self.para(
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
            self.table(
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
                self.para(
                    f"{_('Weeks without a day of at least 4 hours:')} {'; '.join(doc.weeks_missed)}."
                )

        self.heading(f"3. {_('Essential digital platforms')}", 2)
        if content.get("platforms"):
            self.table(
                [_("Platform"), _("Households using it")],
                [(p["name"], p["figure"].explained()) for p in doc.platforms],
                [90, 75],
                numeric=(1,),
            )
        vneid = content.get("vneid")
        if vneid:
            self.para(
                _(
                    "VNeID (led by the commune police): %(using)s of %(households)s households "
                    "use it; %(visits)s support visits installed or activated VNeID or "
                    "integrated papers in it, helping %(people)s people in the quarter."
                )
                % {key: vneid[key] for key in ("using", "households", "visits", "people")}
            )
            if vneid.get("activated") is not None:  # reports frozen before the two steps: not
                self.para(
                    _(
                        "Of those accounts received, %(activated)s are activated (level 2) and "
                        "%(gap)s are received but not activated yet."
                    )
                    % {"activated": vneid["activated"], "gap": vneid["not_activated"]}
                )

        self.heading(f"4. {_('Support to residents')}", 2)
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
        self.para(text)
        self.heading(f"a) {_('By what was supported')}", 3)
        self.table(
            [_("What was supported"), _("Visits"), _("People helped")],
            [(r["name"], r["visits"], r["people"]) for r in content["visits_by_type"]],
            [95, 35, 35],
            numeric=(1, 2),
        )
        self.heading(f"b) {_('By method')}", 3)
        self.table(
            [_("How"), _("Visits"), _("People helped")],
            [(r["label"], r["visits"], r["people"]) for r in doc.visits_by_method]
            + [(_("Total"), visits["visits"], visits["people"])],
            [95, 35, 35],
            numeric=(1, 2),
            bold_last=True,
        )

        if doc.is_commune:
            self.heading(f"5. {_('Results by village and the commune team')}", 2)
            villages = len(doc.villages)
            text = ngettext(
                "The KPIs of the %(villages)s village team are in Annex I.",
                "The KPIs of the %(villages)s village teams are in Annex I.",
                villages,
            ) % {"villages": villages}
            if doc.village_reports:
                text += " " + _("The status of their quarterly reports is in Annex II.")
            self.para(text)
        else:
            self.heading(f"5. {_('Results by member')}", 2)
        if content.get("members"):
            self.table(
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
            self.para(_("No active member in this quarter."))
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
            self.para(text)

        self.heading(f"6. {_('Trainings')}", 2)
        if doc.trainings:
            self.table(
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
            self.para(_("No training in this quarter."))

        self.heading(f"7. {_('Communication')}", 2)
        communication = content["communication"]
        self.para(
            _("%(n)s communication activities reached %(households)s households.")
            % {"n": communication["activities"], "households": communication["households_reached"]}
        )
        self.table(
            [_("Channel"), _("Activities"), _("Households reached")],
            [(r["label"], r["activities"], r["households"]) for r in doc.by_channel],
            [95, 35, 35],
            numeric=(1, 2),
        )

        self.heading(f"8. {_('OCOP products on e-commerce')}", 2)
        if content.get("ocop"):
            self.table(
                [_("Product"), _("Producer"), _("Listed on")],
                [
                    (
                        p["name"] + (f" ({p['stars']}★)" if p.get("stars") else ""),
                        p["producer"],
                        ", ".join(p["platforms"]) if p["listed"] else _("not on e-commerce yet"),
                    )
                    for p in content["ocop"]
                ],
                [60, 50, 55],
            )
        else:
            self.para(_("No OCOP product."))

        results, difficulties, next_quarter = (part for _title, part in doc.narrative[:3])
        self.heading(f"9. {_('General assessment')}", 2)
        self.texts(results)
        self.heading(f"II. {_('Difficulties and obstacles')}", 1)
        self.texts(difficulties)
        self.heading(f"III. {_('Directions and tasks for the next quarter')}", 1)
        self.texts(next_quarter)

    def annexes(self):
        """The commune report's annexes, on a landscape page of their own."""
        doc = self.doc
        section = self.word.add_section(WD_SECTION.NEW_PAGE)
        _page(section, landscape=True)
        self.width = Mm(252)
        self._annex_title(_("Annex I"), _("KPIs of the village teams"))
        self.para(
            _("(Attached to the report of %(quarter)s)") % {"quarter": doc.quarter.label},
            italic=True,
            align=CENTER,
            after=8,
        )
        self.table(
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
        self.para(legend, indent=False, size=ANNEX_SIZE)
        if doc.village_reports:
            self._annex_title(_("Annex II"), _("Quarterly reports of the village teams"))
            self.table(
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
            self._annex_title(_("Annex III"), _("Members in charge of fewer than 20 households"))
            self.table(
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
            self._annex_title(_("Annex IV"), _("Data-quality check"))
            self.para(
                "(" + _("checked at %(at)s") % {"at": quality["checked_at"]} + ")",
                italic=True,
                align=CENTER,
            )
            self.table(
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
                    paragraph = self.para(indent=False, size=ANNEX_SIZE)
                    self.run(paragraph, f"{team['village']}: ", bold=True)
                    self.run(paragraph, team["explanation"])

    def _annex_title(self, number: str, title: str):
        first = self.para(number, bold=True, align=CENTER, size=14, after=0)
        first.paragraph_format.space_before = Pt(14)
        first.paragraph_format.keep_with_next = True
        self.para(
            title, bold=True, align=CENTER, size=14, after=6
        ).paragraph_format.keep_with_next = True

    # the year review's body (templates/reports/pdf/year.html)

    def year_body(self):
        doc = self.doc
        self.para(
            _(
                "This report sums up the results of the four quarters of %(year)s; the figures "
                "of each quarter are those of its last day."
            )
            % {"year": doc.year}
        )
        self.heading(f"I. {_('Results achieved')}", 1)
        self.heading(f"1. {_('The KPIs of the plan, quarter by quarter')}", 2)
        last = _("Met") if doc.year_over else _("Year result")
        self.table(
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
        self.para(legend, italic=True, indent=False, size=11)
        self.heading(f"2. {_('Activity by quarter')}", 2)
        totals = doc.activity_totals
        self.table(
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
        self.heading(f"3. {_('Emulation nominations')}", 2)
        if doc.nominations:
            self.table(
                [_("Ord."), _("Title"), _("Nominee"), _("Status")],
                [
                    (number, str(n["category_label"]), n["nominee"], str(n["status_label"]))
                    for number, n in enumerate(doc.nominations, start=1)
                ],
                [13, 59, 60, 35],
                centred=(0,),
            )
        else:
            self.para(_("No nomination yet this year."))


class _Note(str):
    """A note under a table cell's text: smaller, in italics."""


def _hours(hours) -> str:
    """Hours as the PDF writes them (floatformat:"-1"): 12 -> "12", 12.5 -> "12,5"."""
    value = float(hours or 0)
    return str(int(value)) if value == int(value) else f"{value:.1f}".replace(".", ",")
