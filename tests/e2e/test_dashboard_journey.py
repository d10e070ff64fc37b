"""Leadership opens the dashboard, switches the quarter and sees the figures change."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from binhdan.quarters import Quarter
from tests.e2e.conftest import log_in
from tests.factories import (
    TEST_PASSWORD,
    MemberFactory,
    SupportVisitFactory,
    TeamFactory,
    ensure_catalogues,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_leadership_switches_the_quarter_and_sees_the_figures_change(world, page):
    ensure_catalogues()  # an earlier browser test may have flushed the training topics
    current = Quarter.containing(timezone.localdate())
    previous = current.previous()
    member = MemberFactory(team=TeamFactory(village=world.village_a))
    SupportVisitFactory.create_batch(3, member=member, date=current.first_day)
    SupportVisitFactory.create_batch(52, member=member, date=previous.first_day)

    log_in(page, "lanhdao", TEST_PASSWORD)
    expect(page.get_by_test_id("scope")).to_contain_text(str(current.label))
    row = page.get_by_test_id("village-table").get_by_role("row", name="Thôn Đông")
    expect(row).to_contain_text("3")
    expect(page.get_by_test_id("kpi-cards")).to_contain_text("K5")

    # The picker submits on change once its script has run (deferred: before "load").
    page.wait_for_load_state("load")
    page.get_by_label("Quý", exact=True).select_option(str(previous))  # submits on change
    expect(page).to_have_url(f"{page.base_url}/?quy={previous}")
    expect(page.get_by_test_id("scope")).to_contain_text(str(previous.label))
    row = page.get_by_test_id("village-table").get_by_role("row", name="Thôn Đông")
    expect(row).to_contain_text("52")
    expect(page.locator("svg.trend-chart")).to_be_visible()
