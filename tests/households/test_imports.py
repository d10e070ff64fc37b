"""Household import from Excel: tolerant reading, row errors, all or nothing, no duplicates."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from households.imports import import_households
from households.models import Household
from tests.factories import HouseholdFactory, MemberFactory, TeamFactory

HEADERS = [
    "Họ tên chủ hộ",
    "Địa chỉ",
    "Số điện thoại",
    "Số nhân khẩu",
    "Có người cao tuổi",
    "Chưa có thiết bị số",
    "Tổ viên phụ trách",
    "Ghi chú",
]


def xlsx(rows, *, title_rows=(), headers=HEADERS) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in title_rows:
        sheet.append(row)
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name="ho-dan.xlsx"):
    return SimpleUploadedFile(name, data)


@pytest.fixture
def village(world):
    team = TeamFactory(village=world.village_a)
    MemberFactory(team=team, full_name="Trần Thị Lan")
    return world.village_a


def test_real_world_file_is_read_title_rows_blank_rows_spaces_and_numbers_as_text(village):
    data = xlsx(
        [
            [
                "Nguyễn Văn An  ",
                " Xóm 3, Thôn Đông",
                "0912345678",
                "4",
                "x",
                "",
                "tran thi lan",
                "",
            ],
            [None] * 8,
            ["Lê Thị Bình", "Xóm 1, Thôn Đông", 912000111, 3.0, "", "có", "", "Nhà gần chùa"],
        ],
        title_rows=[["DANH SÁCH HỘ DÂN THÔN ĐÔNG"], ["Ngày 05/01/2026"], []],
    )
    outcome = import_households(upload(data), village)

    assert outcome.ok, outcome.errors
    assert (outcome.created, outcome.updated) == (2, 0)
    an = Household.objects.get(head_name="Nguyễn Văn An")
    assert an.address == "Xóm 3, Thôn Đông"
    assert an.people_count == 4 and an.has_elderly and not an.has_no_device
    assert an.member_in_charge.full_name == "Trần Thị Lan"
    binh = Household.objects.get(head_name="Lê Thị Bình")
    assert binh.phone == "912000111" and binh.people_count == 3 and binh.has_no_device


def test_broken_rows_are_reported_with_row_column_and_reason_and_nothing_is_saved(village):
    data = xlsx(
        [
            ["Nguyễn Văn An", "Xóm 3", "0912345678", "4", "", "", "", ""],
            ["", "Xóm 4", "", "2", "", "", "", ""],
            ["Lê Văn Cường", "Xóm 5", "09 12-ab", "bốn", "", "", "Người Lạ", ""],
            ["nguyen van an", "xom 3", "", "1", "", "", "", ""],
        ],
        title_rows=[["Danh sách"]],
    )
    outcome = import_households(upload(data), village)

    messages = [str(error) for error in outcome.errors]
    assert "Dòng 4, cột “Họ tên chủ hộ”: bắt buộc phải có" in messages
    assert "Dòng 5, cột “Số nhân khẩu”: “bốn” không phải là số nguyên" in messages
    assert any(m.startswith("Dòng 5, cột “Số điện thoại”") for m in messages)
    assert any(
        m.startswith("Dòng 5, cột “Tổ viên phụ trách”") and "Người Lạ" in m for m in messages
    )
    assert any(m.startswith("Dòng 6, cột “Họ tên chủ hộ”") and "dòng 3" in m for m in messages)
    assert Household.objects.count() == 0


def test_reimporting_the_same_file_creates_no_duplicates_and_updates_changes(village):
    rows = [
        ["Nguyễn Văn An", "Xóm 3, Thôn Đông", "", "4", "", "", "", ""],
        ["Lê Thị Bình", "Xóm 1, Thôn Đông", "", "3", "", "", "", ""],
    ]
    import_households(upload(xlsx(rows)), village)
    again = import_households(upload(xlsx(rows)), village)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)

    # Same household typed without diacritics and in capitals: still the same household.
    changed = [["NGUYEN VAN AN", "xom 3,  thon dong", "", "5", "x", "", "", ""]]
    third = import_households(upload(xlsx(changed)), village)
    assert (third.created, third.updated) == (0, 1)
    assert Household.objects.count() == 2
    assert Household.objects.get(head_name="Nguyễn Văn An").people_count == 5


def test_ten_thousand_rows_with_one_bad_row_save_nothing(village):
    rows = [
        [f"Hộ số {n}", f"Xóm {n % 9 + 1}, Thôn Đông", "", "4", "", "", "", ""]
        for n in range(10_000)
    ]
    rows[9_876][3] = "-2"
    outcome = import_households(upload(xlsx(rows)), village)

    assert [str(e) for e in outcome.errors] == ["Dòng 9878, cột “Số nhân khẩu”: phải từ 1 trở lên"]
    assert Household.objects.count() == 0


def test_import_page_shows_errors_and_saves_nothing(village, client_for):
    data = xlsx([["Nguyễn Văn An", "", "", "4", "", "", "", ""]])
    response = client_for("leader").post(
        reverse("households:household_import"),
        {"village": village.pk, "file": upload(data)},
    )
    assert response.status_code == 200
    assert "Dòng 2, cột “Địa chỉ”: bắt buộc phải có" in response.content.decode()
    assert "không có gì được lưu" in response.content.decode()
    assert Household.objects.count() == 0
    # The form says it is working while a large file is checked (static/js/busy.js).
    assert 'data-busy="Đang kiểm tra và nhập tệp…"' in response.content.decode()


def test_import_page_imports_a_good_file_into_the_leaders_village(village, client_for):
    data = xlsx([["Nguyễn Văn An", "Xóm 3", "", "4", "", "", "", ""]])
    response = client_for("leader").post(
        reverse("households:household_import"),
        {"village": village.pk, "file": upload(data)},
        follow=True,
    )
    assert "1 hộ được thêm" in response.content.decode()
    assert Household.objects.get().village == village


def test_import_page_refuses_a_file_that_is_not_excel(village, client_for):
    response = client_for("leader").post(
        reverse("households:household_import"),
        {"village": village.pk, "file": upload(b"not excel at all", "ho-dan.xlsx")},
    )
    assert "không phải là tệp Excel" in response.content.decode()


def test_leader_cannot_import_into_another_village(world, village, client_for):
    data = xlsx([["Nguyễn Văn An", "Xóm 3", "", "4", "", "", "", ""]])
    response = client_for("leader").post(
        reverse("households:household_import"),
        {"village": world.village_b.pk, "file": upload(data)},
    )
    assert response.status_code == 200
    assert Household.objects.count() == 0


def test_template_has_vietnamese_headers_and_reads_back_as_a_valid_import(village, client_for):
    response = client_for("leader").get(reverse("households:household_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[2]]
    assert headers[:2] == ["Họ tên chủ hộ *", "Địa chỉ *"]
    assert "Tổ viên phụ trách" in headers
    outcome = import_households(upload(response.content), village)
    assert outcome.ok and outcome.created == 1


def test_command_imports_with_the_same_rules(village, tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx([["Nguyễn Văn An", "Xóm 3", "", "4", "", "", "", ""]]))
    out = io.StringIO()
    call_command("import_households", str(good), village="lm01", stdout=out)
    assert "1 created" in out.getvalue()
    call_command("import_households", str(good), village="LM01", stdout=out)
    assert Household.objects.count() == 1

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([["Lê Thị Bình", "Xóm 1", "", "0", "", "", "", ""]]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was saved"):
        call_command("import_households", str(bad), village="LM01", stderr=err)
    assert "Dòng 2" in err.getvalue()
    assert Household.objects.count() == 1
    with pytest.raises(CommandError, match="No village"):
        call_command("import_households", str(good), village="XX99")


def test_export_gives_real_numbers_and_masked_phones_to_leadership(world, client_for):
    HouseholdFactory(village=world.village_a, head_name="Nguyễn Văn An", phone="0912345123")
    for role, phone in (("leadership", "09•••••123"), ("leader", "0912345123")):
        response = client_for(role).get(reverse("households:household_export"))
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet["B3"].value == "Nguyễn Văn An"
        assert sheet["D3"].value == phone
        assert sheet["E3"].value == 4 and isinstance(sheet["E3"].value, int)


def test_dates_are_not_needed_but_date_cells_do_not_break_text_columns(village):
    data = xlsx([["Nguyễn Văn An", "Xóm 3", "", "4", "", "", "", datetime.date(2026, 1, 5)]])
    outcome = import_households(upload(data), village)
    assert outcome.ok
