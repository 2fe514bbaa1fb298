"""The Content Security Policy in a real browser: the site and the Wagtail admin load with no
policy violation and no console error (headless Chromium through Playwright)."""

import pytest

pytestmark = pytest.mark.browser

WATCH_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


@pytest.fixture
def browser_page(browser):
    """A page of the module's Chromium (tests/browser/conftest.py) that records policy
    violations, console errors and failed requests."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(WATCH_VIOLATIONS)
    page.console_errors = []
    page.failed_requests = []
    page.on(
        "response",
        lambda r: r.status >= 400 and page.failed_requests.append(f"{r.status} {r.url}"),
    )
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and page.console_errors.append(f"{m.text} {m.location.get('url', '')}")
        ),
    )
    yield page
    context.close()


def test_site_and_admin_run_under_the_policy(
    transactional_db, site_home, org, live_server, browser_page
):
    from home.models import StudyIndexPage
    from home.rights import branch_setup

    branch_setup(org.branch)  # the secretary's own study library, which they may edit
    library = StudyIndexPage.objects.get(branch=org.branch)
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=staff_no]", "S001")
    page.fill("input[name=password]", "pass-1234-word")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    visited = {}
    editable = library.pk
    admin_pages = ["/admin/", "/admin/pages/", f"/admin/pages/{editable}/edit/",
                   f"/admin/pages/{editable}/", "/admin/documents/", "/admin/images/",
                   "/admin/documents/multiple/add/", "/admin/images/multiple/add/",
                   "/admin/account/", "/admin/reports/site-history/"]  # fmt: skip
    for path in ["/people/", "/inbox/", *admin_pages]:
        response = page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        assert response.headers.get("content-security-policy"), path
        visited[path] = page.evaluate("window.__csp")
    # The admin's own scripts really ran: the sidebar is built by JavaScript.
    page.goto(f"{live_server.url}/admin/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#wagtail-sidebar").inner_html().strip() != ""
    violations = {path: v for path, v in visited.items() if v}
    assert not violations, violations
    assert not page.failed_requests, page.failed_requests
    # The browser's own /favicon.ico guess on admin pages is not ours to answer.
    errors = [e for e in page.console_errors if not e.endswith("/favicon.ico")]
    assert not errors, errors
