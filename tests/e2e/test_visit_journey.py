"""A team member, on a phone, logs a support visit to a household found by typing part of its
name without diacritics (search as you type)."""

import pytest
from playwright.sync_api import expect

from households.models import SupportType, SupportVisit
from teams.models import MemberRole
from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, HouseholdFactory, MemberFactory, TeamFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_logs_a_visit_to_a_household_found_without_diacritics(world, phone_page):
    # An earlier browser test may have flushed the catalogues the migrations seeded.
    MemberRole.objects.get_or_create(code="khac", defaults={"name": "Thành phần khác"})
    SupportType.objects.get_or_create(
        code="vneid-kich-hoat", defaults={"name": "Cài đặt, kích hoạt VNeID"}
    )
    team = TeamFactory(village=world.village_a)
    me = MemberFactory(team=team, full_name="Đỗ Minh Tuấn", user=world.users["member"])
    household = HouseholdFactory(
        village=world.village_a, head_name="Nguyễn Thị Hường", address="Xóm 3, Thôn Đông"
    )
    HouseholdFactory(village=world.village_a, head_name="Vũ Văn Long", address="Xóm 1")
    page = phone_page
    log_in(page, "tovien", TEST_PASSWORD)

    page.goto(page.base_url + "/luot-ho-tro/them/")
    expect(page.get_by_label("Tổ viên")).to_have_value(str(me.pk))
    page.get_by_label("Tìm hộ dân").press_sequentially("thi huong", delay=30)
    choice = page.get_by_label("Nguyễn Thị Hường")
    expect(choice).to_be_visible()
    expect(page.get_by_text("Vũ Văn Long")).to_have_count(0)
    choice.check()
    page.get_by_label("Cài đặt, kích hoạt VNeID").check()
    page.get_by_label("Số người được hỗ trợ").fill("2")
    page.get_by_role("button", name="Lưu lượt hỗ trợ").click()

    expect(page.get_by_role("alert")).to_contain_text("Đã lưu lượt hỗ trợ")
    expect(page.locator("main table")).to_contain_text("Nguyễn Thị Hường")
    visit = SupportVisit.objects.get()
    assert (visit.household, visit.member, visit.people_helped) == (household, me, 2)
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
