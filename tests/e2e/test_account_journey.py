"""The commune office manages log-in accounts from a phone (issue 15): creates an account,
whose owner must change the temporary password at the first log-in; sets a new temporary
password for someone who forgot theirs; unlocks an account locked after wrong passwords."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PHONE, log_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def second_phone(browser, live_server):
    """Another person's phone: a browser context of its own, logged in as nobody."""
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE, service_workers="block"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def open_accounts(page):
    page.get_by_role("button", name="Trình đơn").click()
    # A click while Bootstrap's collapse still animates can miss the link (a loaded machine).
    link = page.get_by_role("link", name="Tài khoản", exact=True)
    expect(link).to_be_visible()
    expect(page.locator(".navbar-collapse.collapsing")).to_have_count(0)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản đăng nhập")


def temporary_password(page) -> str:
    password = page.get_by_test_id("temporary-password")
    expect(password).to_have_text(re.compile(r"^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$"))
    return password.inner_text()


def change_password(page, old, new):
    page.locator("#id_old_password").fill(old)
    page.locator("#id_new_password1").fill(new)
    page.locator("#id_new_password2").fill(new)
    page.get_by_role("button", name="Đổi mật khẩu").click()


def test_office_creates_an_account_then_sets_a_temporary_password(world, phone_page, second_phone):
    page = phone_page
    log_in(page, "vanphong", TEST_PASSWORD)
    open_accounts(page)

    page.get_by_role("link", name="Thêm tài khoản").click()
    page.locator("#id_username").fill("tovien05")
    page.locator("#id_full_name").fill("Phạm Thu Hà")
    page.locator("#id_role").select_option(label="Tổ viên")
    page.locator("#id_village").select_option(label="Thôn Đông")
    page.get_by_role("button", name="Tạo tài khoản").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Đã tạo tài khoản")
    expect(page.get_by_test_id("new-username")).to_have_text("tovien05")
    first = temporary_password(page)

    # The new member logs in on their own phone and must choose a password first.
    member = second_phone
    log_in(member, "tovien05", first)
    expect(member).to_have_url(f"{member.base_url}/doi-mat-khau/")
    expect(member.get_by_role("alert")).to_contain_text("mật khẩu tạm")
    member.goto(member.base_url + "/luot-ho-tro/")
    expect(member).to_have_url(f"{member.base_url}/doi-mat-khau/")
    change_password(member, first, "mat-khau-cua-ha-2026")
    expect(member.get_by_role("heading", level=1)).to_have_text("Đã đổi mật khẩu")
    member.goto(member.base_url + "/")
    expect(member.get_by_role("heading", level=1)).to_contain_text("Xin chào")

    # She forgets it: the office sets a temporary password; her phone is logged out.
    page.get_by_role("link", name="Xong").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phạm Thu Hà")
    expect(page.locator("main")).to_contain_text("Người dùng tự đổi mật khẩu")
    page.get_by_role("link", name="Cấp mật khẩu tạm").click()
    page.get_by_role("button", name="Cấp mật khẩu tạm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã cấp mật khẩu tạm")
    second = temporary_password(page)
    assert second != first

    member.goto(member.base_url + "/")
    expect(member).to_have_url(f"{member.base_url}/dang-nhap/?next=/")
    log_in(member, "tovien05", second)
    expect(member).to_have_url(f"{member.base_url}/doi-mat-khau/")

    page.get_by_role("link", name="Xong").click()
    history = page.locator("main table")
    expect(history).to_contain_text("Cấp mật khẩu tạm")
    expect(history).to_contain_text("Tạo tài khoản")
    expect(page.locator("main")).not_to_contain_text(second)


def test_office_unlocks_an_account_locked_after_wrong_passwords(world, phone_page, second_phone):
    leader = second_phone
    for _ in range(5):
        log_in(leader, "totruong", "sai-mat-khau")
    expect(leader.get_by_role("heading", level=1)).to_have_text("Tài khoản tạm thời bị khóa")
    expect(leader.locator("main")).to_contain_text("Phòng Văn hóa - Xã hội")

    page = phone_page
    log_in(page, "vanphong", TEST_PASSWORD)
    open_accounts(page)
    page.locator("#id_status").select_option(label="Bị khóa")
    page.get_by_role("button", name="Lọc").click()
    row = page.get_by_role("row").filter(has_text="totruong")
    expect(row).to_contain_text("bị khóa")
    row.get_by_role("link", name="Mở khóa").click()
    page.get_by_role("button", name="Mở khóa").click()
    expect(page.get_by_role("alert")).to_contain_text("Tài khoản totruong đã được mở khóa")
    expect(page.locator("main")).to_contain_text("Không bị khóa.")

    log_in(leader, "totruong", TEST_PASSWORD)
    expect(leader.get_by_role("heading", level=1)).to_contain_text("Xin chào")
