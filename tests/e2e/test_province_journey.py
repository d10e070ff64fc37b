"""On a phone: the Department of Science and Technology receives one commune's report and
returns another's with what to correct; that commune's office sees the return on its home
page, with the comment. Its overview of the province and a commune's dashboard fit the
phone (issue 18)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from binhdan.quarters import Quarter
from reports.models import ReportStatus
from reports.reporting import workflow
from teams.models import Role
from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, CommuneFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_department_receives_one_report_and_returns_another(world, phone_page):
    quarter = Quarter.containing(timezone.localdate())
    other = CommuneFactory(code="TANCUONG", name="Tân Cương", province=world.commune.province)
    other_office = UserFactory(username="vanphongtc", role=Role.OFFICE, commune=other)
    ours = workflow.send(workflow.report_for(world.commune, quarter), world.users["office"])
    theirs = workflow.send(workflow.report_for(other, quarter), other_office)

    page = phone_page
    log_in(page, "soKHCN", TEST_PASSWORD)
    # The overview first: the province's KPIs and its communes, on a phone's width.
    expect(page).to_have_url(re.compile(r"/so/$"))
    expect(page.get_by_test_id("kpi-cards").locator("[data-kpi]")).to_have_count(11)
    expect(page.locator("tr[data-commune]")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("link", name="Tân Cương").click()  # its dashboard, read-only
    expect(page.get_by_test_id("scope")).to_contain_text("Tân Cương")
    expect(page.locator("a.kpi-rows-link")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.go_back()
    page.get_by_test_id("reporting-summary").click()
    expect(page).to_have_url(re.compile(r"/so/bao-cao/"))
    # (the world has a third commune in the province, that has not sent)
    expect(page.get_by_test_id("reporting-rates")).to_contain_text("2/3 xã đã gửi")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    row = page.locator(f'tr[data-commune="{other.code}"]')
    row.get_by_role("link", name="Tiếp nhận").click()
    page.get_by_role("button", name="Tiếp nhận").click()
    expect(page.get_by_text("Đã tiếp nhận báo cáo của xã.")).to_be_visible()
    expect(page.locator(f'tr[data-commune="{other.code}"]')).to_contain_text("Sở đã tiếp nhận")

    row = page.locator(f'tr[data-commune="{world.commune.code}"]')
    row.get_by_role("link", name="Trả lại xã").click()
    comment = page.get_by_label("Nội dung cần chỉnh sửa")
    expect(comment).to_have_attribute("required", "")  # the server refuses it empty too
    comment.fill("Phụ lục I thiếu số liệu thôn Đoài.")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_text("Đã trả lại báo cáo cho xã.")).to_be_visible()
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.status, theirs.status) == (ReportStatus.RETURNED, ReportStatus.RECEIVED)

    # The commune office logs in and is told, first thing, with the Department's words.
    page.context.clear_cookies()
    log_in(page, "vanphong", TEST_PASSWORD)
    returned = page.get_by_test_id("task-commune-returned")
    expect(returned).to_be_visible()
    expect(returned).to_contain_text("Phụ lục I thiếu số liệu thôn Đoài.")
    returned.get_by_role("link", name="Chỉnh sửa và gửi lại").click()
    expect(page.get_by_test_id("return-comment")).to_contain_text(
        "Sở Khoa học và Công nghệ trả lại"
    )
