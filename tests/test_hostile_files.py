"""Hostile uploads: every import refuses them at once, with a Vietnamese reason.

Each file is built here, as an attacker would: a blank-row bomb hidden beside an
incompressible dummy part, entity expansion, an external entity, a 50 MB upload, a classic
zip bomb, too many parts, a sheet that openpyxl would read twice. The tests assert the
mechanism (rows read, parts opened) and, as a generous bound only, the time taken.
"""

import io
import os
import time
import zipfile

import pytest
from openpyxl import Workbook

from binhdan import spreadsheets
from binhdan.spreadsheets import (
    BLANK_ROWS_END,
    MAX_UPLOAD_BYTES,
    Column,
    SpreadsheetError,
    read_table,
    workbook_bytes,
)

COLUMNS = [
    Column("name", "Họ và tên", required=True),
    Column("people", "Số nhân khẩu", kind="int"),
]
SHEET = "xl/worksheets/sheet1.xml"
SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>S\xe1\xbb\x91 nh\xc3\xa2n kh\xe1\xba\xa9u</t></is></c></row>'
)
#: A generous bound: a refused file answers in well under a second on a quiet machine.
FAST = 3.0


def base_parts() -> dict[str, bytes]:
    """The parts of a real workbook written by openpyxl (one sheet, the header row)."""
    workbook = Workbook()
    workbook.active.append(["Họ và tên", "Số nhân khẩu"])
    archive = zipfile.ZipFile(io.BytesIO(workbook_bytes(workbook)))
    return {name: archive.read(name) for name in archive.namelist()}


def package(parts: dict[str, bytes | object], *, sheet_rows=None) -> io.BytesIO:
    """A .xlsx of `parts`; `sheet_rows` (bytes chunks) streams a sheet of any size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name == SHEET and sheet_rows is not None:
                with archive.open(name, "w", force_zip64=True) as part:
                    part.write(SHEET_START + b"<sheetData>" + HEADER_ROW)
                    for chunk in sheet_rows:
                        part.write(chunk)
                    part.write(b"</sheetData></worksheet>")
            else:
                archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def sheet(rows: bytes) -> bytes:
    """A worksheet without <dimension>, as some programs write: the header row, then `rows`."""
    return SHEET_START + b"<sheetData>" + HEADER_ROW + rows + b"</sheetData></worksheet>"


def refused(upload, match: str, **kwargs):
    started = time.perf_counter()
    with pytest.raises(SpreadsheetError, match=match) as error:
        read_table(upload, COLUMNS, **kwargs)
    elapsed = time.perf_counter() - started
    assert elapsed < FAST, f"took {elapsed:.1f} s"
    return str(error.value)


# --- Zip bombs -----------------------------------------------------------------------------


def test_blank_row_bomb_beside_an_incompressible_dummy_part_is_refused_at_once():
    """The file of the report: 100 MB of blank rows in the sheet, an incompressible dummy part
    so that the whole archive looks only 125 times packed, and no <dimension>."""
    blank_rows = (b"<row/>" * 1_000_000 for _ in range(17))  # 102 MB
    parts = base_parts() | {"xl/media/dummy.bin": os.urandom(700 * 1024)}
    upload = package(parts, sheet_rows=blank_rows)
    assert upload.getbuffer().nbytes < 1024 * 1024
    message = refused(upload, "lớn hơn 25 MB khi giải nén")
    assert message == "Một phần của tệp lớn hơn 25 MB khi giải nén nên tệp đã bị từ chối."


def test_a_part_packed_like_a_zip_bomb_is_refused_even_when_the_whole_file_is_not():
    blank_rows = (b"<row/>" * 500_000 for _ in range(6))  # 18 MB, packed ~1000 times
    parts = base_parts() | {"xl/media/dummy.bin": os.urandom(700 * 1024)}
    message = refused(package(parts, sheet_rows=blank_rows), "nén chặt bất thường")
    assert "bom nén" in message


def test_classic_zip_bomb_is_refused():
    parts = base_parts() | {"xl/worksheets/sheet2.xml": b"\0" * (120 * 1024 * 1024)}
    refused(package(parts), "dung lượng giải nén lớn bất thường")


def test_a_file_of_thousands_of_parts_is_refused():
    parts = base_parts() | {f"xl/parts/p{n}.xml": b"<a/>" for n in range(1001)}
    refused(package(parts), "số phần nhiều bất thường")


def test_a_50_mb_upload_is_refused_after_reading_only_the_limit():
    class Upload(io.BytesIO):
        bytes_read = 0

        def read(self, size=-1):
            data = super().read(size)
            self.bytes_read += len(data)
            return data

    upload = Upload(b"PK\3\4" + b"\0" * (50 * 1024 * 1024))
    assert refused(upload, "5 MB") == "Tệp lớn hơn 5 MB."
    assert upload.bytes_read == MAX_UPLOAD_BYTES + 1


# --- Blank rows, rows read, time -----------------------------------------------------------


def test_a_million_blank_rows_end_the_list_after_a_few_hundred_are_read():
    """A sheet whose last row is row 1,048,576: openpyxl yields every blank row up to it."""
    rows = '<row r="2"><c r="A2" t="inlineStr"><is><t>Lê Văn A</t></is></c></row>'.encode()
    rows += b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    started = time.perf_counter()
    result = read_table(package(base_parts() | {SHEET: sheet(rows)}), COLUMNS)
    assert time.perf_counter() - started < FAST
    assert [row["name"] for row in result.rows] == ["Lê Văn A"]
    assert result.rows_read == 2 + BLANK_ROWS_END


def test_blank_rows_between_rows_count_toward_the_row_limit():
    """A row every 150 rows: never 200 blank rows in a row, but rows read stop at the limit."""
    rows = b"".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Hộ {n}</t></is></c></row>'.encode()
        for n in range(2, 1_000_000, 150)
    )
    message = refused(package(base_parts() | {SHEET: sheet(rows)}), "500 dòng", max_rows=500)
    assert message == (
        "Danh sách dài quá 500 dòng (kể cả các dòng trống xen giữa); "
        "hãy chia thành các tệp nhỏ hơn."
    )


def test_reading_stops_at_the_deadline():
    rows = b"".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Hộ {n}</t></is></c></row>'.encode()
        for n in range(2, 100)
    )
    message = refused(package(base_parts() | {SHEET: sheet(rows)}), "giây", max_seconds=0)
    assert message == (
        "Việc đọc tệp mất hơn 0 giây nên đã dừng lại; hãy chia thành các tệp nhỏ hơn."
    )


def test_a_sheet_without_dimension_is_read_once_and_completely(monkeypatch):
    rows = b"".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Hộ {n}</t></is></c>'
        f'<c r="B{n}"><v>{n % 9 + 1}</v></c></row>'.encode()
        for n in range(2, 302)
    )
    upload = package(base_parts() | {SHEET: sheet(rows)})
    opened = []
    real_open = zipfile.ZipFile.open

    def counting_open(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    monkeypatch.setattr(spreadsheets, "_refuse_doctype", lambda archive, info: None)
    result = read_table(upload, COLUMNS)
    assert len(result.rows) == 300
    assert result.rows[-1] == {"_row": 301, "name": "Hộ 301", "people": 5}
    assert opened.count(SHEET) == 1


def test_cells_far_to_the_right_are_not_read():
    rows = (
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>An</t></is></c><c r="XFD2"><v>1</v></c></row>'
    )
    result = read_table(package(base_parts() | {SHEET: sheet(rows)}), COLUMNS)
    assert result.rows == [{"_row": 2, "name": "An", "people": None}]


# --- XML entities --------------------------------------------------------------------------

DOCTYPE_REFUSED = (
    "Tệp chứa khai báo XML (DOCTYPE hoặc ENTITY) mà Excel và LibreOffice không bao giờ tạo ra "
    "nên đã bị từ chối để đảm bảo an toàn."
)


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    return (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()


def test_entity_expansion_is_refused():
    upload = package(base_parts() | {SHEET: billion_laughs()})
    assert refused(upload, "DOCTYPE") == DOCTYPE_REFUSED


def test_an_external_entity_is_refused_and_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Họ và tên\nbí mật")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    upload = package(base_parts() | {SHEET: xml})
    assert refused(upload, "DOCTYPE") == DOCTYPE_REFUSED


@pytest.mark.parametrize(
    "prolog",
    [
        "<!-- " + "x" * 10_000 + " -->",  # a comment before the DOCTYPE
        "\n" * 70_000,  # pushed past what is looked at
    ],
    ids=["after-a-comment", "after-70-kb-of-blank"],
)
def test_a_doctype_in_any_part_is_refused_wherever_it_hides(prolog):
    workbook = base_parts()["xl/workbook.xml"].decode()
    hidden = f'<?xml version="1.0"?>{prolog}<!DOCTYPE workbook [<!ENTITY x "y">]>{workbook}'
    refused(package(base_parts() | {"xl/workbook.xml": hidden.encode()}), "DOCTYPE")


def test_a_doctype_in_utf_16_is_refused():
    xml = billion_laughs().decode().replace('<?xml version="1.0"?>', "")
    upload = package(base_parts() | {SHEET: xml.encode("utf-16")})
    refused(upload, "DOCTYPE")


# --- Real files still pass -----------------------------------------------------------------


def test_blank_rows_between_blocks_and_formatted_blank_rows_below_are_read_as_one_list():
    workbook = Workbook()
    sheet_ = workbook.active
    sheet_.append(["DANH SÁCH HỘ DÂN"])
    sheet_.append(["Họ và tên", "Số nhân khẩu"])
    for block in range(3):
        for n in range(5):
            sheet_.append([f"Hộ {block}-{n}", n + 1])
        for _ in range(BLANK_ROWS_END - 1):
            sheet_.append([])
    for row in range(sheet_.max_row + 1, sheet_.max_row + 1001):  # a template's rows to fill
        sheet_.cell(row=row, column=1).number_format = "@"
    sheet_.append(["Hộ sau 1000 dòng trống", 2])
    result = read_table(io.BytesIO(workbook_bytes(workbook)), COLUMNS)
    assert len(result.rows) == 15
    assert result.rows[-1]["name"] == "Hộ 2-4"
