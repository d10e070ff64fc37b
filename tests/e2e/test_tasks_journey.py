"""On a phone: a village leader opens the portal and is told that the commune office returned
the team's report, with what to correct; the office records a communication activity,
finding the households it reached by typing their names among those of the chosen village."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from binhdan.quarters import Quarter
from households.models import CommunicationActivity
from reports.reporting import workflow
from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, HouseholdFactory, ensure_catalogues, village_team

pytestmark = pytest.mark.django_db(transaction=True)


def test_leader_sees_on_the_home_page_that_the_report_was_returned(world, phone_page):
    ensure_catalogues()
    village_team(world.village_a)
    quarter = Quarter.containing(timezone.localdate())
    report = workflow.report_for(world.commune, quarter, world.village_a)
    report = workflow.submit(report, world.users["leader"])
    workflow.return_report(report, world.users["office"], "Bổ sung số liệu tuyên truyền.")
    page = phone_page
    log_in(page, "totruong", TEST_PASSWORD)

    tasks = page.get_by_test_id("tasks")
    expect(tasks).to_contain_text("Việc cần làm")
    returned = page.get_by_test_id("task-returned")
    expect(returned).to_be_visible()
    expect(returned).to_contain_text(f"Báo cáo {quarter.label} bị trả lại để chỉnh sửa")
    expect(returned).to_contain_text("Văn phòng xã trả lại: Bổ sung số liệu tuyên truyền.")
    expect(returned.locator(".badge")).to_have_text(
        re.compile(r"còn \d+ ngày|hạn là hôm nay|đã quá hạn")
    )
    # The panel comes before the figures, and nothing is wider than the phone.
    assert tasks.bounding_box()["y"] < page.get_by_test_id("kpi-cards").bounding_box()["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    returned.get_by_role("link", name="Chỉnh sửa và nộp lại").click()
    expect(page.get_by_test_id("return-comment")).to_contain_text("Bổ sung số liệu tuyên truyền.")
    expect(page).to_have_url(re.compile(rf"/bao-cao/{quarter}/thon/{world.village_a.pk}/$"))

    # The menu leads there too.
    page.goto(page.base_url + "/")
    page.locator(".navbar-toggler").click()
    page.get_by_role("button", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="Báo cáo quý", exact=True).click()
    expect(page.get_by_test_id("return-comment")).to_be_visible()


def test_office_finds_the_households_reached_by_typing_their_names(world, phone_page):
    tuan = HouseholdFactory(village=world.village_a, head_name="Nguyễn Văn Tuấn")
    hong = HouseholdFactory(village=world.village_a, head_name="Đỗ Thị Hồng")
    HouseholdFactory(village=world.village_b, head_name="Nguyễn Văn Tuấn")  # a namesake
    page = phone_page
    log_in(page, "vanphong", TEST_PASSWORD)
    page.goto(page.base_url + "/tuyen-truyen/them/")
    expect(page.locator("input[name=households]")).to_have_count(0)

    page.get_by_label("Ngày", exact=False).first.fill("05/11/2026")
    page.get_by_label("Hình thức tuyên truyền").select_option(label="Nhóm Zalo cộng đồng")
    page.get_by_label("Nội dung").fill("Hướng dẫn cài đặt VNeID")
    page.get_by_label("Thôn Đông").check()
    search = page.get_by_label("Tìm hộ dân được tiếp cận")
    search.press_sequentially("tuan", delay=30)
    found = page.get_by_test_id("households-found")
    expect(found.locator("input[name=households]")).to_have_count(1)  # not Thôn Đoài's
    found.get_by_label("Nguyễn Văn Tuấn").check()
    search.fill("")
    search.press_sequentially("hong", delay=30)
    expect(found.get_by_label("Đỗ Thị Hồng")).to_be_visible()
    found.get_by_label("Đỗ Thị Hồng").check()
    # The first one ticked is kept while searching for the second.
    expect(page.get_by_test_id("households-ticked").get_by_label("Nguyễn Văn Tuấn")).to_be_checked()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Đến tất cả hộ dân của các thôn, xóm").check()
    expect(page.get_by_test_id("households-reached")).to_be_hidden()
    page.get_by_label("Đến tất cả hộ dân của các thôn, xóm").uncheck()
    page.get_by_role("button", name="Lưu", exact=True).click()

    expect(page.get_by_role("alert")).to_contain_text("Đã lưu hoạt động tuyên truyền")
    activity = CommunicationActivity.objects.get()
    assert set(activity.households.all()) == {tuan, hong}
