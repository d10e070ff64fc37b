"""First journey: a village leader logs in, sees the home page in Vietnamese, logs out."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_village_leader_logs_in_sees_vietnamese_home_and_logs_out(world, phone_page):
    page = phone_page
    log_in(page, "totruong", TEST_PASSWORD)

    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")
    expect(page.locator("main")).to_contain_text("Thôn Đông")
    expect(page.locator("main")).not_to_contain_text("Thôn Đoài")
    assert page.locator("html").get_attribute("lang") == "vi"

    # At phone width the menu folds behind the toggler.
    page.get_by_role("button", name="Trình đơn").click()
    # Wait for the menu to finish unfolding: a click during Bootstrap's collapse animation
    # can land before the user menu is ready (seen on a loaded CI machine).
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    expect(page.locator(".navbar-collapse.collapsing")).to_have_count(0)
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()

    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    page.goto(page.base_url + "/")
    expect(page).to_have_url(f"{page.base_url}/dang-nhap/?next=/")


def test_wrong_password_is_refused_in_vietnamese(world, page):
    log_in(page, "totruong", "sai-mat-khau")
    expect(page.locator("main form")).to_contain_text("Tên đăng nhập và mật khẩu chính xác")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value("totruong")
