"""Real-browser tests: Playwright drives Debian's Chromium (installed by scripts/setup).

Screenshots go to ``screenshots/`` (git-ignored) so a person can look at every page visited.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the Django ORM calls the tests
# make between browser steps are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    for candidate in (os.environ.get("JICENG_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    raise RuntimeError(
        "Chromium not found: run scripts/test as root once (it installs Debian's chromium), "
        "or set JICENG_CHROMIUM. / 未找到 Chromium 浏览器。"
    )


@pytest.fixture(autouse=True)
def _pages_closed_after_each_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """Close every page a test opened: a hall display or a download left open polls the live
    server (every 2-5 s) for the rest of the session, long after its test's database is gone."""
    yield
    if "browser" in request.fixturenames:
        for context in list(request.getfixturevalue("browser").contexts):
            context.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def shoot(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """``shoot(page, "name")`` saves a full-page screenshot under screenshots/<test>/."""
    folder = SCREENSHOTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def save(page, name: str) -> Path:  # type: ignore[no-untyped-def]
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


PHONE = {"width": 360, "height": 740}


def signed_in_phone(browser, live_server, username: str, password: str, errors: list[str], locale: str = "zh-CN"):  # type: ignore[no-untyped-def]
    """A page on a 360-pixel phone, signed in as ``username`` (on the staff page), that collects
    the page's script errors in ``errors``."""
    return signed_in(browser, live_server, username, password, errors, locale=locale)


def signed_in(browser, live_server, username: str, password: str, errors: list[str], *, viewport=PHONE, locale="zh-CN"):  # type: ignore[no-untyped-def]
    """``signed_in_phone`` on any screen (a phone's when ``viewport`` is PHONE), taking downloads;
    a step waits at most 15 s."""
    phone = viewport == PHONE
    context = browser.new_context(
        viewport=viewport, is_mobile=phone, has_touch=phone, locale=locale, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/")
    return page


def request_form_ready(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the request form's script has run (it hides the "show the next level" row), so
    that choosing a community or a grid reloads the form by itself; a page reached by a click may
    show the form before its deferred script has run."""
    page.wait_for_selector("#request-form .refresh-row", state="hidden")
