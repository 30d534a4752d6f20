"""What a visitor sees when the app itself fails: a short notice, never a traceback or a path.

Broken data files have their own named messages (tests/test_broken_files.py); this is the
last line: a bug in the code, with Streamlit configured (.streamlit/config.toml) to keep the
details in the server's log.
"""

from __future__ import annotations

import pytest
from browser_helpers import ARTIFACTS, copy_app, streamlit_server

pytestmark = pytest.mark.browser

SECRET = "/srv/atlas-secret/path.py"


@pytest.fixture(scope="module")
def failing_app(tmp_path_factory):
    root = copy_app(tmp_path_factory.mktemp("failing-app"))
    script = root / "app.py"
    text = script.read_text(encoding="utf-8")
    # a bug in the page's code, after the data loaded, whose message names a server path
    text = text.replace(
        "def render_page(data: AtlasData) -> None:",
        "def render_page(data: AtlasData) -> None:\n"
        f"    raise RuntimeError('unexpected state in {SECRET}')\n\n\n"
        "def _unused(data: AtlasData) -> None:",
        1,
    )
    script.write_text(text, encoding="utf-8")
    log = root / "server.log"
    with streamlit_server("app.py", log, cwd=root) as (base, _proc):
        yield base, log


def test_an_unexpected_error_shows_no_traceback_and_no_server_path(failing_app, browser):
    base, log = failing_app
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    try:
        page = context.new_page()
        page.goto(base + "/", wait_until="domcontentloaded")
        notice = page.locator('[data-testid="stException"]')
        notice.wait_for(state="visible")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "error-unexpected.png"))
        text = page.inner_text("body")
        for leak in (SECRET, "Traceback", "RuntimeError", "app.py", "/work", "/tmp"):
            assert leak not in text, f"the page shows {leak!r}"
        assert "error" in text.lower()  # the visitor is told something went wrong
    finally:
        context.close()
    # the details are kept for whoever runs the server
    assert SECRET in log.read_text(encoding="utf-8", errors="replace")
