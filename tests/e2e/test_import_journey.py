"""A village leader imports the village's own household list, saved by LibreOffice, through
the import page on a phone: title and blank rows, header variants, namesakes, names that
differ only by a tone mark, phones that the spreadsheet stored as numbers, "x" for yes.
Every household gets in, phones keep their 0, and importing the file again changes nothing.
"""

import os
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from households.models import Household
from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, MemberFactory, TeamFactory

pytestmark = pytest.mark.django_db(transaction=True)

# As villages keep it: a title, a date line, a blank row, then the list with its own headers.
VILLAGE_LIST = """DANH SÁCH HỘ DÂN THÔN ĐÔNG
(Kèm theo Kế hoạch của Tổ CNSCĐ thôn)

STT,Họ và tên chủ hộ,Địa chỉ,SĐT,Nhân khẩu,Người cao tuổi,Không có điện thoại thông minh,Tổ viên phụ trách
1,  Nguyễn Văn Nam ,"Xóm Đông, thôn Tây",0912000001,3,x,,Trần Thị Lan
2,Nguyễn Văn Nam,"Xóm Đông, thôn Tây",0987000002,6,,X,Trần Thị Lan
,,,,,,,
3,Lê Văn Hùng,"Xóm Đông, thôn Tây",0365000003,4,có,,
4,Lê Văn Hưng,"Xóm Đông, thôn Tây",,2,,1,
5,Phạm Thị Ánh,Xóm Bắc,+84 912 000 005,5,,,
"""


def libreoffice_xlsx(tmp_path, csv_text: str):
    """The CSV saved as .xlsx by LibreOffice Calc, as a commune officer's file would be."""
    soffice = shutil.which("soffice")
    if soffice is None:
        message = "LibreOffice not found: install it with `apt-get install libreoffice-calc-nogui`"
        if os.environ.get("BINHDAN_REQUIRE_BROWSER"):
            pytest.fail(message)  # CI installs it
        pytest.skip(message)
    source = tmp_path / "ho-dan-thon-dong.csv"
    source.write_text(csv_text, encoding="utf-8")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "xlsx",
            "--infilter=CSV:44,34,76,1",  # comma-separated, UTF-8, first line 1
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return tmp_path / "ho-dan-thon-dong.xlsx"


def import_through_the_page(page, path):
    page.goto(page.base_url + "/ho-dan/nhap-excel/")
    page.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Nhập").click()
    expect(page.get_by_role("heading", name="Kiểm tra trước khi nhập")).to_be_visible()


def test_leader_imports_a_libreoffice_file_of_namesakes_and_numbers_as_phones(
    world, phone_page, tmp_path
):
    MemberFactory(team=TeamFactory(village=world.village_a), full_name="Trần Thị Lan")
    path = libreoffice_xlsx(tmp_path, VILLAGE_LIST)
    page = phone_page
    log_in(page, "totruong", TEST_PASSWORD)

    import_through_the_page(page, path)
    expect(page.locator('[data-count="new"]')).to_have_text("4")
    expect(page.locator('[data-count="ask"]')).to_have_text("1")
    expect(page.get_by_test_id("columns-read")).to_contain_text("Cột A “STT” được bỏ qua")
    namesake = page.locator("fieldset[data-row='6']")  # the second Nguyễn Văn Nam
    expect(namesake).to_contain_text("cùng chủ hộ và địa chỉ với dòng 5")
    expect(namesake.get_by_label("Một hộ khác (thêm mới)")).to_be_checked()
    assert Household.objects.count() == 0  # nothing before the confirmation
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("5 hộ được thêm")

    households = {
        (h.head_name, h.phone, h.people_count, h.has_elderly, h.has_no_device)
        for h in Household.objects.all()
    }
    assert households == {
        ("Nguyễn Văn Nam", "0912000001", 3, True, False),
        ("Nguyễn Văn Nam", "0987000002", 6, False, True),
        ("Lê Văn Hùng", "0365000003", 4, True, False),
        ("Lê Văn Hưng", "", 2, False, True),
        ("Phạm Thị Ánh", "0912000005", 5, False, False),
    }
    assert {
        h.member_in_charge.full_name for h in Household.objects.filter(head_name="Nguyễn Văn Nam")
    } == {"Trần Thị Lan"}

    # The same file again: nothing to add, nothing to change.
    import_through_the_page(page, path)
    expect(page.locator('[data-count="new"]')).to_have_text("0")
    expect(page.locator('[data-count="update"]')).to_have_text("0")
    expect(page.locator('[data-count="ask"]')).to_have_text("0")
    expect(page.locator('[data-count="unchanged"]')).to_have_text("5")
    page.get_by_role("button", name="Xác nhận nhập").click()
    expect(page.get_by_role("alert")).to_contain_text("0 hộ được thêm, 0 hộ được cập nhật")
    assert Household.objects.count() == 5
