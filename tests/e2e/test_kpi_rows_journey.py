"""The commune office clicks every KPI figure of the dashboard and lands on the rows behind it:
as many rows as the card's figure (a ratio's numerator, the teams meeting it)."""

import re

import pytest
from playwright.sync_api import expect

from binhdan.quarters import Quarter
from teams.models import Role
from tests.e2e.conftest import log_in
from tests.factories import TEST_PASSWORD, UserFactory, ensure_catalogues
from tests.reports.test_kpi_rows import build_commune

pytestmark = pytest.mark.django_db(transaction=True)

Q1 = Quarter(2026, 1)


def card_count(card) -> int:
    """What a card's figure counts, as the card shows it: "(6/25)" gives 6, "17" gives 17."""
    fraction = card.get_by_test_id("kpi-fraction")
    if fraction.count():
        return int(re.match(r"\((\d+)/\d+\)", fraction.inner_text()).group(1))
    value = card.locator(".kpi-value").inner_text()
    return 0 if value == "—" else int(value)


def click_every_card(page, tab_url: str) -> list[tuple[str, int, int]]:
    seen = []
    # (K11 counts adults and lists households: tests/reports/test_kpi_rows.py checks its rows.)
    for number in range(1, 11):
        code = f"K{number}"
        page.goto(tab_url)
        card = page.get_by_test_id("kpi-cards").locator(f'[data-kpi="{code}"]')
        expected = card_count(card)
        card.get_by_test_id("kpi-rows-link").click()
        expect(page.locator("h1")).to_contain_text(f"{code} · ")
        shown = int(page.get_by_test_id("row-count").inner_text())
        seen.append((code, expected, shown))
    return seen


def test_the_office_opens_every_figures_rows_from_the_dashboard(page):
    ensure_catalogues()  # an earlier browser test may have flushed the training topics
    commune, _villages = build_commune()
    UserFactory(username="vanphong", role=Role.OFFICE, commune=commune)
    log_in(page, "vanphong", TEST_PASSWORD)

    for tab in ("", "&to=xa"):
        seen = click_every_card(page, f"{page.base_url}/?quy={Q1}{tab}")
        assert [code for code, _expected, _shown in seen] == [f"K{n}" for n in range(1, 11)]
        assert [(code, shown) for code, _e, shown in seen] == [(c, e) for c, e, _s in seen], tab
        assert any(expected for _c, expected, _s in seen)

    # A ratio's other part is one tab away, and the rows export to Excel.
    page.goto(f"{page.base_url}/?quy={Q1}")
    page.get_by_test_id("kpi-cards").locator('[data-kpi="K7"]').get_by_test_id(
        "kpi-rows-link"
    ).click()
    page.get_by_test_id("row-parts").locator('[data-part="con-lai"]').click()
    expect(page.locator('[data-part="con-lai"]')).to_have_class(re.compile("active"))
    with page.expect_download() as download:
        page.get_by_test_id("rows-export").click()
    assert download.value.suggested_filename == f"chi-so-k7-xa-{Q1}.xlsx"
