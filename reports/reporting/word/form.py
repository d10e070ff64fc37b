"""The form of Decree 30/2020/NĐ-CP (appendix I) as a Word file: A4, margins 20 mm top and
bottom, 30 mm left, 15 mm right, Times New Roman 13 pt named for every script (so that Word and
LibreOffice do not fall back on a theme font), the header table with the issuing body and the
national motto, "Số:" and the place and date, the title, paragraphs, headings and bordered
tables, a picture, "Nơi nhận" and the signature block; page numbers centred at the top from
page 2. What a document says is written by the modules beside this one, through `DecreeWriter`.

`DecreeWriter` takes any document with the pieces of the form (issuing_body, number_label,
place_date, is_draft, subject, data_cutoff, recipient, closing, copies_to, signature,
signer_name): a `ReportDocument`, a `YearDocument` or a `ProvinceDocument`.
"""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from reports.kpis import charts

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


def _number_from_one(section):
    """The section's pages numbered from 1 (`w:pgNumType w:start`, in its place among the
    section's properties)."""
    properties = section._sectPr
    numbering = properties.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        properties.insert_element_before(
            numbering,
            *(
                "w:cols",
                "w:formProt",
                "w:vAlign",
                "w:noEndnote",
                "w:titlePg",
                "w:textDirection",
                "w:bidi",
                "w:rtlGutter",
                "w:docGrid",
                "w:printerSettings",
                "w:sectPrChange",
            ),
        )
    numbering.set(qn("w:start"), "1")


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


class DecreeWriter:
    """Writes a document in the Decree 30 form, part by part, into `self.word`."""

    def __init__(self, doc):
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
            note = isinstance(line, Note)
            self.run(
                paragraph,
                "—" if line is None else str(line),
                bold=bold,
                italic=note,
                size=size - 1.5 if note else size,
            )

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

    def picture(self, png: bytes, width=None):
        """A picture (the trend chart) centred on a line of its own, `width` (a Length) or
        the text's width, its height in proportion."""
        paragraph = self.para(align=CENTER, after=6, indent=False)
        paragraph.add_run().add_picture(io.BytesIO(png), width=width or self.width)
        return paragraph

    def trend_chart(self):
        """The document's trend chart, the SVG of its PDF as a picture."""
        return self.picture(charts.png(self.doc.chart))

    def annex_section(self):
        """The rest on landscape pages of their own (an annex), the text as wide as they
        allow, numbered from 1 apart from the report's pages (Decree 30 numbers an annex's
        pages apart), the first unnumbered like the report's (as in the PDF)."""
        section = self.word.add_section(WD_SECTION.NEW_PAGE)
        _page(section, landscape=True)
        section.different_first_page_header_footer = True
        _number_from_one(section)
        self.width = Mm(252)

    def annex_title(self, number: str, title: str):
        self.para(
            number, bold=True, align=CENTER, size=14, after=0
        ).paragraph_format.keep_with_next = True
        self.para(
            title, bold=True, align=CENTER, size=14, after=6
        ).paragraph_format.keep_with_next = True

    def next_annex(self, number: str, title: str):
        """Another annex: pages of its own, numbered apart, and its title."""
        self.annex_section()
        self.annex_title(number, title)

    def first_annex(self, number: str, title: str, quarter):
        """The first annex: pages of its own, its title, and what report it is attached to."""
        self.next_annex(number, title)
        self.para(
            _("(Attached to the report of %(quarter)s)") % {"quarter": quarter.label},
            italic=True,
            align=CENTER,
            after=8,
        )

    def save(self) -> bytes:
        out = io.BytesIO()
        self.word.save(out)
        return out.getvalue()


class Note(str):
    """A note under a table cell's text: smaller, in italics."""
