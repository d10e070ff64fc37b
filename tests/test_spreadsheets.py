"""binhdan.spreadsheets: tolerant import, upload checks and safe export, on real files."""

import datetime
import io
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from binhdan.spreadsheets import (
    TEXT_FORMAT,
    Column,
    ExportColumn,
    SpreadsheetError,
    read_table,
    stream_table,
    streamed_workbook,
    template_workbook,
    workbook_bytes,
    workbook_file,
    write_table,
)

COLUMNS = [
    Column("name", "Họ và tên", required=True, max_length=20),
    Column("people", "Số nhân khẩu", kind="int", min_value=1),
    Column("born", "Ngày sinh", kind="date"),
    Column("elderly", "Có người cao tuổi", kind="bool"),
]


def xlsx(rows) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    return io.BytesIO(workbook_bytes(workbook))


def test_reads_a_real_world_file_with_title_rows_blank_rows_and_text_numbers():
    result = read_table(
        xlsx(
            [
                ["DANH SÁCH HỘ DÂN THÔN ĐÔNG"],
                [],
                ["  họ và TÊN ", "Số nhân khẩu", "Ngày sinh", "Có người cao tuổi"],
                ["Nguyễn Văn An  ", " 4 ", "05/03/1950", "x"],
                [None, None, None, None],
                ["Trần Thị Bình", 3, datetime.datetime(1960, 1, 2), ""],
            ]
        ),
        COLUMNS,
    )
    assert result.ok, result.errors
    assert result.rows == [
        {
            "_row": 4,
            "name": "Nguyễn Văn An",
            "people": 4,
            "born": datetime.date(1950, 3, 5),
            "elderly": True,
        },
        {
            "_row": 6,
            "name": "Trần Thị Bình",
            "people": 3,
            "born": datetime.date(1960, 1, 2),
            "elderly": False,
        },
    ]


def test_every_bad_cell_is_reported_with_row_and_column():
    result = read_table(
        xlsx(
            [
                ["Họ và tên", "Số nhân khẩu", "Ngày sinh"],
                ["", "bốn", "31/02/1950"],
                ["Lê Văn C", "0", "1/1/1970"],
                ["Lê Văn D", "2", "15/13/1970"],
                ["Lê Văn E", "2", "1970"],
            ]
        ),
        COLUMNS,
    )
    messages = [str(e) for e in result.errors]
    assert messages == [
        "Dòng 2, cột “Họ và tên”: bắt buộc phải có",
        "Dòng 2, cột “Số nhân khẩu”: “bốn” không phải là số nguyên",
        "Dòng 2, cột “Ngày sinh”: “31/02/1950” không phải là ngày có thật: "
        "tháng 2 năm 1950 không có ngày 31",
        "Dòng 3, cột “Số nhân khẩu”: phải từ 1 trở lên",
        "Dòng 4, cột “Ngày sinh”: “15/13/1970” không phải là ngày có thật: tháng phải từ 1 đến 12",
        "Dòng 5, cột “Ngày sinh”: “1970” không phải là ngày "
        "(ghi theo dạng ngày/tháng/năm, ví dụ 25/11/2026)",
    ]


def test_missing_header_is_a_clear_error():
    with pytest.raises(SpreadsheetError, match="Họ và tên"):
        read_table(xlsx([["Tên", "Tuổi"], ["A", 1]]), COLUMNS)


def test_not_an_xlsx_is_refused_by_content_not_name():
    with pytest.raises(SpreadsheetError, match="không phải là tệp Excel"):
        read_table(io.BytesIO(b"ho_ten,so_nhan_khau\nA,1\n"), COLUMNS)


def test_encrypted_or_old_xls_is_refused():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    with pytest.raises(SpreadsheetError, match="mật khẩu"):
        read_table(io.BytesIO(data), COLUMNS)


def test_too_large_a_file_is_refused():
    with pytest.raises(SpreadsheetError, match="5 MB"):
        read_table(io.BytesIO(b"x" * (5 * 1024 * 1024 + 1)), COLUMNS)


def test_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (120 * 1024 * 1024))
    with pytest.raises(SpreadsheetError, match="bất thường"):
        read_table(buffer, COLUMNS)


def with_cached_values(buffer: io.BytesIO, cached: dict[str, str]) -> io.BytesIO:
    """Rewrite a workbook's formula cells as Excel saves them: formula plus cached value."""
    source, target = zipfile.ZipFile(buffer), io.BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                for cell, value in cached.items():
                    text = text.replace(f'<c r="{cell}"><f>', f'<c r="{cell}" t="str"><f>', 1)
                    start = text.index(f'<c r="{cell}"')
                    # an empty value: "<v />" from openpyxl's own writer, "<v></v>" with lxml
                    rest = re.sub(r"<v ?/>|<v></v>", f"<v>{value}</v>", text[start:], count=1)
                    text = text[:start] + rest
                data = text.encode()
            archive.writestr(info, data)
    target.seek(0)
    return target


def test_formula_cells_are_read_as_their_values_never_evaluated():
    upload = with_cached_values(
        xlsx(
            [
                ["Họ và tên", "Số nhân khẩu"],
                ['="Nguyễn"&" Văn A"', '=WEBSERVICE("http://127.0.0.1:9/x")'],
                ['=HYPERLINK("http://127.0.0.1:9/","Bấm")', 4],
            ]
        ),
        {"A2": "Nguyễn Văn A", "B2": "3", "A3": "Trần Thị B"},
    )
    result = read_table(upload, COLUMNS)
    # The value Excel saved is taken; the formula text is never seen, never run.
    assert result.ok, [str(error) for error in result.errors]
    assert [row["name"] for row in result.rows] == ["Nguyễn Văn A", "Trần Thị B"]
    assert [row["people"] for row in result.rows] == [3, 4]


def test_export_writes_real_types_and_neutralises_formulas():
    workbook = Workbook()
    columns = [
        ExportColumn("Họ và tên", lambda r: r[0], width=30),
        ExportColumn("Ngày", lambda r: r[1]),
        ExportColumn("Tỷ lệ", lambda r: r[2], number_format="0.0%"),
    ]
    write_table(workbook.active, columns, [('=HYPERLINK("x")', datetime.date(2026, 3, 5), 0.8)])
    sheet = load_workbook(io.BytesIO(workbook_bytes(workbook))).active
    assert sheet["A1"].value == "Họ và tên" and sheet.freeze_panes == "A2"
    assert sheet["A2"].value == '\'=HYPERLINK("x")' and sheet["A2"].data_type == "s"
    assert (
        sheet["B2"].value == datetime.datetime(2026, 3, 5)
        and sheet["B2"].number_format == "dd/mm/yyyy"
    )
    assert sheet["C2"].value == 0.8 and sheet["C2"].number_format == "0.0%"
    assert sheet.column_dimensions["A"].width == 30


def test_a_text_column_writes_text_cells_and_formats_the_rows_left_to_fill():
    workbook = Workbook()
    columns = [
        ExportColumn("Họ và tên", lambda r: r[0]),
        ExportColumn("Số điện thoại", lambda r: r[1], number_format=TEXT_FORMAT),
        ExportColumn("Ngày", lambda r: r[2], number_format="dd/mm/yyyy"),
    ]
    rows = [("Nguyễn Văn An", "0912345678", None), ("Trần Thị Bình", None, None)]
    assert write_table(workbook.active, columns, rows, blank_rows=3) == 2
    sheet = load_workbook(io.BytesIO(workbook_bytes(workbook))).active
    phone = sheet["B2"]
    assert (phone.value, phone.data_type, phone.number_format) == ("0912345678", "s", "@")
    assert sheet["B3"].value is None and sheet["B3"].number_format == "@"
    for row in (4, 5, 6):  # the rows left to fill, each in its column's format
        assert sheet[f"B{row}"].number_format == "@" and sheet[f"B{row}"].value is None
        assert sheet[f"C{row}"].number_format == "dd/mm/yyyy"
        assert sheet[f"A{row}"].number_format == "General"
    assert sheet.column_dimensions["B"].number_format == "@"  # and every row below
    assert sheet.column_dimensions["A"].number_format == "General"


def test_a_number_in_a_text_column_is_written_as_its_text():
    workbook = Workbook()
    column = ExportColumn("Số điện thoại", lambda r: r, number_format=TEXT_FORMAT)
    write_table(workbook.active, [column], [912345678])
    cell = load_workbook(io.BytesIO(workbook_bytes(workbook))).active["A2"]
    assert (cell.value, cell.data_type) == ("912345678", "s")


def test_a_streamed_table_reads_back_as_the_same_table_written_in_memory():
    columns = [
        ExportColumn("Họ và tên", lambda r: r[0], width=30),
        ExportColumn("Số điện thoại", lambda r: r[1], number_format=TEXT_FORMAT),
        ExportColumn("Số nhân khẩu", lambda r: r[2]),
        ExportColumn("Ngày", lambda r: r[3]),
        ExportColumn("Tỷ lệ", lambda r: r[4], number_format="0.0%"),
        ExportColumn("Có", lambda r: r[5]),
    ]
    rows = [
        ("Nguyễn Văn An", "0912345678", 4, datetime.date(2026, 3, 5), 0.8, True),
        ('=HYPERLINK("x")', 912345678, 0, None, 1 / 3, False),
        ("  Lê & <Bình>  ", None, None, datetime.date(2025, 12, 31), None, None),
        ("", "", -2, None, 0, None),
    ]
    in_memory = Workbook()
    write_table(in_memory.active, columns, rows, title="Danh sách")
    workbook, sheet = streamed_workbook("Danh sách")
    assert stream_table(sheet, columns, iter(rows), title="Danh sách") == 4
    with workbook_file(workbook) as file:
        streamed = load_workbook(file).active
    expected = load_workbook(io.BytesIO(workbook_bytes(in_memory))).active

    def cells(sheet):
        # An empty cell is not written at all (its column's format stands for it).
        return [
            [
                (c.value, c.data_type, c.number_format) if c.value not in (None, "") else None
                for c in row
            ]
            for row in sheet.iter_rows(min_row=2, max_row=6, max_col=6)
        ]

    assert cells(streamed) == cells(expected)
    assert streamed["A5"].value == "  Lê & <Bình>  "  # spaces at its ends kept, text escaped
    assert streamed["A1"].value == "Danh sách" and streamed["A2"].font.bold
    assert streamed.freeze_panes == expected.freeze_panes == "A3"
    assert streamed.column_dimensions["A"].width == 30
    assert streamed.column_dimensions["B"].number_format == "@"


def test_template_text_columns_are_text_formatted_below_the_example():
    template = template_workbook(
        [*COLUMNS, Column("phone", "Số điện thoại")],
        title="Mẫu nhập hộ dân",
        example={"name": "Nguyễn Văn An", "people": 4, "phone": "0912345678"},
    )
    sheet = load_workbook(io.BytesIO(workbook_bytes(template))).active
    assert sheet["E3"].value == "0912345678" and sheet["E3"].data_type == "s"
    assert sheet["E4"].number_format == "@" and sheet["A4"].number_format == "@"  # text kinds
    assert sheet["B4"].number_format == "General"  # a number
    assert sheet["C4"].number_format == "dd/mm/yyyy"  # a date


def test_template_round_trips_through_the_importer():
    template = template_workbook(
        COLUMNS, title="Mẫu nhập hộ dân", example={"name": "Nguyễn Văn An", "people": 4}
    )
    result = read_table(io.BytesIO(workbook_bytes(template)), COLUMNS)
    assert result.ok and result.rows[0]["name"] == "Nguyễn Văn An" and result.rows[0]["people"] == 4


def test_openpyxl_runs_without_lxml_so_streamed_rows_are_written_as_text():
    # binhdan/settings.py sets OPENPYXL_LXML=False before openpyxl is first imported: with
    # lxml (installed for python-docx) `stream_table` cannot write its rows as text and a
    # 40,000-household export took 4.4 s instead of 1.6 s.
    import openpyxl

    from binhdan import spreadsheets

    assert openpyxl.LXML is False and spreadsheets.LXML is False
