"""Excel in and out, shared by every import and export of the portal.

Import (`read_table`): tolerant of real files: title rows above the header, blank rows,
trailing spaces, numbers typed as text, dates as date cells or dd/mm/yyyy text. Every bad
cell is reported with its row number, column and reason; the caller saves nothing unless
`errors` is empty (all or nothing).

Upload checks (`open_workbook`): size limit, a real .xlsx (by content, not by name), no
encrypted or old .xls files, no zip bombs (each part of the archive is checked on its own: its
size once unpacked and how tightly it is packed, so that an incompressible dummy part cannot
hide a bomb), no XML with DOCTYPE or entity declarations (entity expansion, external
entities). Reading (`read_table`) is bounded too: the first worksheet only, read once and
read-only, at most MAX_COLUMNS columns, the row limit counted on the rows read (blank rows in
between included), BLANK_ROWS_END blank rows in a row end the list, and a deadline. Each
refusal is a `SpreadsheetError` with a Vietnamese message for the user, given at once.

Export (`write_table`): real numbers and dates, Vietnamese headers, frozen header row,
column widths, and text that begins with = + - @ written so that no spreadsheet runs it.
A column can be text (`TEXT_FORMAT`): its cells are text cells and the column itself is
formatted as text, so that a phone number 0912345678, written by the portal or typed later
into a template in Excel or LibreOffice, keeps its leading 0 instead of becoming 912345678.

Large exports (`streamed_workbook`, `stream_table`, `workbook_file`): a write-only workbook
takes rows as they come from the database and writes them out at once, and the finished file
is a temporary file on disk handed to the response, so that memory stays flat whatever the
number of rows (issue 17).
"""

import codecs
import datetime
import io
import re
import tempfile
import time
import types
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from openpyxl import LXML, Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell._writer import _set_attributes, write_cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments.comment_sheet import CommentRecord
from openpyxl.compat import safe_string
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from binhdan.dates import wrong_parts
from binhdan.text import fold

MB = 1024 * 1024
MAX_UPLOAD_BYTES = 5 * MB
#: All parts of the archive together, once unpacked.
MAX_UNCOMPRESSED_BYTES = 100 * MB
#: Each part once unpacked: the worksheet of 20,000 households is about 9 MB.
MAX_PART_BYTES = 25 * MB
#: How much tighter than its packed size a part may unpack, for parts over RATIO_FLOOR_BYTES
#: (Excel and LibreOffice files: 3 to 13 times; a zip bomb: hundreds to a thousand).
MAX_COMPRESSION_RATIO = 100
RATIO_FLOOR_BYTES = 1 * MB
MAX_PARTS = 1000
#: A part's XML declaration and comments before its first element: a few dozen bytes in real
#: files. A DOCTYPE (entities) can only stand there.
MAX_PROLOG_BYTES = 64 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted .xlsx
HEADER_SEARCH_ROWS = 20
#: Columns read from each row; cells further right are ignored.
MAX_COLUMNS = 200
#: This many blank rows in a row end the list: what follows is not read. Real files have a
#: few blank rows between blocks and hundreds of formatted blank rows below the list (the
#: portal's own template has 1,000).
BLANK_ROWS_END = 200
#: Reading stops with a message past this many seconds (20,000 rows take about 2 s).
MAX_READ_SECONDS = 20
#: How a date written as text in a cell is read (a date cell is read as it is).
DATE_CELL_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Column:
    """One column of an import: its header, how to parse a cell, whether it is required.

    `kind` is one of "text", "int", "date", "bool", "decimal". `aliases` are other headers
    accepted for it (compared without diacritics or case).
    """

    key: str
    header: str
    kind: str = "text"
    required: bool = False
    aliases: tuple[str, ...] = ()
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self):
        return _("Row %(row)s, column “%(column)s”: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass(frozen=True)
class HeaderCell:
    """One cell of the header row as it was read: its column letter, the text in the file,
    and the import column it was taken as (`key` and that column's own header), or None
    for a column the import ignores ("STT", a column of the portal's export...)."""

    letter: str
    text: str
    key: str | None = None
    taken_as: str | None = None


class ReadFile:
    """What reading a file tells, for a result that keeps the header row as it was read
    (`header`) and the errors found (`errors`): shared by ImportResult and import previews."""

    header: list[HeaderCell]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def columns_read(self) -> list[HeaderCell]:
        return [cell for cell in self.header if cell.key]

    @property
    def ignored(self) -> list[HeaderCell]:
        return [cell for cell in self.header if not cell.key]


@dataclass
class ImportResult(ReadFile):
    rows: list[dict[str, Any]] = field(default_factory=list)  # each has "_row": its row number
    errors: list[RowError] = field(default_factory=list)
    header_row: int | None = None
    header: list[HeaderCell] = field(default_factory=list)
    rows_read: int = 0  # rows taken from the sheet, the header and the rows above it included

    def add_error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))


# --- Upload checks ------------------------------------------------------------------------


def open_workbook(upload, *, max_bytes: int = MAX_UPLOAD_BYTES):
    """Check an uploaded file and open its first worksheet read-only with openpyxl.

    `upload` is a Django UploadedFile, a path or a file object. The workbook returned has
    that one worksheet (`workbook.worksheets[0]`); close it after use.
    """
    data = _read_bytes(upload, max_bytes)
    if data.startswith(OLE_SIGNATURE):
        raise SpreadsheetError(
            _(
                "The file is password-protected or in the old .xls format. "
                "Remove the password or save it as Excel Workbook (.xlsx) and try again."
            )
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SpreadsheetError(_("The file is not an Excel .xlsx file.")) from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise SpreadsheetError(_("The file is not an Excel .xlsx file."))
    _check_parts(infos)
    try:
        for info in infos:
            if not info.filename.startswith("xl/media/"):  # images are never parsed
                _refuse_doctype(archive, info)
        return _FirstSheetReader(data).read()
    except SpreadsheetError:
        raise
    except Exception:  # openpyxl and zipfile raise many kinds on malformed content
        raise SpreadsheetError(_("The Excel file is damaged and cannot be read.")) from None


def _check_parts(infos) -> None:
    """Refuse a zip bomb: too many parts, too much once unpacked, or a part packed far tighter
    than a spreadsheet ever is. Each part is judged on its own: an incompressible dummy part
    must not hide a bomb beside it. (zipfile never unpacks a part beyond its declared size.)"""
    if len(infos) > MAX_PARTS:
        raise SpreadsheetError(
            _("The file is made of abnormally many parts (more than %(n)s) and was refused.")
            % {"n": MAX_PARTS}
        )
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise SpreadsheetError(_("The file is abnormally large once unpacked and was refused."))
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise SpreadsheetError(
                _("A part of the file is larger than %(size)s MB once unpacked; it was refused.")
                % {"size": MAX_PART_BYTES // MB}
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > MAX_COMPRESSION_RATIO:
            raise SpreadsheetError(
                _(
                    "A part of the file is packed abnormally tightly (more than %(ratio)s "
                    "times), as in a zip bomb; it was refused."
                )
                % {"ratio": MAX_COMPRESSION_RATIO}
            )


# Whitespace, the XML declaration, processing instructions and comments: what may stand
# before a document's first element, besides a DOCTYPE.
_PROLOG = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.S)


def _refuse_doctype(archive, info) -> None:
    """Refuse a part whose XML has a DOCTYPE: Excel and LibreOffice never write one, and it is
    how entity expansion ("billion laughs") and external entities (reading server files) come
    in. A DOCTYPE may only stand in the prolog, before the first element."""
    with archive.open(info) as part:
        head = part.read(MAX_PROLOG_BYTES)
    text = _xml_text(head)
    end = _PROLOG.match(text).end()
    long_prolog = end == len(text) and len(head) == MAX_PROLOG_BYTES
    if text.startswith("<!", end) or long_prolog:
        raise SpreadsheetError(
            _(
                "The file contains XML declarations (DOCTYPE or ENTITY) that Excel and "
                "LibreOffice never write; it was refused for safety."
            )
        )


def _xml_text(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "replace")
    if head.startswith(b"<\0"):
        return head.decode("utf-16-le", "replace")
    if head.startswith(b"\0<"):
        return head.decode("utf-16-be", "replace")
    return head.decode("utf-8", "replace").removeprefix("\ufeff")


class _UnsizedWorksheet(ReadOnlyWorksheet):
    """openpyxl's read-only worksheet, not sized when opened: openpyxl looks for the sheet's
    `<dimension>` and, in a sheet without one, parses the whole sheet just to size it, before
    reading it again row by row. The rows are read once, as wide as asked (MAX_COLUMNS)."""

    def _get_size(self):
        pass


class _FirstSheetReader(ExcelReader):
    """openpyxl's reader (`load_workbook`), reading only what an import needs: the shared
    strings, the styles (which numbers are dates) and the first worksheet. Other sheets,
    document properties, the theme and charts are never parsed."""

    def __init__(self, data: bytes):
        super().__init__(
            io.BytesIO(data), read_only=True, keep_vba=False, data_only=True, keep_links=False
        )

    def read(self):
        self.read_manifest()
        self.read_strings()
        self.read_workbook()
        apply_stylesheet(self.archive, self.wb)
        for sheet, rel in self.parser.find_sheets():
            if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                worksheet = _UnsizedWorksheet(self.wb, sheet.name, rel.target, self.shared_strings)
                self.wb._sheets.append(worksheet)
                break
        else:
            raise SpreadsheetError(_("The Excel file is damaged and cannot be read."))
        return self.wb


def _read_bytes(upload, max_bytes: int) -> bytes:
    if isinstance(upload, (str, bytes)) or hasattr(upload, "__fspath__"):
        with open(upload, "rb") as handle:
            data = handle.read(max_bytes + 1)
    else:
        if hasattr(upload, "seek"):
            upload.seek(0)
        data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise SpreadsheetError(
            _("The file is larger than %(size)s MB.") % {"size": max_bytes // (1024 * 1024)}
        )
    if not data:
        raise SpreadsheetError(_("The file is empty."))
    return data


# --- Import -------------------------------------------------------------------------------


def read_table(
    upload,
    columns: list[Column],
    *,
    max_rows: int = 50_000,
    max_seconds: float = MAX_READ_SECONDS,
) -> ImportResult:
    """Read the first sheet of an uploaded workbook into dicts keyed by `Column.key`.

    At most `max_rows` rows below the header are read (blank rows between rows count too),
    and for at most `max_seconds`, opening the file included.
    """
    deadline = time.monotonic() + max_seconds
    workbook = open_workbook(upload)
    try:
        sheet = workbook.worksheets[0]
        rows = _until(deadline, max_seconds, sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True))
        return read_rows(rows, columns, max_rows=max_rows)
    except SpreadsheetError:
        raise
    except Exception:  # malformed XML further down the sheet
        raise SpreadsheetError(_("The Excel file is damaged and cannot be read.")) from None
    finally:
        workbook.close()


def _until(deadline: float, max_seconds: float, rows: Iterable[tuple]):
    for values in rows:
        if time.monotonic() > deadline:
            raise SpreadsheetError(
                _(
                    "Reading the file took more than %(seconds)s seconds and was stopped; "
                    "split it into smaller files."
                )
                % {"seconds": max_seconds}
            )
        yield values


def read_rows(rows: Iterable[tuple], columns: list[Column], *, max_rows: int = 50_000):
    """Rows (tuples of cell values) into an ImportResult. `rows_read` tells how many rows were
    taken from `rows`: the list ends at BLANK_ROWS_END blank rows in a row."""
    result = ImportResult()
    rows = iter(rows)
    header_row, positions, header_values = _find_header(rows, columns)
    missing = [c.header for c in columns if c.required and c.key not in positions]
    if header_row is None or missing:
        expected = ", ".join(f"“{c.header}”" for c in columns if c.required)
        raise SpreadsheetError(
            _(
                "No header row with the columns %(columns)s was found in the first "
                "%(n)s rows. Use the template offered on this page."
            )
            % {"columns": expected, "n": HEADER_SEARCH_ROWS}
        )
    result.header_row = result.rows_read = header_row
    taken_as = {index: key for key, index in positions.items()}
    headers = {c.key: c.header for c in columns}
    for index, value in enumerate(header_values):
        if not _is_blank(value):
            text = " ".join(str(value).split())
            key = taken_as.get(index)
            result.header.append(
                HeaderCell(get_column_letter(index + 1), text, key, headers.get(key))
            )
    blank_run = 0
    for number, values in enumerate(rows, start=header_row + 1):
        result.rows_read = number
        cells = {c.key: _cell(values, positions.get(c.key)) for c in columns}
        if all(_is_blank(v) for v in cells.values()):
            blank_run += 1
            if blank_run >= BLANK_ROWS_END:
                break  # the end of the list: formatted rows left to fill, or padding
            continue
        blank_run = 0
        if number - header_row > max_rows:
            raise SpreadsheetError(
                _(
                    "The list runs past %(n)s rows (blank rows in between included); "
                    "split it into smaller files."
                )
                % {"n": max_rows}
            )
        parsed = {"_row": number}
        for column in columns:
            try:
                parsed[column.key] = parse_cell(cells[column.key], column)
            except ValueError as error:
                result.add_error(number, column.header, str(error))
        result.rows.append(parsed)
    return result


def _find_header(rows, columns):
    wanted = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            wanted[fold(name).rstrip(" *")] = column.key
    for number, values in enumerate(rows, start=1):
        if number > HEADER_SEARCH_ROWS:
            break
        positions = {}
        for index, value in enumerate(values or ()):
            key = wanted.get(fold(str(value)).rstrip(" *")) if value is not None else None
            if key and key not in positions:
                positions[key] = index
        if positions and all(c.key in positions for c in columns if c.required):
            return number, positions, tuple(values or ())
    return None, {}, ()


def _cell(values, index):
    if index is None or values is None or index >= len(values):
        return None
    return values[index]


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


TRUE_WORDS = {"x", "co", "1", "true", "yes", "dung", "v"}
FALSE_WORDS = {"", "khong", "0", "false", "no", "sai"}


def parse_cell(value, column: Column):
    """Parse one cell for `column`; raise ValueError with a Vietnamese reason."""
    if isinstance(value, str):
        value = " ".join(value.split())
    if _is_blank(value):
        if column.required:
            raise ValueError(_("is required"))
        return False if column.kind == "bool" else ("" if column.kind == "text" else None)
    kind = column.kind
    if kind == "text":
        text = str(value)
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))  # a phone number typed as a number
        if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
            text = text[1:]  # the quote `safe_value` put before text that looks like a formula
        if column.max_length and len(text) > column.max_length:
            raise ValueError(_("is longer than %(n)s characters") % {"n": column.max_length})
        return text
    if kind == "int":
        number = _to_decimal(value)
        if number is None or number != number.to_integral_value():
            raise ValueError(_("“%(value)s” is not a whole number") % {"value": value})
        number = int(number)
        if column.min_value is not None and number < column.min_value:
            raise ValueError(_("must be at least %(n)s") % {"n": column.min_value})
        if column.max_value is not None and number > column.max_value:
            raise ValueError(_("must be at most %(n)s") % {"n": column.max_value})
        return number
    if kind == "decimal":
        number = _to_decimal(value)
        if number is None:
            raise ValueError(_("“%(value)s” is not a number") % {"value": value})
        return number
    if kind == "date":
        return _to_date(value)
    if kind == "bool":
        word = fold(str(value))
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(_("write “x” or “có” for yes, leave empty for no"))
    raise AssertionError(f"unknown column kind {kind}")


def _to_decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = str(value).strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # Vietnamese decimal comma
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _to_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for pattern in DATE_CELL_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    reasons = wrong_parts(text, DATE_CELL_FORMATS)
    if reasons:
        raise ValueError(
            _("“%(value)s” is not a date: %(reasons)s")
            % {"value": value, "reasons": "; ".join(reasons)}
        )
    raise ValueError(_("“%(value)s” is not a date (write dd/mm/yyyy)") % {"value": value})


# --- Export -------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "dd/mm/yyyy"
TEXT_FORMAT = "@"  # Excel's and LibreOffice's "Text": what is typed stays as typed
TEMPLATE_BLANK_ROWS = 1000


def safe_value(value):
    """A cell value no spreadsheet will run: text starting with = + - @ gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class ExportColumn:
    header: str
    value: Callable[[Any], Any]
    width: int = 15
    # e.g. PERCENT_FORMAT, or TEXT_FORMAT for phone numbers; dates get dd/mm/yyyy anyway.
    # It is also the format of the whole column, for what is typed below the table.
    number_format: str | None = None

    def cell_value(self, item):
        value = self.value(item)
        if self.number_format == TEXT_FORMAT and value is not None:
            return str(value)
        return value


def write_table(
    sheet, columns: list[ExportColumn], items: Iterable, *, title: str = "", blank_rows: int = 0
):
    """Write a header row (after an optional title row) and one row per item.

    `blank_rows` empty rows follow the items, each cell already in its column's format
    (a template's rows to fill), for programs that do not apply a column's own format.
    Returns the number of items written.
    """
    if title:
        sheet.append([safe_value(title)])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    header_row = sheet.max_row + 1 if title else 1
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=header_row, column=index, value=safe_value(column.header))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.number_format:
            dimension.number_format = column.number_format
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    print_setup(sheet, header_row, columns)
    row_number = header_row
    for item in items:
        row_number += 1
        for index, column in enumerate(columns, start=1):
            value = column.cell_value(item)
            cell = sheet.cell(row=row_number, column=index, value=safe_value(value))
            if column.number_format:
                cell.number_format = column.number_format
            elif isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
    written = row_number - header_row
    for blank in range(row_number + 1, row_number + 1 + blank_rows):
        for index, column in enumerate(columns, start=1):
            if column.number_format:
                sheet.cell(row=blank, column=index).number_format = column.number_format
    return written


#: Wider than this (in characters, the sum of the columns' widths), a sheet prints landscape.
PORTRAIT_WIDTH = 100


def print_setup(sheet, header_row: int, columns) -> None:
    """Ready to print as offices do: A4, landscape when the table is wide, every column on
    the width of the page, and the header row repeated on each printed page."""
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    wide = sum(column.width for column in columns) > PORTRAIT_WIDTH
    sheet.page_setup.orientation = "landscape" if wide else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


def append_total(sheet, label: str, values: dict[int, Any]) -> None:
    """A bold "Total" row under a table: `values` maps a column number to its total."""
    row = sheet.max_row + 1
    sheet.cell(row=row, column=1, value=safe_value(label)).font = HEADER_FONT
    for column, value in values.items():
        sheet.cell(row=row, column=column, value=value).font = HEADER_FONT


TEMPLATE_FORMATS = {"date": DATE_FORMAT, "text": TEXT_FORMAT}


def template_workbook(columns: list[Column], *, title: str, example: dict | None = None):
    """An import template: a title row, the Vietnamese headers (required ones with *), an
    optional example row, then rows to fill; text columns (names, phones...) are text-formatted
    so that Excel and LibreOffice keep a phone's leading 0, dates are dd/mm/yyyy."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    export_columns = [
        ExportColumn(
            header=c.header + (" *" if c.required else ""),
            value=lambda row, key=c.key: row.get(key),
            width=max(12, len(c.header) + 4),
            number_format=TEMPLATE_FORMATS.get(c.kind),
        )
        for c in columns
    ]
    rows = [example] if example else []
    write_table(sheet, export_columns, rows, title=title, blank_rows=TEMPLATE_BLANK_ROWS)
    return workbook


def streamed_workbook(title: str):
    """A write-only workbook and its one sheet named `title`, for `stream_table`."""
    workbook = Workbook(write_only=True)
    return workbook, workbook.create_sheet(title[:31])


#: Rows between two calls of a streamed table's `progress`.
PROGRESS_EVERY = 2000


def stream_table(
    sheet,
    columns: list[ExportColumn],
    items: Iterable,
    *,
    title: str = "",
    progress: Callable[[int], None] | None = None,
) -> int:
    """`write_table` for a write-only sheet: the same title, header, widths, formats, frozen
    header and print setup, each row written out as soon as it is read. Returns the number
    of items written; `progress(rows written)` is called every PROGRESS_EVERY rows (an export
    job's progress page)."""
    for index, column in enumerate(columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.number_format:
            dimension.number_format = column.number_format
    header_row = 2 if title else 1
    # The sheet's views and page setup are written with its first row: they come first too.
    sheet.freeze_panes = f"A{header_row + 1}"
    print_setup(sheet, header_row, columns)
    sheet._get_writer()  # writes the sheet's top: views, columns (set above)
    if not LXML:
        sheet._writer.write_row = types.MethodType(_write_row_as_text, sheet._writer)
        sheet._values_to_row = lambda values, row_idx: values  # the writer takes them as they are
    if title:
        cell = WriteOnlyCell(sheet, value=safe_value(title))
        cell.font = Font(bold=True, size=13)
        sheet.append([cell])
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=safe_value(column.header))
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.append(header)
    written = 0
    for item in items:
        row = []
        for column in columns:
            value = safe_value(column.cell_value(item))
            if value is not None and (column.number_format or isinstance(value, datetime.date)):
                value = WriteOnlyCell(sheet, value=value)
                value.number_format = column.number_format or DATE_FORMAT
            row.append(value)
        sheet.append(row)
        written += 1
        if progress is not None and written % PROGRESS_EVERY == 0:
            progress(written)
    return written


def _write_row_as_text(writer, xf, values, row_idx) -> None:
    """openpyxl's `WorksheetWriter.write_row` for a write-only sheet whose appended rows come
    here as they were appended (`_values_to_row` skipped), the XML built as text. Without
    lxml, openpyxl makes a cell of each value, then serialises it as an element through a
    pure-Python XML writer: nine tenths of a large export's time (issue 17). The markup is
    the one it writes (inline strings, `xml:space` for text with spaces at its ends, dates as
    numbers in their cell's format); a value of another kind becomes a cell as openpyxl makes
    it, and a formula, rich text, a link or a comment goes through openpyxl's own writer."""
    worksheet = writer.ws
    out = [f'<row r="{row_idx}">']
    for column, value in enumerate(values, start=1):
        if value is None:
            continue
        kind = type(value)
        if kind is str and not value.startswith("="):
            if ILLEGAL_CHARACTERS_RE.search(value):
                raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
            out.append(f'<c r="{get_column_letter(column)}{row_idx}" t="inlineStr"')
            out.append(_inline_string(value) if value else "/>")
            continue
        if kind is bool:
            out.append(f'<c r="{get_column_letter(column)}{row_idx}" t="b"><v>{int(value)}</v></c>')
            continue
        if kind in (int, float, Decimal):
            out.append(
                f'<c r="{get_column_letter(column)}{row_idx}" t="n"><v>{safe_string(value)}</v></c>'
            )
            continue
        cell = value if isinstance(value, Cell) else WriteOnlyCell(worksheet, value=value)
        cell.row, cell.column = row_idx, column
        rich = cell.data_type == "s" and not isinstance(cell._value, str)
        if cell._comment is not None or cell.hyperlink or rich or cell.data_type not in "snbd":
            xf._file("".join(out))
            out = []
            if cell._comment is not None:
                worksheet._comments.append(CommentRecord.from_cell(cell))
            write_cell(xf, worksheet, cell, cell.has_style)
            continue
        if cell._value is None and not cell.has_style:
            continue
        value, attributes = _set_attributes(cell, cell.has_style)
        out.append("<c " + " ".join(f'{key}="{item}"' for key, item in attributes.items()))
        if value is None or value == "":
            out.append("/>")
        elif cell.data_type == "s":
            out.append(_inline_string(value))
        else:
            out.append(f"><v>{safe_string(value)}</v></c>")
    out.append("</row>")
    xf._file("".join(out))


def _inline_string(text: str) -> str:
    """The rest of an inline string cell, after its attributes."""
    space = ' xml:space="preserve"' if text.strip() and text != text.strip() else ""
    return f"><is><t{space}>{escape(text)}</t></is></c>"


def workbook_file(workbook):
    """The workbook saved into a temporary file (deleted once closed), read from its start:
    for a `FileResponse`, with no copy of the file in memory."""
    file = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    try:
        workbook.save(file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
