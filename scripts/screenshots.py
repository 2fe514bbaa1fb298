"""Screenshots of each role's pages at phone (375 px) and desktop (1280 px) width.

Starts the development server on the demo data, logs in as each demo role through the real login
page and saves PNGs to screenshots/. Needs Debian's chromium (/usr/bin/chromium).
Run with `make screenshots`; add pages to PAGES as features arrive.
"""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("SCREENSHOT_PORT", "8199"))
BASE = f"http://127.0.0.1:{PORT}"
OUT = ROOT / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "zhibu-2026"

PAGES = {
    None: ["/accounts/login/", "/"],
    "W001": [
        "/",
        "/me/",
        "/me/more/",
        "/inbox/",
        "/recognition/ratings/mine/",
        "/recognition/suggestions/",
        "/recognition/suggestions/new/",
        "/recognition/suggestions/board/",
        "/recognition/vision/",
        "/care/faq/",
        "/training/",
        "/partylife/meetings/",
        "/care/praise/",
        "/care/praise/new/",
        "/care/talks/",
    ],
    "L001": [
        "/",
        "/me/",
        "/me/more/",
        "/care/greetings/",
        "/people/",
        "/care/",
        "/care/birthdays/",
        "/care/campaigns/",
        "/recognition/",
        "/recognition/wall/",
        "/recognition/vision/",
        "/training/",
        "/training/report/",
        "/care/praise/review/",
        "/care/talks/",
        "/selfmanagement/",
        "/selfmanagement/analyses/",
    ],
    "S001": [
        "/",
        "/me/",
        "/me/dashboard/",
        "/me/ledger/",
        "/me/more/",
        "/inbox/",
        "/care/greetings/",
        "/people/",
        "/people/accounts/open/",
        "/care/",
        "/care/cases/",
        "/care/questions/",
        "/recognition/",
        "/recognition/suggestions/",
        "/recognition/eligibility/",
        "/recognition/fairness/",
        "/recognition/awards/",
        "/training/report/",
        "/training/evaluations/",
        "/training/questions/import/",
        "/training/plans/",
        "/training/exams/new/",
        "/training/contests/new/",
        "/partylife/meetings/",
        "/partylife/compliance/",
        "/partylife/development/",
        "/partylife/dues/",
        "/partylife/dues/rates/",
        "/care/mediations/",
        "/selfmanagement/items/",
        "/admin/",
        "/admin/snippets/branch/employee/",
        "/admin/roster/",
    ],
}
WIDTHS = {"phone": 375, "desktop": 1280}
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# How far a page scrolls sideways (0 when nothing overflows).
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def wait_for_server(timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{BASE}/accounts/login/", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the development server did not start")


def main() -> int:
    if not Path(CHROMIUM).exists():
        print(f"chromium not found at {CHROMIUM}: apt-get install chromium")
        return 1
    python = str(ROOT / ".venv/bin/python")
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)
    subprocess.run(
        [python, "manage.py", "seed_demo"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    OUT.mkdir(exist_ok=True)
    problems = []
    try:
        wait_for_server()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
            for staff_no, paths in PAGES.items():
                for label, width in WIDTHS.items():
                    # zh-CN: the browser's own widgets (date and month pickers) in Chinese
                    context = browser.new_context(
                        viewport={"width": width, "height": 900}, locale="zh-CN"
                    )
                    page = context.new_page()
                    page.on(
                        "console",
                        lambda m, s=staff_no: (
                            m.type == "error" and problems.append(f"{s}: {m.text}")
                        ),
                    )
                    if staff_no:
                        page.goto(f"{BASE}/accounts/login/")
                        page.fill("input[name=staff_no]", staff_no)
                        page.fill("input[name=password]", PASSWORD)
                        page.click("button[type=submit]")
                        page.wait_for_load_state()
                    for path in paths:
                        response = page.goto(f"{BASE}{path}")
                        status = response.status if response else 0
                        if status >= 400:
                            problems.append(f"{staff_no or 'anonymous'} {path}: HTTP {status}")
                        name = f"{staff_no or 'anon'}{path.replace('/', '_') or '_'}-{label}.png"
                        page.screenshot(path=str(OUT / name), full_page=True)
                        overflow = page.evaluate(OVERFLOW)
                        if label == "phone" and overflow > 0 and not path.startswith("/admin/"):
                            problems.append(f"{staff_no} {path}: {overflow} px sideways at {width}")
                        print(f"{status} {OUT / name}")
                    context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait()
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
