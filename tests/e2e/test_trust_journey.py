"""Under the Content Security Policy the pages still work: menus open, nothing is refused."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_office_reaches_the_access_log_from_the_menu_with_no_policy_violation(world, phone_page):
    page = phone_page
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page, "vanphong", TEST_PASSWORD)

    # Bootstrap's collapse and dropdown run from static files under script-src 'self'.
    page.get_by_role("button", name="Trình đơn").click()
    # The menu unfolds with an animation ("collapsing", then "show"): a click on the user
    # menu during it may be lost on a loaded machine.
    expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    page.get_by_test_id("user-menu").click()
    link = page.get_by_role("link", name="Nhật ký truy cập dữ liệu cá nhân")
    expect(link).to_be_visible()  # the dropdown opened (a loaded machine animates slowly)
    with page.expect_navigation():
        link.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Nhật ký truy cập dữ liệu cá nhân")
    page.get_by_role("link", name="Thông báo về xử lý dữ liệu cá nhân").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thông báo về xử lý dữ liệu cá nhân")
    assert refused == []
