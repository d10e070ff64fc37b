"""The Word copy (bản Word) of a report: the same document as its PDF, for the office to
correct before it is signed.

Built with python-docx from the same `ReportDocument` (a quarterly report) or `YearDocument`
(a year review) as the PDF and the Excel workbook, or from the Department's
`ProvinceDocument`, in the form of Decree 30/2020/NĐ-CP (form.py: page, fonts, header table,
signature block, page numbers, the trend chart as a picture); what each kind of report says is
in quarterly.py, year.py and province.py. A wide annex is a landscape section. Always in
Vietnamese, like the PDF.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from reports.reporting.documents import ReportDocument, YearDocument
from reports.reporting.word import province, quarterly, year
from reports.reporting.word.form import DecreeWriter


def report_docx(document: ReportDocument) -> bytes:
    """A quarterly report, or (a YearDocument) a year review, as a .docx file."""
    with translation.override("vi"):
        writer = DecreeWriter(document)
        writer.header()
        if isinstance(document, YearDocument):
            year.body(writer)
            writer.closing(f"II. {_('General assessment')}")
        else:
            quarterly.body(writer)
            writer.closing(f"IV. {_('Proposals and recommendations')}")
            if document.is_commune:
                quarterly.annexes(writer)
        return writer.save()


def province_docx(document) -> bytes:
    """The province's summary report (a `ProvinceDocument`) as a .docx file; in Vietnamese,
    like the document it is given (reports/reporting/province_files.py)."""
    with translation.override("vi"):
        writer = DecreeWriter(document)
        writer.header()
        province.body(writer)
        writer.closing(f"III. {_('Proposals and recommendations')}")
        province.annex(writer)
        return writer.save()
