"""A village leader, on a phone, gives every household of a page to one member; some of them
are another member's now, so the page says whose and how many before anything is saved."""

import pytest
from playwright.sync_api import expect

from households.models import Household
from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, HouseholdFactory, MemberFactory, TeamFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_leader_confirms_taking_households_from_another_member(world, phone_page):
    team = TeamFactory(village=world.village_a)
    an = MemberFactory(team=team, full_name="Nguyễn Văn An")
    lan = MemberFactory(team=team, full_name="Trần Thị Lan")
    for name in ("Đỗ Thị Hồng", "Vũ Văn Long"):
        HouseholdFactory(village=world.village_a, head_name=name, member_in_charge=an)
    HouseholdFactory(village=world.village_a, head_name="Bùi Thị Nga")
    page = phone_page
    log_in(page, "totruong", TEST_PASSWORD)

    page.goto(page.base_url + "/ho-dan/")
    page.get_by_role("link", name="Phân công tổ viên").click()
    page.get_by_label("Chọn tất cả trên trang này").check()
    expect(page.get_by_label("Bùi Thị Nga")).to_be_checked()
    page.get_by_label("Giao các hộ đã chọn cho").select_option(label="Trần Thị Lan")
    page.get_by_role("button", name="Phân công", exact=True).click()

    warning = page.get_by_test_id("handover")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Giao 3 hộ cho Trần Thị Lan phụ trách?"
    )
    expect(warning).to_contain_text("2 hộ đang do Nguyễn Văn An phụ trách")
    expect(warning).to_contain_text("1 hộ chưa có tổ viên phụ trách")
    assert not Household.objects.filter(member_in_charge=lan).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("button", name="Xác nhận phân công").click()

    expect(page.get_by_role("alert")).to_contain_text("Trần Thị Lan nhận phụ trách thêm 3 hộ.")
    rows = page.locator("main form table tbody tr")
    expect(rows).to_have_count(3)
    for row in rows.all():
        expect(row).to_contain_text("Trần Thị Lan")
    expect(page.locator("main form table tbody")).not_to_contain_text("Nguyễn Văn An")
