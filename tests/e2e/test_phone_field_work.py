"""On a 390 px phone (issue 15, part 1): a member logs a support visit from the dashboard in
six taps or fewer, and every list of field work fits the screen's width."""

import pytest
from playwright.sync_api import expect

from households.models import SupportVisit
from tests.e2e.conftest import log_in
from tests.factories import (
    TEST_PASSWORD,
    CommunicationActivityFactory,
    HouseholdFactory,
    HouseholdPlatformFactory,
    MemberFactory,
    SupportVisitFactory,
    TeamFactory,
    ensure_catalogues,
    training_of,
)

pytestmark = pytest.mark.django_db(transaction=True)

#: Elements reaching past the right edge of the screen (a list cut at the right).
TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll("main *, nav *")) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) out.push(el.tagName + "." + el.className);
  }
  return [document.documentElement.scrollWidth - width, out.slice(0, 5)];
}"""


class Taps:
    """Counts what the user taps: each `tap(locator)` is one touch of the screen."""

    def __init__(self):
        self.count = 0

    def tap(self, locator):
        self.count += 1
        locator.click()


def test_a_member_logs_a_visit_from_the_dashboard_in_six_taps_or_fewer(world, phone_page):
    team = TeamFactory(village=world.village_a)
    me = MemberFactory(team=team, full_name="Đỗ Minh Tuấn", user=world.users["member"])
    household = HouseholdFactory(
        village=world.village_a, head_name="Nguyễn Thị Hường", address="Xóm 3, Thôn Đông"
    )
    HouseholdFactory(village=world.village_a, head_name="Vũ Văn Long", address="Xóm 1")
    page = phone_page
    log_in(page, "tovien", TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào")

    taps = Taps()
    taps.tap(page.get_by_test_id("bottom-log-visit"))
    search = page.get_by_label("Tìm hộ dân")
    taps.tap(search)
    search.press_sequentially("huong", delay=30)
    taps.tap(page.get_by_label("Nguyễn Thị Hường"))
    taps.tap(page.get_by_label("Cài đặt, kích hoạt VNeID"))
    taps.tap(page.get_by_role("button", name="Lưu lượt hỗ trợ"))

    expect(page.get_by_role("alert")).to_contain_text("Đã lưu lượt hỗ trợ")
    assert taps.count <= 6
    visit = SupportVisit.objects.get()
    assert (visit.member, visit.household) == (me, household)
    # Landed on their own visits, as a card that fits the screen.
    expect(page.get_by_test_id("visit-list")).to_contain_text("Nguyễn Thị Hường")
    expect(page.get_by_label("Chỉ của tôi")).to_be_checked()
    assert page.evaluate(TOO_WIDE) == [0, []]


def test_every_field_list_fits_a_phone_screen(world, phone_page):
    ensure_catalogues()  # the training's topics (an earlier browser test flushed them)
    team = TeamFactory(village=world.village_a)
    member = MemberFactory(team=team, full_name="Nguyễn Thị Phương Thảo")
    household = HouseholdFactory(
        village=world.village_a,
        head_name="Hoàng Thị Ngọc Ánh",
        address="Xóm Đồng Tâm, đường liên thôn số 3, Thôn Đông",
        phone="0912345678",
    )
    SupportVisitFactory(member=member, household=household, walk_in_name="")
    HouseholdPlatformFactory(household=household, activated_on=None)  # VNeID to follow up
    training_of(world.village_a)
    CommunicationActivityFactory(
        commune=world.commune,
        villages=[world.village_a, world.village_b],
        reaches_all_households=True,
        title="Tuyên truyền cài đặt và tích hợp giấy tờ cá nhân trên ứng dụng VNeID",
    )
    page = phone_page
    log_in(page, "vanphong", TEST_PASSWORD)
    for path in (
        "/",
        "/luot-ho-tro/",
        "/ho-dan/",
        "/ho-dan/vneid-chua-kich-hoat/",
        "/to-vien/",
        "/tap-huan/",
        "/tuyen-truyen/",
    ):
        page.goto(page.base_url + path)
        assert page.evaluate(TOO_WIDE) == [0, []], path
