"""Every navigation destination of each role is reachable within two taps of their 工作台 (a tab,
or 更多 then the link) on a 375 px phone, answers without an error, and no page overflows
sideways (headless Chromium through Playwright, as in tests/test_csp_browser.py)."""

import shutil

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def phone():
    if CHROMIUM is None:
        pytest.skip("needs Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.mark.parametrize("staff_no", ["W001", "L001", "S001"])
def test_every_destination_within_two_taps_and_nothing_overflows(
    transactional_db, org, org2, live_server, phone, staff_no
):
    context = phone.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=staff_no]", staff_no)
    page.fill("input[name=password]", "pass-1234-word")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/")
    assert page.locator("[data-testid=tab-bar]").is_visible()
    assert not page.locator("[data-testid=site-menu]").is_visible()  # the desktop menu
    tabs = page.eval_on_selector_all(
        "[data-testid=tab-bar] a", "els => els.map(e => [e.dataset.nav, e.getAttribute('href')])"
    )
    assert 2 <= len(tabs) <= 5 and tabs[-1][0] == "home.more"
    assert page.eval_on_selector("[aria-current=page]", "e => e.dataset.nav") == "home.workplace"
    # tap 更多: every other destination is listed there
    page.click("[data-testid=tab-bar] a[data-nav='home.more']")
    page.wait_for_load_state()
    listed = page.eval_on_selector_all(
        "main [data-nav]", "els => els.map(e => [e.dataset.nav, e.getAttribute('href')])"
    )
    destinations = dict(tabs + listed)
    assert len(destinations) >= 6
    for key, href in destinations.items():
        response = page.goto(f"{live_server.url}{href}")
        assert response is not None and response.status < 400, (key, href, response.status)
        if href.startswith("/admin/"):
            continue  # Wagtail's own admin has its own layout
        assert page.evaluate(OVERFLOW) <= 0, f"{key} {href} overflows at 375 px"
        current = page.eval_on_selector_all(
            "[data-testid=tab-bar] [aria-current=page]", "els => els.map(e => e.dataset.nav)"
        )
        assert len(current) == 1, (key, current)  # the current place is marked in the bar
    assert not errors
    context.close()
