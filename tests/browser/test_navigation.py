"""The phone navigation (issue 13) at 375 px, for a worker, a leader and a secretary of a branch
whose staff numbers also exist in a second branch: the bottom tab bar shows at most five
destinations ending with 更多, the 更多 page lists the rest, every destination is within two taps
of the 工作台, answers without an error, marks the current place, and no page scrolls sideways.
The second branch's people never appear."""

import pytest

from .conftest import PHONE

pytestmark = pytest.mark.browser

ROLES = {"W001": "worker", "L001": "leader", "S001": "secretary"}


@pytest.mark.parametrize("staff_no", ["S001", "L001", "W001"])
def test_tab_bar_and_more_page_on_a_phone(site_home, org, org2, open_person, staff_no):
    person = open_person(PHONE, ROLES[staff_no])
    page = person.page
    person.login(staff_no, org.branch.name)
    person.goto("/")
    person.shot("workplace")
    bar = page.locator("[data-testid=tab-bar]")
    assert bar.is_visible()
    assert not page.locator("[data-testid=site-menu]").is_visible()  # the desktop menu
    box = bar.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"] + 1  # pinned to the bottom of the screen
    tabs = page.eval_on_selector_all(
        "[data-testid=tab-bar] a",
        "els => els.map(e => [e.dataset.nav, e.getAttribute('href'), e.innerText])",
    )
    assert 3 <= len(tabs) <= 5, tabs
    assert tabs[0][0] == "home.workplace" and tabs[-1][0] == "home.more"
    assert all(page.locator(f"[data-testid=tab-bar] a[data-nav='{key}']").is_visible()
               for key, _href, _label in tabs)  # fmt: skip
    assert "更多" in tabs[-1][2]
    current = page.eval_on_selector_all(
        "[data-testid=tab-bar] [aria-current=page]", "els => els.map(e => e.dataset.nav)"
    )
    assert current == ["home.workplace"]
    text = person.main_text()
    for outsider in (org2.secretary.name, org2.leader.name, org2.worker.name):
        assert outsider not in text

    # Tap 更多: the rest of the role's destinations, grouped.
    page.click("[data-testid=tab-bar] a[data-nav='home.more']")
    page.wait_for_load_state()
    person.shot("more")
    assert page.locator("main h1").inner_text() == "更多"
    listed = page.eval_on_selector_all(
        "main [data-nav]", "els => els.map(e => [e.dataset.nav, e.getAttribute('href')])"
    )
    assert (
        page.eval_on_selector("[data-testid=tab-bar] [aria-current=page]", "e => e.dataset.nav")
        == "home.more"
    )
    assert page.locator("main [aria-current]").count() == 0  # 我的 (/me/) is not marked here
    destinations = dict([(key, href) for key, href, _label in tabs] + listed)
    assert len(destinations) >= 6, destinations
    assert {key for key, *_ in tabs[:-1]} <= {key for key, _href in listed}

    for key, href in destinations.items():
        response = page.goto(f"{person.base}{href}")
        assert response is not None and response.status < 400, (key, href, response.status)
        if href.startswith("/admin/"):
            continue  # Wagtail's own admin has its own layout
        assert page.locator("[data-testid=tab-bar]").is_visible(), (key, href)
        person.assert_fits(f"{key} {href}")
        current = page.eval_on_selector_all(
            "[data-testid=tab-bar] [aria-current=page]", "els => els.map(e => e.dataset.nav)"
        )
        assert len(current) == 1, (key, current)  # the current place is marked in the bar
        text = person.main_text()
        for outsider in (org2.secretary.name, org2.leader.name, org2.worker.name):
            assert outsider not in text, (key, href, outsider)
    assert not person.errors, person.errors
