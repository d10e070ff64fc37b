"""Members in from Excel (all or nothing, every bad row reported) and the roster out."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tests.factories import MemberFactory, TrainingSessionFactory, village_team

pytestmark = pytest.mark.django_db


def template_from_the_page(client):
    response = client.get(reverse("teams:member_import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def as_upload(workbook, name="to-vien.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def fill(workbook, rows):
    sheet = workbook.active
    sheet.delete_rows(3, sheet.max_row)  # drop the example row under the header
    for row in rows:
        sheet.append(row)
    return workbook


def test_template_has_vietnamese_headers_with_required_marks(world, client_for):
    sheet = template_from_the_page(client_for("leader")).active
    headers = [cell.value for cell in sheet[2]]
    assert headers == [
        "Họ và tên *",
        "Vai trò trong Tổ *",
        "Đoàn viên thanh niên",
        "Số điện thoại",
        "Ngày tham gia",
        "Hưởng lương ngân sách",
    ]


def upload_and_preview(client, team, workbook):
    """Upload: the page answers with the preview (nothing written yet)."""
    url = reverse("teams:member_import", args=[team.pk])
    response = client.post(url, {"file": as_upload(workbook)})
    assert response.status_code == 302, response.content.decode()[-2000:]
    return response["Location"]


def test_a_good_file_adds_every_member_once_confirmed(world, client_for):
    team = village_team(world.village_a)
    client = client_for("leader")
    workbook = fill(
        template_from_the_page(client),
        [
            ["Nguyễn Văn Thắng", "Trưởng thôn", "x", "0912345678", datetime.date(2026, 1, 5)],
            ["Lê Thị Thu", "y te thon", "", 987654321, "15/02/2026"],
            [None, None, None, None, None],  # a blank row is skipped
            ["Hoàng Đức Anh", "Đoàn viên thanh niên", "có", "", ""],
        ],
    )
    preview = upload_and_preview(client, team, workbook)
    page = client.get(preview).content.decode()
    assert 'data-count="new">3<' in page
    assert not team.members.exists()

    response = client.post(preview, {"action": "confirm"}, follow=True)
    assert "3 tổ viên được thêm" in response.content.decode()
    members = {m.full_name: m for m in team.members.select_related("role")}
    assert set(members) == {"Nguyễn Văn Thắng", "Lê Thị Thu", "Hoàng Đức Anh"}
    assert members["Lê Thị Thu"].role.name == "Y tế thôn"
    assert members["Lê Thị Thu"].phone == "0987654321"  # the 0 the spreadsheet dropped
    assert members["Lê Thị Thu"].joined_on == datetime.date(2026, 2, 15)
    assert members["Nguyễn Văn Thắng"].is_youth_union

    # The same file again adds nobody and changes nothing.
    again = client.get(upload_and_preview(client, team, workbook)).content.decode()
    assert 'data-count="new">0<' in again and 'data-count="unchanged">3<' in again


def test_a_member_already_in_the_team_is_updated_and_a_namesake_is_asked(world, client_for):
    team = village_team(world.village_a)
    lan = MemberFactory(team=team, full_name="Trần Thị Lan", phone="0912000001")
    MemberFactory(team=team, full_name="Lê Văn Hùng", phone="0912000002")
    client = client_for("leader")
    workbook = fill(
        template_from_the_page(client),
        [
            ["Trần Thị Lan", "Y tế thôn", "x", "", ""],  # same person: role and flag change
            ["Lê Văn Hùng", "Y tế thôn", "", "0987000003", ""],  # a namesake?
            ["Lê Văn Hưng", "Y tế thôn", "", "", ""],  # one tone mark apart: another person
        ],
    )
    preview = upload_and_preview(client, team, workbook)
    page = client.get(preview).content.decode()
    assert 'data-count="update">1<' in page and 'data-count="ask">1<' in page
    assert 'data-count="new">1<' in page
    assert "Người khác trùng họ tên (thêm mới)" in page

    client.post(preview, {"action": "confirm"})
    lan.refresh_from_db()
    assert lan.role.name == "Y tế thôn" and lan.is_youth_union and lan.phone == "0912000001"
    assert team.members.filter(full_name="Lê Văn Hùng").count() == 2
    assert team.members.filter(full_name="Lê Văn Hưng").count() == 1


def test_a_bad_file_reports_every_bad_row_and_saves_nothing(world, client_for):
    team = village_team(world.village_a)
    MemberFactory(team=team, full_name="Trần Thị Lan")
    client = client_for("leader")
    workbook = fill(
        template_from_the_page(client),
        [
            ["Nguyễn Văn Thắng", "Trưởng thôn", "", "", ""],  # good: still not saved
            ["", "Trưởng thôn", "", "", ""],
            ["Phạm Văn Long", "Chủ tịch", "", "", ""],
            ["Đỗ Thị Hằng", "Y tế thôn", "", "", "31/02/2026"],
            ["Vũ Văn Nam", "Y tế thôn", "có lẽ", "12345", ""],
        ],
    )
    preview = upload_and_preview(client, team, workbook)
    html = client.get(preview).content.decode()
    assert "Có 5 lỗi; chưa thể lưu cho đến khi tệp được sửa." in html
    assert "Dòng 4, cột “Họ và tên”: bắt buộc" in html
    assert "Dòng 5, cột “Vai trò trong Tổ”: “Chủ tịch” không có trong danh mục vai trò" in html
    assert "Dòng 6, cột “Ngày tham gia”" in html
    assert "Dòng 7, cột “Đoàn viên thanh niên”" in html
    assert "Dòng 7, cột “Số điện thoại”" in html
    client.post(preview, {"action": "confirm"})
    assert list(team.members.values_list("full_name", flat=True)) == ["Trần Thị Lan"]


def test_a_joining_date_in_the_future_or_before_the_plan_is_a_bad_row(world, client_for):
    team = village_team(world.village_a)
    client = client_for("leader")
    today = timezone.localdate()
    workbook = fill(
        template_from_the_page(client),
        [
            ["Nguyễn Văn Thắng", "Trưởng thôn", "", "", today + datetime.timedelta(days=1)],
            ["Lê Thị Thu", "Y tế thôn", "", "", "30/09/2025"],
            ["Hoàng Đức Anh", "Y tế thôn", "", "", "31/12/9999"],
            ["Đỗ Thị Hằng", "Y tế thôn", "", "", today],
        ],
    )
    preview = upload_and_preview(client, team, workbook)
    html = client.get(preview).content.decode()
    allowed = f"Ngày phải từ 01/10/2025 đến hôm nay ({today:%d/%m/%Y})."
    for row in (3, 4, 5):
        assert f"Dòng {row}, cột “Ngày tham gia”: {allowed}" in html
    assert "Dòng 6," not in html
    client.post(preview, {"action": "confirm"})
    assert not team.members.exists()


def test_a_file_that_is_not_excel_is_refused_with_a_message(world, client_for):
    team = village_team(world.village_a)
    upload = SimpleUploadedFile("to-vien.xlsx", "Họ và tên,Vai trò\n".encode())
    url = reverse("teams:member_import", args=[team.pk])
    html = client_for("office").post(url, {"file": upload}).content.decode()
    assert "không phải là tệp Excel .xlsx" in html
    assert not team.members.exists()


def test_a_file_without_the_headers_is_refused(world, client_for):
    team = village_team(world.village_a)
    workbook = Workbook()
    workbook.active.append(["Tên", "Chức vụ"])
    workbook.active.append(["Nguyễn Văn Thắng", "Trưởng thôn"])
    url = reverse("teams:member_import", args=[team.pk])
    html = client_for("office").post(url, {"file": as_upload(workbook)}).content.decode()
    assert "Không tìm thấy dòng tiêu đề" in html


def test_roster_export_reads_back_with_real_dates_and_numbers(world, client_for):
    team = village_team(world.village_a)
    lan = MemberFactory(
        team=team, full_name="Trần Thị Lan", is_leader=True, joined_on=datetime.date(2026, 1, 5)
    )
    MemberFactory(team=village_team(world.village_b), full_name="Nguyễn Văn Hải")
    TrainingSessionFactory(commune=world.commune, team=team).attendees.add(lan)
    response = client_for("leader").get(reverse("teams:member_export"))
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet["A1"].value.startswith("Danh sách tổ viên Tổ Công nghệ số cộng đồng")
    headers = [cell.value for cell in sheet[2]]
    row = dict(zip(headers, [cell.value for cell in sheet[3]], strict=True))
    assert sheet.max_row == 3  # the leader sees their own village only
    assert row["Họ và tên"] == "Trần Thị Lan"
    assert row["Tổ trưởng"] == "có"
    assert row["Ngày tham gia"] == datetime.datetime(2026, 1, 5)
    assert sheet.cell(row=3, column=headers.index("Ngày tham gia") + 1).number_format == (
        "dd/mm/yyyy"
    )
    assert row["Số buổi tập huấn đã dự"] == 1
    assert row["Ngày thôi tham gia"] is None


def test_roster_export_writes_phones_as_text_cells_that_keep_their_0(world, client_for):
    MemberFactory(team=village_team(world.village_a), full_name="Trần Thị Lan", phone="0912345678")
    response = client_for("office").get(reverse("teams:member_export"))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    headers = [cell.value for cell in sheet[2]]
    phone = sheet.cell(row=3, column=headers.index("Số điện thoại") + 1)
    assert (phone.value, phone.data_type, phone.number_format) == ("0912345678", "s", "@")


def test_template_phone_column_is_text_also_on_the_empty_rows_below_the_example(world, client_for):
    sheet = template_from_the_page(client_for("leader")).active
    assert sheet["D2"].value == "Số điện thoại"
    example = sheet["D3"]
    assert (example.value, example.data_type, example.number_format) == ("0912345678", "s", "@")
    assert sheet["D4"].value is None and sheet["D4"].number_format == "@"
    assert sheet["E4"].number_format == "dd/mm/yyyy"  # "Ngày tham gia"


# --- "Hưởng lương ngân sách" (paid from the state budget: an allowance rule may exclude them)


def test_the_budget_paid_flag_is_imported_and_a_bad_value_reported(world, client_for):
    team = village_team(world.village_a)
    lan = MemberFactory(team=team, full_name="Trần Thị Lan", paid_from_budget=True)
    client = client_for("leader")
    bad = fill(
        template_from_the_page(client),
        [
            ["Nguyễn Văn Thắng", "Trưởng thôn", "", "", "", "x"],
            ["Lê Thị Thu", "Y tế thôn", "", "", "", "chắc vậy"],
        ],
    )
    html = client.get(upload_and_preview(client, team, bad)).content.decode()
    assert "Dòng 4, cột “Hưởng lương ngân sách”" in html
    assert "Dòng 3," not in html

    good = fill(
        template_from_the_page(client),
        [
            ["Nguyễn Văn Thắng", "Trưởng thôn", "", "", "", "x"],
            ["Lê Thị Thu", "Y tế thôn", "", "", "", "Có"],
            ["Hoàng Đức Anh", "Y tế thôn", "", "", "", ""],
            ["Trần Thị Lan", lan.role.name, "", "", "", "không"],  # no longer
        ],
    )
    preview = upload_and_preview(client, team, good)
    page = client.get(preview).content.decode()
    assert 'data-count="new">3<' in page and 'data-count="update">1<' in page
    client.post(preview, {"action": "confirm"})
    flags = dict(team.members.values_list("full_name", "paid_from_budget"))
    assert flags == {
        "Nguyễn Văn Thắng": True,
        "Lê Thị Thu": True,
        "Hoàng Đức Anh": False,
        "Trần Thị Lan": False,
    }


def test_a_file_without_the_budget_column_leaves_the_flag_as_it_is(world, client_for):
    team = village_team(world.village_a)
    lan = MemberFactory(team=team, full_name="Trần Thị Lan", paid_from_budget=True)
    workbook = Workbook()
    workbook.active.append(["Họ và tên", "Vai trò"])
    workbook.active.append(["Trần Thị Lan", lan.role.name])
    client = client_for("leader")
    page = client.get(upload_and_preview(client, team, workbook)).content.decode()
    assert 'data-count="unchanged">1<' in page
    lan.refresh_from_db()
    assert lan.paid_from_budget


def test_the_roster_export_carries_the_budget_flag_and_goes_back_in_unchanged(world, client_for):
    team = village_team(world.village_a)
    MemberFactory(team=team, full_name="Trần Thị Lan", paid_from_budget=True)
    MemberFactory(team=team, full_name="Nguyễn Văn Hải")
    client = client_for("leader")
    exported = load_workbook(io.BytesIO(client.get(reverse("teams:member_export")).getvalue()))
    sheet = exported.active
    headers = [cell.value for cell in sheet[2]]
    rows = [dict(zip(headers, [c.value for c in row], strict=True)) for row in sheet.iter_rows(3)]
    flags = {row["Họ và tên"]: row["Hưởng lương ngân sách"] for row in rows}
    assert flags == {"Trần Thị Lan": "có", "Nguyễn Văn Hải": None}

    page = client.get(upload_and_preview(client, team, exported)).content.decode()
    assert 'data-count="unchanged">2<' in page and 'data-count="update">0<' in page


# As a commune officer keeps the list in LibreOffice Calc: a title, other headers, "X" and
# "Có" for yes, a phone stored as a number.
OFFICE_LIST = """DANH SÁCH TỔ VIÊN TỔ CNSCĐ THÔN ĐÔNG

STT,Họ tên,Chức vụ,SĐT,Hưởng lương NSNN
1,Nguyễn Văn Thắng,Trưởng thôn,0912000001,X
2,Lê Thị Thu,Y tế thôn,0987000002,
3,Phạm Văn Long,Lực lượng an ninh cơ sở,,Có
"""


def libreoffice_xlsx(tmp_path, csv_text: str):
    """The CSV saved as .xlsx by LibreOffice Calc (skipped where it is not installed)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice not found: install it with `apt-get install libreoffice-calc-nogui`"
        )
    source = tmp_path / "to-vien-thon-dong.csv"
    source.write_text(csv_text, encoding="utf-8")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--infilter=CSV:44,34,76,1",  # comma-separated, UTF-8, from the first line
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return load_workbook(tmp_path / "to-vien-thon-dong.xlsx")


def test_a_libreoffice_file_brings_the_budget_flag_in(world, client_for, tmp_path):
    team = village_team(world.village_a)
    workbook = libreoffice_xlsx(tmp_path, OFFICE_LIST)
    client = client_for("leader")
    preview = upload_and_preview(client, team, workbook)
    assert 'data-count="new">3<' in client.get(preview).content.decode()
    client.post(preview, {"action": "confirm"})
    members = team.members.values_list("full_name", "paid_from_budget", "phone")
    assert sorted(members) == [
        ("Lê Thị Thu", False, "0987000002"),
        ("Nguyễn Văn Thắng", True, "0912000001"),
        ("Phạm Văn Long", True, ""),
    ]
