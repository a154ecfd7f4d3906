"""Browser-test fixtures shared by every slice: headless Debian Chromium driven by Playwright.

Use them like this::

    @pytest.mark.browser
    def test_something(page, live_server, sign_in, admin_agent_a):
        sign_in(page, admin_agent_a)               # through the real login form
        page.goto(live_server.url + "/customers/")
        expect(page.get_by_role("heading", name="Customers")).to_be_visible()

- `browser`: one Chromium per test session (Debian's /usr/bin/chromium; Playwright cannot download
  its own build here). Set PLAYWRIGHT_CHROMIUM to use another binary.
- `page`: a fresh context and page per test (own cookies, English, no network beyond the live server).
- `sign_in(page, user, password=PASSWORD)`: signs a user in via /login/ on pytest-django's
  `live_server`; users made by tests/factories.py have the password `tests.factories.PASSWORD`.
- Every test using `page` runs with `transactional_db`, because the live server thread must see the
  rows the test wrote. Data written before the test (personas from tests/conftest.py) is fine.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.factories import PASSWORD

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls
# made by the test (and the factories) from a thread with a running loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("PLAYWRIGHT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (starting it costs about a second)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (installs Debian's chromium).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, transactional_db, live_server):
    """A new browser context and page for one test, in English, with short timeouts."""
    context = browser.new_context(locale="en-US", base_url=live_server.url)
    context.set_default_timeout(TIMEOUT_MS)
    expect.set_options(timeout=TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def sign_in(live_server):
    """sign_in(page, user, password=PASSWORD): sign in through the login form and land on the user's home."""

    def do_sign_in(page, user, password=PASSWORD):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill(user.get_username())
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        if "/login/" in page.url:
            raise AssertionError(f"sign-in failed for {user.get_username()}: {page.inner_text('main')}")
        return page

    return do_sign_in
