"""A page that outlives its server (the teacher's laptop restarts the atlas mid-lesson): it
reconnects to a new session, and the next step moves on from where the page was, keeping the
picked area and the names (#23: the reconnected session's first run was read as a fresh link,
and the step snapped back to the link's year)."""

from __future__ import annotations

import re

import pytest
from browser_helpers import MAP_READY_TIMEOUT_MS, free_port, streamlit_server, wait_for_year
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_page_that_outlived_its_server_steps_on_from_where_it_was(page, tmp_path):
    port = free_port()
    with streamlit_server("app.py", tmp_path / "first.log", port=port) as (base, _server):
        page.goto(f"{base}/?year=1905&names=ja&area=shikotan", wait_until="domcontentloaded")
        wait_for_year(page, 1905)
        page.locator(".st-key-panel").wait_for()
    # the server is stopped (by its handle); the page stays open and says it lost the server
    lost = page.locator('[data-testid="stDialog"]')
    lost.wait_for(timeout=MAP_READY_TIMEOUT_MS)
    with streamlit_server("app.py", tmp_path / "second.log", port=port) as (base, _server):
        lost.wait_for(state="detached", timeout=MAP_READY_TIMEOUT_MS)  # reconnected
        page.locator(".atlas-step-next").click()
        wait_for_year(page, 1945)
        expect(page).to_have_url(re.compile(r"year=1945"), timeout=MAP_READY_TIMEOUT_MS)
        assert "names=ja" in page.url and "area=shikotan" in page.url
        # and the page is the new step's, not the link's year
        expect(page.locator(".st-key-panel")).to_be_visible()
        page.get_by_role("heading", name=re.compile("^1945")).first.wait_for()
