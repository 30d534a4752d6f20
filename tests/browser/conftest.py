"""Fixtures for the real-browser tests: the Streamlit app as a child process, Debian's Chromium.

No pytest-playwright: playwright.sync_api is driven directly. The server and the browser are
started once per session and stopped by their handles in the teardown. Each test gets a fresh
browser context and page (so a fresh Streamlit session on the default year), with every request
the page makes recorded.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_helpers import (
    CHROMIUM_ARGS,
    MAP_IFRAME,
    MAP_READY_TIMEOUT_MS,
    REPO,
    MapHandle,
    ServerError,
    streamlit_server,
    wait_for_year,
    wait_view_settled,
)
from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

if str(REPO) not in sys.path:  # `import geo` also when pytest is not run from the repo root
    sys.path.insert(0, str(REPO))

import geo
from tests.conftest import bundled_atlas


@pytest.fixture(scope="session")
def server_log(tmp_path_factory) -> Path:
    """Where the app's server writes its output (read by tests that check for warnings)."""
    return tmp_path_factory.mktemp("streamlit") / "server.log"


@pytest.fixture(scope="session")
def app_url(server_log: Path):
    """Start `streamlit run app.py` on a free port; yield its base URL; stop it by its handle."""
    try:
        with streamlit_server("app.py", server_log) as (base, _proc):
            yield base
    except ServerError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Missing Chromium is a failure, never a skip."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "The browser tests need Debian's Chromium on PATH as `chromium` "
            "(apt-get install -y chromium); `playwright install` cannot download "
            "browsers here.",
            pytrace=False,
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Recorder:
    """What the page did on the network and which uncaught errors it raised."""

    requests: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def viewport(request) -> dict:
    """The page's size: 1400×1000 unless a test parametrises it (indirect=True)."""
    width, height = getattr(request, "param", (1400, 1000))
    return {"width": width, "height": height}


@pytest.fixture
def page(browser, recorder: Recorder, viewport: dict):
    """A fresh context and page (a fresh Streamlit session) with requests recorded."""
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(MAP_READY_TIMEOUT_MS)
    page = context.new_page()
    page.on("request", lambda req: recorder.requests.append(req.url))
    page.on(
        "requestfailed",
        lambda req: recorder.failed.append((req.url, req.failure or "unknown failure")),
    )
    page.on("pageerror", lambda err: recorder.page_errors.append(str(err)))
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def open_map(page: Page, app_url: str, recorder: Recorder):
    """Open the app and wait for the map to be loaded and styled for the default year."""

    def _open() -> MapHandle:
        page.goto(app_url + "/", wait_until="domcontentloaded")
        try:
            frame = wait_for_year(page, geo.configurations(bundled_atlas())[-1])
        except PlaywrightTimeoutError:
            foreign = [
                u
                for u in recorder.requests
                if "//127.0.0.1" not in u
                and "//localhost" not in u
                and u.startswith(("http:", "https:"))
            ]
            errors = "(no map in the page)"
            if page.locator(MAP_IFRAME).count():
                errors = page.locator(MAP_IFRAME).first.evaluate(
                    """(el) => { const root = el.closest('.atlas-root');
                                 const box = root.querySelector('.atlas-error');
                                 return box ? box.textContent : null; }"""
                )
            pytest.fail(
                f"the map did not load and apply the default year.\n"
                f"map error box: {errors}\nfailed requests: {recorder.failed}\n"
                f"requests to other hosts: {foreign}\n"
                f"uncaught page errors: {recorder.page_errors}",
                pytrace=False,
            )
        # Leaflet silently ignores setView / fitBounds calls made while a zoom animation runs,
        # so let any animation finish first.
        wait_view_settled(frame)
        return frame

    return _open
