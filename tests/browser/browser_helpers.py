"""Shared constants and helpers of the browser tests (no fixtures here: see conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Page

from tests.servers import (  # noqa: F401  (the browser tests import them from here)
    ServerError,
    free_port,
    server_output,
    streamlit_server,
    wait_healthy,
)

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
# A map component's root element (in the page itself: no iframe) and its Leaflet element.
MAP_ROOT = ".atlas-root"
MAP_IFRAME = ".atlas-root .atlas-map"  # the drawn map (kept name: what tests measure and shoot)
# The map's own step slider (an <input type="range"> in its step bar, named by aria-label).
SLIDER_NAME = "Year: step through the dispute"
# Sized for a busy 2-core machine (two other CPU-bound processes beside the suite).
MAP_READY_TIMEOUT_MS = 90_000
# Debian's Chromium, headless; without the background-networking flags it floods the closed
# network with connections.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class MapHandle:
    """One map of the page (the index-th map component), with the calls tests make on it.

    ``evaluate`` and ``wait_for_function`` run a test's function with ``window.atlas`` and
    ``window.map`` set to this map's atlas and Leaflet map (test-only aliases; the map itself
    publishes nothing on window); ``locator`` is scoped to this map's element.
    """

    def __init__(self, page: Page, index: int = 0) -> None:
        self.page = page
        self.index = index

    def _wrapped(self, expression: str) -> str:
        return (
            "([index, arg]) => { const root = document.querySelectorAll('.atlas-root')[index];"
            " if (!root || !root.atlas || !root.atlas.map) return undefined;"
            " window.atlas = root.atlas; window.map = root.atlas.map;"
            f" return ({expression})(arg); }}"
        )

    def evaluate(self, expression: str, arg=None):
        return self.page.evaluate(self._wrapped(expression), [self.index, arg])

    def wait_for_function(self, expression: str, arg=None, **options):
        return self.page.wait_for_function(
            self._wrapped(expression), arg=[self.index, arg], **options
        )

    def locator(self, selector: str):
        return self.page.locator(MAP_ROOT).nth(self.index).locator(selector)

    def get_by_role(self, role: str, **options):
        return self.page.locator(MAP_ROOT).nth(self.index).get_by_role(role, **options)

    @property
    def root(self):
        return self.page.locator(MAP_ROOT).nth(self.index)


def map_frame(page: Page, timeout_ms: int = MAP_READY_TIMEOUT_MS, index: int = 0) -> MapHandle:
    """The index-th map of the page, once its element is attached."""
    page.locator(MAP_ROOT).nth(index).wait_for(state="attached", timeout=timeout_ms)
    return MapHandle(page, index)


def wait_for_year(
    page: Page, year: int, timeout_ms: int = MAP_READY_TIMEOUT_MS, index: int = 0
) -> MapHandle:
    """Wait until the index-th map has loaded and applied ``year`` (data-atlas-year on its
    Leaflet container); that map's handle."""
    page.wait_for_function(
        """([index, year]) => {
             const root = document.querySelectorAll('.atlas-root')[index];
             const atlas = root && root.atlas;
             return Boolean(atlas && atlas.loaded && atlas.map
               && atlas.map.getContainer().getAttribute('data-atlas-year') === year);
           }""",
        arg=[index, str(year)],
        timeout=timeout_ms,
    )
    return MapHandle(page, index)


def wait_for_maps(page: Page, allow_error: bool = False) -> int:
    """Wait until every map of the page has drawn its geometry (or, with ``allow_error``,
    shows its error box instead); how many maps there are."""
    page.wait_for_function(
        """(allowError) => { const roots = document.querySelectorAll('.atlas-root');
             return roots.length > 0 && Array.from(roots).every((root) =>
               (root.atlas && root.atlas.loaded)
               || (allowError && root.querySelector('.atlas-error'))); }""",
        arg=allow_error,
    )
    return page.locator(MAP_ROOT).count()


def wait_view_settled(frame: MapHandle) -> None:
    """Wait until no Leaflet zoom or pan animation is running in the map."""
    frame.wait_for_function(
        """() => window.map && !window.map._animatingZoom
                 && !(window.map._panAnim && window.map._panAnim._inProgress)"""
    )


def open_expanders(page: Page, timeout_ms: int = MAP_READY_TIMEOUT_MS) -> int:
    """Open every closed expander on the page, one by one; return how many were opened.

    The atlas builds an expander's content only while it is open (opening one reruns the
    page), so each is waited for until its content has arrived.
    """
    idle = page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
    idle.wait_for(state="attached", timeout=timeout_ms)
    opened = 0
    expanders = page.locator('[data-testid="stExpander"]')
    index = 0
    while index < expanders.count():
        expander = expanders.nth(index)
        index += 1
        if expander.locator("details[open]").count():
            continue
        expander.locator("summary").first.click()
        expander.locator(
            '[data-testid="stExpanderDetails"] [data-testid="stElementContainer"]'
        ).first.wait_for(state="attached", timeout=timeout_ms)
        idle.wait_for(state="attached", timeout=timeout_ms)
        opened += 1
    return opened


def copy_app(root: Path) -> Path:
    """A copy of the app (script, geo package, data, configuration) in ``root``, to be served
    with changes a test makes to it; ``root`` is returned."""
    for name in ("app.py", "atlas_ui", "geo", "data", ".streamlit"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__", "cache"))
        else:
            shutil.copy(src, root / name)
    return root
