"""Field work without a signal (issue 19), on a 390 px phone in Chromium: visits logged with
no connection wait on the phone, the form opens again from the phone's cache, and every visit
reaches the portal once when the signal comes back; a refused one stays with its reason."""

import re

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


def test_a_weak_signal_keeps_the_visit_on_the_phone_and_it_is_stored_once(
    world, field, browser, live_server
):
    # The phone believes it has a signal, but the form's answer never comes. Requests
    # through a service worker escape Playwright's routing: this test drops the answers
    # without one (the form's sending and the outbox are the page's, not the worker's).
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=PHONE, service_workers="block"
    )
    page = context.new_page()
    page.base_url = live_server.url
    try:
        log_in(page, "tovien", TEST_PASSWORD)
        page.goto(page.base_url + FORM)
        # A shorter wait than a phone's 15 s for an answer that does not come.
        page.get_by_test_id("outbox").evaluate("outbox => { outbox.dataset.timeout = '1500'; }")

        posts, held = [], []

        def weak_signal(route):
            if route.request.method != "POST":
                route.continue_()
                return
            posts.append(route.request)
            if len(posts) == 1:
                route.fetch()  # the portal stores the first visit...
                route.abort("timedout")  # ...and its answer is lost
            else:
                held.append(route)  # the second gets no answer at all

        page.route(re.compile(r"/luot-ho-tro/them/"), weak_signal)
        log_visit(page, walk_in="Bà Tư bán nước")
        outbox_says(page, 1)
        expect(page.get_by_test_id("outbox")).to_contain_text("Đã lưu trên máy.")
        assert SupportVisit.objects.count() == 1  # it did reach the portal
        log_visit(page, walk_in="Ông Sáu sửa xe")
        outbox_says(page, 2)
        assert SupportVisit.objects.count() == 1
        page.unroute(re.compile(r"/luot-ho-tro/them/"))

        # Logging out now would delete them: the phone asks first, saying how many.
        questions = []

        def answer_no(dialog):
            questions.append(dialog.message)
            dialog.dismiss()

        page.once("dialog", answer_no)
        with page.expect_event("dialog"):
            page.locator("form[action='/dang-xuat/']").evaluate("form => form.requestSubmit()")
        expect(page.get_by_role("heading", name="Ghi lượt hỗ trợ")).to_be_visible()
        assert questions == [
            "Lượt hỗ trợ đã lưu trên máy nhưng chưa gửi: 2. Đăng xuất sẽ xóa các lượt này "
            "khỏi máy. Vẫn đăng xuất?"
        ]
        outbox_says(page, 2)

        sends = []

        def lose_the_first_answer(route):
            sends.append(route.request.post_data_json["client_id"])
            if len(sends) == 1:
                route.fetch()  # "already stored"...
                route.abort("timedout")  # ...never heard
            else:
                route.continue_()

        page.route("**/luot-ho-tro/dong-bo/", lose_the_first_answer)
        page.get_by_role("button", name="Gửi ngay").click()
        expect(page.get_by_test_id("outbox")).to_contain_text("Chưa kết nối được với Cổng")
        outbox_says(page, 2)

        page.get_by_role("button", name="Gửi ngay").click()
        expect(page.get_by_test_id("outbox")).to_contain_text("Đã gửi hết")
        assert len(sends) == 3 and sends[0] == sends[1] != sends[2]
        visits = SupportVisit.objects.order_by("pk")
        assert [v.walk_in_name for v in visits] == ["Bà Tư bán nước", "Ông Sáu sửa xe"]
        assert [str(v.client_id) for v in visits] == sends[1:]
        assert (
            sum(TeamTally.objects.filter(team=field["team"]).values_list("visits", flat=True)) == 2
        )

        # With the signal good again, the form is sent and answered as always.
        log_visit(page, walk_in="Chị Ba bán rau")
        # (The first visit's message, whose answer was lost, is shown too: it was saved.)
        expect(page.get_by_text("Đã lưu lượt hỗ trợ.").first).to_be_visible()
        assert SupportVisit.objects.count() == 3

        # A form the portal refuses is shown again with the portal's reasons, kept nowhere.
        page.goto(page.base_url + FORM)
        page.get_by_label("Người dân đến hỗ trợ trực tiếp").fill("Cô Năm")
        page.get_by_role("button", name="Lưu lượt hỗ trợ").click()
        expect(page.locator("#div_id_support_types .invalid-feedback")).to_be_visible()
        expect(page.get_by_label("Người dân đến hỗ trợ trực tiếp")).to_have_value("Cô Năm")
        expect(page.get_by_test_id("outbox")).to_be_hidden()
        assert SupportVisit.objects.count() == 3
    finally:
        context.close()


def test_the_outbox_waits_for_its_own_user_through_an_ended_session_and_another_log_in(
    world, field, phone_page
):
    page = phone_page
    open_form_with_a_signal(page)
    page.context.set_offline(True)
    log_visit(page, walk_in="Bà Tư bán nước")
    log_visit(page, walk_in="Ông Sáu sửa xe")
    outbox_says(page, 2)
    # A visit waiting on the phone can be deleted (after a question).
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("outbox-item").filter(has_text="Ông Sáu sửa xe").get_by_role(
        "button", name="Xóa"
    ).click()
    outbox_says(page, 1)

    # The session ends while the phone has no signal.
    page.context.clear_cookies()
    page.context.set_offline(False)
    expect(page.get_by_test_id("outbox")).to_contain_text("Phiên đăng nhập đã hết")
    outbox_says(page, 1)
    assert SupportVisit.objects.count() == 0

    # Someone else logs in on this phone: the visit is neither shown nor sent as theirs.
    page.get_by_role("link", name="Đăng nhập lại").click()
    page.get_by_label("Tên đăng nhập").fill("totruong")
    page.get_by_label("Mật khẩu").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Ghi lượt hỗ trợ")).to_be_visible()
    kept_on_the_phone(page)
    expect(page.get_by_test_id("outbox-others")).to_have_text(
        "Trên máy này còn lượt hỗ trợ của tài khoản khác đang chờ gửi (1): các lượt đó được "
        "gửi khi tài khoản ấy đăng nhập lại."
    )
    expect(page.get_by_test_id("outbox")).to_be_hidden()
    assert SupportVisit.objects.count() == 0

    # Their log-out empties what the worker keeps (no visit of theirs waits: no question).
    page.locator("form[action='/dang-xuat/']").evaluate("form => form.requestSubmit()")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    assert page.evaluate("caches.keys()") == []
    databases = page.evaluate("indexedDB.databases().then(all => all.map(db => db.name))")
    assert f"binhdan-offline-{world.users['member'].pk}" in databases

    # The member logs in again: the visit is there and goes, once, in their name.
    log_in(page, "tovien", TEST_PASSWORD)
    kept_on_the_phone(page)
    page.goto(page.base_url + FORM)
    expect(page.get_by_test_id("outbox")).to_contain_text("Đã gửi hết")
    kept_on_the_phone(page)
    visit = SupportVisit.objects.get()
    assert (visit.walk_in_name, visit.created_by) == ("Bà Tư bán nước", world.users["member"])
