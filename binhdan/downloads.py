"""Files the portal hands out (reports, exports, import templates): one way to answer them."""

from django.http import FileResponse, HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {"pdf": "application/pdf", "xlsx": XLSX, "docx": DOCX}


def attachment(body: bytes, filename: str) -> HttpResponse:
    """A download of `body` named `filename`; its type follows the extension (.pdf, .xlsx, .docx)."""
    response = HttpResponse(body, content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def file_attachment(file, filename: str) -> FileResponse:
    """A download of an open binary `file` (a temporary file: closed, so deleted, once sent)
    named `filename`, streamed in blocks rather than held in memory."""
    return FileResponse(
        file,
        as_attachment=True,
        filename=filename,
        content_type=CONTENT_TYPES[filename.rsplit(".", 1)[-1]],
    )
