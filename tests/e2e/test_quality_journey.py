"""A team leader submitting with the data-quality check (issue 16): a blocking finding stops
the submission with the rows to correct; once corrected, the warnings need an explanation,
which the report keeps."""

import datetime

import pytest
from playwright.sync_api import expect

from reports.models import QuarterlyReport
from tests.e2e.conftest import log_in
from tests.factories import (
    TEST_PASSWORD,
    HouseholdFactory,
    MemberFactory,
    SupportVisitFactory,
    ensure_catalogues,
    village_team,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_leader_is_stopped_by_a_blocking_rule_then_explains_the_warnings(world, phone_page):
    ensure_catalogues()
    today = datetime.date.today()
    team = village_team(world.village_a)
    MemberFactory(team=team, full_name="Trần Văn Bình", is_leader=True)
    newcomer = MemberFactory(team=team, full_name="Lò Thị Sen", joined_on=today)
    SupportVisitFactory(member=newcomer, date=today - datetime.timedelta(days=1))  # CL03
    HouseholdFactory(village=world.village_a, head_name="Hà Văn Tú")  # CL05: no member
    page = phone_page
    log_in(page, "totruong", TEST_PASSWORD)
    page.get_by_test_id("report-link").click()
    expect(page.get_by_test_id("quality-blocking")).to_contain_text("Lò Thị Sen")
    page.get_by_role("link", name="Nộp lên xã").click()
    expect(page.get_by_test_id("quality-blocking")).to_contain_text("CL03")
    expect(page.get_by_role("button", name="Nộp báo cáo")).to_have_count(0)

    # The leader corrects the visit's date (the member's first day), then submits again.
    newcomer.joined_on = today - datetime.timedelta(days=1)
    newcomer.save()
    page.reload()
    expect(page.get_by_test_id("quality-warnings")).to_contain_text("CL05")
    explanation = page.get_by_label("Giải thích các cảnh báo về chất lượng dữ liệu")
    expect(explanation).to_have_attribute("required", "")
    page.get_by_label("Giải thích các cảnh báo về chất lượng dữ liệu").fill(
        "Hộ ông Tú mới tách hộ, Tổ sẽ phân công trong tuần."
    )
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("Đã nộp")
    expect(page.get_by_test_id("quality-frozen")).to_contain_text("Hộ ông Tú mới tách hộ")
    report = QuarterlyReport.objects.get(village=world.village_a)
    assert report.snapshot["quality"]["explanation"].startswith("Hộ ông Tú")
