"""Shared constants and helpers of the browser tests (no fixtures here: see conftest.py)."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Frame, Page

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SLIDER_NAME = "Year: step through the dispute"
MAP_READY_TIMEOUT_MS = 30_000


def map_frame(page: Page, timeout_ms: int = MAP_READY_TIMEOUT_MS) -> Frame:
    """The Frame of the map iframe as it is now (a replaced iframe gives a new Frame)."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        handle = page.wait_for_selector(MAP_IFRAME, state="attached", timeout=timeout_ms)
        frame = handle.content_frame() if handle else None
        if frame is not None:
            return frame
        # The iframe element is being replaced: its content frame is gone for a moment.
        if time.monotonic() > deadline:
            raise AssertionError("the map iframe has no content frame")
        page.wait_for_timeout(50)


def wait_for_year(page: Page, year: int, timeout_ms: int = MAP_READY_TIMEOUT_MS) -> Frame:
    """Wait until the map applied `year` (data-atlas-year on the map container); its Frame.

    Polled from the page through the iframe element, so that it also works (and the test then
    fails on what it checks, not on a detached frame) if the iframe gets replaced meanwhile.
    """
    page.wait_for_function(
        """([selector, year]) => {
             const el = document.querySelector(selector);
             try {
               const w = el && el.contentWindow;
               return Boolean(w && w.map && w.atlas && w.atlas.loaded
                 && w.map.getContainer().getAttribute('data-atlas-year') === year);
             } catch (e) { return false; }
           }""",
        arg=[MAP_IFRAME, str(year)],
        timeout=timeout_ms,
    )
    return map_frame(page, timeout_ms)


def wait_view_settled(frame: Frame) -> None:
    """Wait until no Leaflet zoom or pan animation is running in the map."""
    frame.wait_for_function(
        """() => window.map && !window.map._animatingZoom
                 && !(window.map._panAnim && window.map._panAnim._inProgress)"""
    )
