"""Field work without a signal (issue 19), on a 390 px phone in Chromium: visits logged with
no connection wait on the phone, the form opens again from the phone's cache, and every visit
reaches the portal once when the signal comes back; a refused one stays with its reason."""

import pytest
from playwright.sync_api import expect

from households.models import SupportVisit
from households.services import delete_household
from reports.kpis import tallies
from reports.models import TeamTally
from tests.e2e.conftest import PHONE, log_in
from tests.factories import TEST_PASSWORD, HouseholdFactory, MemberFactory, TeamFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.service_worker]

FORM = "/luot-ho-tro/them/"


@pytest.fixture
def field(world):
    team = TeamFactory(village=world.village_a)
    me = MemberFactory(team=team, full_name="Đỗ Minh Tuấn", user=world.users["member"])
    households = [
        HouseholdFactory(village=world.village_a, head_name="Nguyễn Thị Hường"),
        HouseholdFactory(village=world.village_a, head_name="Vũ Văn Long"),
    ]
    return {"team": team, "me": me, "households": households}


def kept_on_the_phone(page):
    """Wait for the service worker's refresh behind the page just opened (the form and the
    households' list kept), so that none of its requests is still running afterwards."""
    expect(page.locator("html[data-offline-ready]")).to_have_count(1)


def open_form_with_a_signal(page):
    """The visit form, once with a signal: the service worker keeps it for later."""
    log_in(page, "tovien", TEST_PASSWORD)
    kept_on_the_phone(page)
    page.goto(page.base_url + FORM)
    kept_on_the_phone(page)
    assert page.context.service_workers, "the service worker is registered"


def log_visit(page, *, household=None, search=None, walk_in=None):
    if household:
        page.get_by_label("Tìm hộ dân").fill(search)
        page.get_by_label(household).check()
    else:
        page.get_by_label("Người dân đến hỗ trợ trực tiếp").fill(walk_in)
    page.get_by_label("Cài đặt, kích hoạt VNeID").check()
    page.get_by_role("button", name="Lưu lượt hỗ trợ").click()


def outbox_says(page, count):
    expect(page.get_by_test_id("outbox-status")).to_have_text(
        f"Đã lưu trên máy, chưa gửi ({count})"
    )


def test_three_visits_logged_offline_reach_the_portal_once_with_the_tallies(
    world, field, phone_page
):
    page = phone_page
    open_form_with_a_signal(page)
    page.context.set_offline(True)
    expect(page.get_by_text("Không có mạng: lượt hỗ trợ được lưu trên máy")).to_be_visible()

    log_visit(page, household="Nguyễn Thị Hường", search="huong")
    outbox_says(page, 1)
    log_visit(page, household="Vũ Văn Long", search="vu van")
    outbox_says(page, 2)
    log_visit(page, walk_in="Bà Tư bán nước")
    outbox_says(page, 3)

    page.reload()  # still without a signal: the form comes from the phone's cache
    expect(page.get_by_role("heading", name="Ghi lượt hỗ trợ")).to_be_visible()
    outbox_says(page, 3)
    expect(page.get_by_test_id("outbox-item")).to_have_count(3)
    assert SupportVisit.objects.count() == 0

    page.context.set_offline(False)
    expect(page.get_by_test_id("outbox")).to_contain_text("Đã gửi hết các lượt hỗ trợ lưu trên máy")
    expect(page.get_by_test_id("outbox-item")).to_have_count(0)
    visits = SupportVisit.objects.order_by("pk")
    assert [v.household.head_name if v.household else v.walk_in_name for v in visits] == [
        "Nguyễn Thị Hường",
        "Vũ Văn Long",
        "Bà Tư bán nước",
    ]
    assert {v.member for v in visits} == {field["me"]}
    assert len({v.client_id for v in visits}) == 3
    assert sum(TeamTally.objects.filter(team=field["team"]).values_list("visits", flat=True)) == 3
    assert tallies.differences() == []
    page.get_by_role("button", name="Gửi ngay").click()  # nothing left to send twice
    expect(page.get_by_test_id("outbox")).to_contain_text("Đã gửi hết")
    assert SupportVisit.objects.count() == 3

    page.goto(page.base_url + "/")  # K5 of the village's dashboard counts them
    expect(page.locator('[data-kpi="K5"] .kpi-value')).to_have_text("3")
    kept_on_the_phone(page)


def test_a_visit_the_portal_refuses_stays_on_the_phone_with_its_reason(world, field, phone_page):
    page = phone_page
    open_form_with_a_signal(page)
    page.context.set_offline(True)
    log_visit(page, household="Nguyễn Thị Hường", search="huong")
    outbox_says(page, 1)
    log_visit(page, walk_in="Bà Tư bán nước")
    outbox_says(page, 2)
    # Meanwhile, at the commune office, the household is deleted from the registry.
    delete_household(field["households"][0], world.users["office"])

    page.context.set_offline(False)
    outbox_says(page, 1)
    expect(page.get_by_test_id("outbox-reason")).to_contain_text(
        "Hộ dân này đã bị xóa khỏi sổ theo dõi"
    )
    assert [v.walk_in_name for v in SupportVisit.objects.all()] == ["Bà Tư bán nước"]

    # The member corrects it (it was another household) and it goes.
    page.get_by_role("button", name="Sửa").click()
    page.get_by_label("Tìm hộ dân").fill("long")
    page.get_by_label("Vũ Văn Long").check()
    page.get_by_role("button", name="Lưu lượt hỗ trợ").click()
    expect(page.get_by_test_id("outbox")).to_contain_text("Đã gửi hết")
    assert SupportVisit.objects.filter(household=field["households"][1]).count() == 1
    assert SupportVisit.objects.count() == 2


def test_a_visit_sent_again_after_a_lost_answer_is_stored_once(world, field, browser, live_server):
    # Requests through a service worker escape Playwright's routing: this test drops the
    # answer without one (the outbox and its sending are the page's, not the worker's).
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE, service_workers="block"
    )
    page = context.new_page()
    page.base_url = live_server.url
    try:
        log_in(page, "tovien", TEST_PASSWORD)
        page.goto(page.base_url + FORM)
        context.set_offline(True)
        log_visit(page, walk_in="Bà Tư bán nước")
        outbox_says(page, 1)

        sends = []

        def lose_the_first_answer(route):
            sends.append(route.request.post_data_json["client_id"])
            if len(sends) == 1:
                route.fetch()  # the portal stores it...
                route.abort("timedout")  # ...and the phone never hears back
            else:
                route.continue_()

        page.route("**/luot-ho-tro/dong-bo/", lose_the_first_answer)
        context.set_offline(False)
        expect(page.get_by_test_id("outbox")).to_contain_text("Chưa kết nối được với Cổng")
        outbox_says(page, 1)
        assert SupportVisit.objects.count() == 1

        page.get_by_role("button", name="Gửi ngay").click()
        expect(page.get_by_test_id("outbox")).to_contain_text("Đã gửi hết")
        assert len(sends) == 2 and sends[0] == sends[1]
        assert SupportVisit.objects.count() == 1
    finally:
        context.close()
