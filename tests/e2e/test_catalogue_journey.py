"""The commune office, on a phone, adds a digital platform from the menu, then marks it
essential, reading on the form that K8 of every village will be recounted."""

import pytest
from playwright.sync_api import expect

from households.models import Platform
from reports.kpis import tallies
from tests.e2e.conftest import PHONE, log_in
from tests.factories import (
    TEST_PASSWORD,
    HouseholdFactory,
    HouseholdPlatformFactory,
    ensure_catalogues,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_office_adds_a_platform_and_marks_it_essential_on_a_phone(world, phone_page):
    ensure_catalogues()
    page = phone_page
    log_in(page, "vanphong", TEST_PASSWORD)

    page.get_by_role("button", name="Trình đơn").click()
    page.get_by_role("button", name="Hỗ trợ người dân").click()  # the menu group
    page.get_by_role("link", name="Nền tảng số").click()
    expect(page.get_by_test_id("platforms")).to_contain_text("VNeID")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("link", name="Thêm nền tảng số").click()
    page.get_by_label("Mã").fill("zalo-pay")
    page.get_by_label("Tên").fill("Ví ZaloPay")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert")).to_contain_text("Đã thêm nền tảng số Ví ZaloPay.")

    HouseholdPlatformFactory(
        household=HouseholdFactory(village=world.village_a),
        platform=Platform.objects.of(world.commune).get(code="zalo-pay"),
    )
    page.get_by_test_id("platforms").get_by_role("row", name="Ví ZaloPay").get_by_role(
        "link", name="Sửa"
    ).click()
    expect(page.get_by_text("Đang được 1 hộ dân sử dụng.")).to_be_visible()
    expect(page.get_by_text("tính lại K8 của mọi thôn")).to_be_visible()
    expect(page.get_by_label("Mã")).to_be_disabled()
    page.get_by_label("Thiết yếu").check()
    page.get_by_role("button", name="Lưu").click()

    expect(page.get_by_role("alert")).to_contain_text("Đã lưu thay đổi.")
    expect(page.get_by_test_id("platforms").get_by_role("row", name="Ví ZaloPay")).to_contain_text(
        "thiết yếu"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert Platform.objects.of(world.commune).get(code="zalo-pay").is_essential
    assert tallies.differences() == []
