"""A quarterly report's journey: the leader submits, the commune office returns it with a
comment, the leader corrects and submits again, the office accepts it and downloads the PDF."""

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, MemberFactory, ensure_catalogues, village_team

pytestmark = pytest.mark.django_db(transaction=True)


def test_leader_submits_office_returns_leader_resubmits_office_accepts_and_downloads(
    world, page, browser
):
    ensure_catalogues()
    MemberFactory(team=village_team(world.village_a), full_name="Trần Văn Bình", is_leader=True)
    leader = page
    log_in(leader, "totruong", TEST_PASSWORD)
    leader.get_by_test_id("report-link").click()
    leader.get_by_label("Kết quả đạt được").fill("Hỗ trợ người dân cài đặt VNeID tận nhà.")
    leader.get_by_role("button", name="Lưu nội dung báo cáo").click()
    expect(leader.get_by_role("alert")).to_contain_text("Đã lưu nội dung báo cáo.")
    leader.get_by_role("link", name="Nộp lên xã").click()
    # The data-quality check warns that the member logged no visit (CL07): explained.
    leader.get_by_label("Giải thích các cảnh báo về chất lượng dữ liệu").fill(
        "Tổ viên mới vào Tổ, sẽ đi hỗ trợ từ tháng sau."
    )
    leader.get_by_role("button", name="Nộp báo cáo").click()
    expect(leader.get_by_test_id("report-status")).to_contain_text("Đã nộp")

    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", service_workers="block"
    )
    office = context.new_page()
    office.base_url = page.base_url
    log_in(office, "vanphong", TEST_PASSWORD)
    office.get_by_test_id("report-link").click()
    office.get_by_role("link", name="Thôn Đông").click()
    office.get_by_role("link", name="Trả lại để chỉnh sửa").click()
    office.get_by_label("Nội dung cần chỉnh sửa").fill("Bổ sung số liệu tuyên truyền.")
    office.get_by_role("button", name="Trả lại").click()
    expect(office.get_by_test_id("report-status")).to_contain_text("Bị trả lại")

    leader.reload()
    expect(leader.get_by_test_id("return-comment")).to_contain_text("Bổ sung số liệu tuyên truyền.")
    leader.get_by_label("Khó khăn, vướng mắc").fill("Sóng di động yếu ở xóm Chùa.")
    leader.get_by_role("button", name="Lưu nội dung báo cáo").click()
    leader.get_by_role("link", name="Nộp lại").click()
    leader.get_by_label("Giải thích các cảnh báo về chất lượng dữ liệu").fill("Như lần trước.")
    leader.get_by_role("button", name="Nộp báo cáo").click()
    expect(leader.get_by_test_id("report-status")).to_contain_text("Đã nộp")
    # Frozen again with the correction; the first submission still judges the deadline.
    expect(leader.get_by_test_id("report-dates")).to_contain_text("nộp lại lúc")
    expect(leader.get_by_test_id("report-dates")).to_contain_text("lần nộp đầu tiên")
    expect(leader.get_by_test_id("frozen")).to_contain_text("số liệu đã được chốt lại")

    office.reload()
    office.get_by_role("link", name="Tiếp nhận").click()
    office.get_by_role("button", name="Tiếp nhận").click()
    expect(office.get_by_test_id("report-status")).to_contain_text("Đã tiếp nhận")
    expect(office.get_by_test_id("history")).to_contain_text("Bổ sung số liệu tuyên truyền.")
    pdf_link = office.get_by_test_id("download-pdf")
    with office.expect_download() as download_info:
        pdf_link.click()
    # While the file is made the button says so and a second press does nothing.
    expect(pdf_link).to_have_attribute("aria-disabled", "true")
    expect(pdf_link).to_contain_text("Đang tạo tệp…")
    download = download_info.value
    assert download.suggested_filename.endswith("-LM01.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(download.path()).pages)
    assert "Sóng di động yếu ở xóm Chùa" in " ".join(text.split())
    context.close()


def test_the_report_chart_text_stays_readable_on_a_phone(world, phone_page):
    from reports.kpis.charts import FONT_SIZE, WIDTH

    ensure_catalogues()
    village_team(world.village_a)
    page = phone_page
    log_in(page, "totruong", TEST_PASSWORD)
    page.goto(page.base_url + f"/bao-cao/2026Q4/thon/{world.village_a.pk}/")
    chart = page.locator("svg.trend-chart").first
    expect(chart).to_be_visible()
    drawn = chart.bounding_box()["width"]
    assert FONT_SIZE * drawn / WIDTH >= 11, drawn  # the text's size in pixels on the phone
    expect(chart).to_contain_text("Quý IV")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
