"""The PDF of a quarterly report, in the form of Decree 30/2020/NĐ-CP, on binhdan/pdf.py.

Always in Vietnamese (a document the commune signs and sends), whatever the reader's
language; every value comes from the report's content (its snapshot once submitted), and
the narrative is plain text escaped by the template. The same document asked for again is
read back, not laid out again (binhdan/pdf.py `render_pdf_kept`).
"""

from django.template.loader import render_to_string
from django.utils import translation

from binhdan.pdf import render_pdf_kept
from reports.reporting.documents import ReportDocument, YearDocument


def report_pdf(document: ReportDocument) -> bytes:
    """A quarterly report, or (a YearDocument) a year review."""
    template = "reports/pdf/year.html" if isinstance(document, YearDocument) else None
    with translation.override("vi"):
        html = render_to_string(template or "reports/pdf/report.html", {"doc": document})
        return render_pdf_kept(html)
