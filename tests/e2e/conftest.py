"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

They need /usr/bin/chromium (`apt-get install chromium`); without it they are skipped with
that message. `npx playwright install` cannot work on our machines (no internet).
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not found: install it with `apt-get install chromium`"
        if os.environ.get("BINHDAN_REQUIRE_BROWSER"):
            pytest.fail(message)  # CI installs it: a skip there would hide the browser tests
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    # CI machines are small and shared: assertions wait as long as actions do.
    expect.set_options(timeout=10_000)

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # to set up data are still plain synchronous calls.
    mp = pytest.MonkeyPatch()
    mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    mp.undo()


@pytest.fixture
def page(browser, live_server, request):
    # The service worker (issue 19) refreshes the visit form and the households' list behind
    # each page a member opens. The live server shares one SQLite connection between its
    # threads: those requests would race the test's own. Only the tests marked
    # `service_worker` (tests/e2e/test_offline_visits.py) let it run, and wait for it.
    workers = "allow" if request.node.get_closest_marker("service_worker") else "block"
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", service_workers=workers
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def phone_page(page):
    page.set_viewport_size(PHONE)
    return page


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def log_in(page, username, password):
    page.goto(page.base_url + "/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
