"""What the browser tests share: Debian's Chromium driven by Playwright (one browser per test
module), a logged-in page per person at a given viewport, screenshots kept as test artefacts, and
the site's home page rebuilt after a transactional test has emptied the database.

Without /usr/bin/chromium the tests skip with the reason printed (`make browser-deps` installs
it as root); with CI=true they fail instead, so CI never passes without running them."""

import os
import re
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "pass-1234-word"  # branch.factories.make_account's
ARTEFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
VIEWPORTS = [pytest.param(PHONE, id="375x812"), pytest.param(DESKTOP, id="1280x800")]
# How far the page scrolls sideways (0 when nothing overflows).
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# The deepest elements sticking out on the right, to name the culprit when a page overflows.
WIDE_ELEMENTS = """() => {
  const width = document.documentElement.clientWidth, found = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.right > width + 1 && ![...e.children].some(c => c.getBoundingClientRect().right > width + 1))
      found.push(`${e.tagName.toLowerCase()}.${e.className} right=${Math.round(r.right)} ` +
                 `"${(e.innerText || '').slice(0, 30)}"`);
  }
  return found.slice(0, 8);
}"""


# (seconds, "folder/person-width step") of every step, for the slowest-steps summary.
STEP_TIMES: list[tuple[float, str]] = []


def pytest_terminal_summary(terminalreporter):
    if not STEP_TIMES:
        return
    terminalreporter.section("browser steps")
    total = sum(seconds for seconds, _step in STEP_TIMES)
    terminalreporter.write_line(f"{len(STEP_TIMES)} steps in {total:.1f} s; the slowest:")
    for seconds, step in sorted(STEP_TIMES, reverse=True)[:5]:
        terminalreporter.write_line(f"  {seconds:6.2f} s  {step}")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require_chromium() -> None:
    if os.path.exists(CHROMIUM):
        return
    reason = f"needs Debian's Chromium at {CHROMIUM}: run `make browser-deps` as root"
    if in_ci():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium for every test of the module (each test opens its own context)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread, which Django takes for async code
    # and refuses the ORM; the tests' own database calls are plain synchronous calls between
    # browser steps, so Django's guard is lifted for this module only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def site_home(transactional_db):
    """The site's HomePage (the 工作台 is served at "/" by it) and the default Site. The
    migrations create them, but a transactional test before this one has flushed them."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage

    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        Locale.objects.get_or_create(language_code=language)
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root"))
        home = root.add_child(instance=HomePage(title="支部之家", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "支部之家"},
    )
    return home


class Person:
    """A person's browser tab: log in through the real login form, go to pages, and keep a
    screenshot of every step under var/test-artifacts/<folder>/."""

    def __init__(self, browser, live_server, viewport, folder: str, name: str):
        self.base = live_server.url
        self.context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        width = viewport["width"]
        self.phone = width < 900  # the tab bar shows below 900 px, the side menu above
        self.outsiders: tuple[str, ...] = ()
        self.folder = ARTEFACTS / folder / f"{name}-{width}"
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.steps = 0
        self.started = time.monotonic()

    def goto(self, path: str):
        response = self.page.goto(f"{self.base}{path}")
        assert response is not None and response.status < 400, (path, response and response.status)
        return response

    def login(self, staff_no: str, branch_name: str, password: str = PASSWORD):
        self.goto("/accounts/login/")
        self.page.fill("input[name=staff_no]", staff_no)
        self.page.fill("input[name=password]", password)
        self.page.select_option("select[name=branch]", label=branch_name)
        self.page.click("main button[type=submit]")
        self.page.wait_for_load_state()
        assert "/accounts/login/" not in self.page.url, self.page.inner_text("main")

    def nav(self, key: str):
        """Go to a destination as a person would: its tab (or 更多, then the link) on a phone,
        the side menu on a desktop."""
        page = self.page
        if self.phone:
            tab = page.locator(f"[data-testid=tab-bar] a[data-nav='{key}']")
            if tab.count():
                tab.click()
            else:
                page.click("[data-testid=tab-bar] a[data-nav='home.more']")
                page.wait_for_load_state()
                page.click(f"main a[data-nav='{key}']")
        else:
            page.click(f"[data-testid=site-menu] a[data-nav='{key}']")
        page.wait_for_load_state()

    def see(self, *texts: str, where: str = "main"):
        """Each text is on screen in ``where``; nothing of the other branch is anywhere."""
        shown = self.page.inner_text(where)
        for text in texts:
            assert text in shown, (text, self.page.url, shown[:2000])
        everything = self.page.inner_text("body")
        for outsider in self.outsiders:
            assert outsider not in everything, (outsider, self.page.url)
        return shown

    def shot(self, step: str, *, fits: bool = True) -> Path:
        """Save a full-page screenshot of this step (numbered in order); on a phone, the page
        must not scroll sideways (``fits=False`` for Wagtail's own admin)."""
        if self.phone and fits:
            self.assert_fits(step)
        self.steps += 1
        slug = re.sub(r"[^a-z0-9-]+", "-", step.lower()).strip("-")
        now = time.monotonic()
        where = f"{self.folder.parent.name}/{self.folder.name}"
        STEP_TIMES.append((now - self.started, f"{where} {self.steps:02d}-{slug}"))
        path = self.folder / f"{self.steps:02d}-{slug}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.started = time.monotonic()  # the screenshot itself is not part of the next step
        return path

    def main_text(self) -> str:
        return self.page.inner_text("main")

    def overflow(self) -> int:
        return self.page.evaluate(OVERFLOW)

    def assert_fits(self, where: str = ""):
        """Nothing scrolls sideways; otherwise name the elements that stick out."""
        overflow = self.overflow()
        assert overflow <= 0, (where or self.page.url, overflow, self.page.evaluate(WIDE_ELEMENTS))

    def close(self):
        self.context.close()


@pytest.fixture
def open_person(browser, live_server, request):
    """``open_person(viewport, name)`` → a fresh :class:`Person`; all are closed at teardown."""
    opened = []
    folder = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")

    def _open(viewport, name):
        person = Person(browser, live_server, viewport, folder, name)
        opened.append(person)
        return person

    yield _open
    for person in opened:
        person.close()
