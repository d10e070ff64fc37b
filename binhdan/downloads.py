"""Files the portal hands out (reports, exports, import templates): one way to answer them."""

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": XLSX}


def attachment(body: bytes, filename: str) -> HttpResponse:
    """A download of `body` named `filename`; its type follows the extension (.pdf, .xlsx)."""
    response = HttpResponse(body, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
