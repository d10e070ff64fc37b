"""The commune office, on a phone, records an activity day with who attended, sees the
month's allowances, locks the month and downloads the payment list in Excel."""

import datetime
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from teams.models import AllowanceLock, AllowanceRule
from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, MemberFactory, ensure_catalogues, village_team

pytestmark = pytest.mark.django_db(transaction=True)


def test_office_locks_the_month_and_downloads_the_payment_list(world, phone_page):
    ensure_catalogues()
    team = village_team(world.village_a)
    names = ["Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Minh Đức"]
    for name in names:
        MemberFactory(team=team, full_name=name)
    AllowanceRule.objects.create(
        commune=world.commune,
        valid_from=datetime.date(2025, 1, 1),
        resolution="Nghị quyết 27/2023/NQ-HĐND",
        per_person_month=60_000,
        per_person_day=150_000,
    )
    page = phone_page
    log_in(page, "vanphong", TEST_PASSWORD)

    # Today's activity day: everyone is ticked; Đức did not come.
    page.goto(f"{page.base_url}/to/{team.pk}/ngay-hoat-dong/them/")
    for name in names:
        expect(page.get_by_label(name)).to_be_checked()
    page.get_by_label("Lê Minh Đức").uncheck()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã lưu ngày hoạt động.")

    # 3 × 60,000 đ for the month and 2 × 150,000 đ for the day
    page.goto(f"{page.base_url}/che-do-ho-tro/")
    expect(page.get_by_test_id("not-locked")).to_be_visible()
    expect(page.get_by_test_id("grand-total")).to_contain_text("480.000 đ")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_test_id("lock").click()
    page.get_by_role("button", name="Chốt bảng kê tháng").click()
    expect(page.get_by_test_id("locked")).to_contain_text("Đã chốt")
    assert AllowanceLock.objects.in_force().count() == 1

    with page.expect_download() as download_info:
        page.get_by_test_id("download-xlsx").click()
    download = download_info.value
    assert download.suggested_filename.startswith("bang-ke-che-do-ho-tro-")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    total = next(row for row in rows if row[1] == "Tổng cộng")
    assert total[4] == 480_000
    signed = next(row for row in rows if row[0] == "STT")
    assert "Ký nhận" in signed
