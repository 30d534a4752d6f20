"""Browser benchmark of the atlas: what a teacher waits for, measured in headless Chromium.

    python scripts/bench.py            # the full run (a few minutes)
    python scripts/bench.py --smoke    # a short run, so that CI keeps it working (no targets)

It starts the atlas, an empty Streamlit page and a naive map app (bench/) as child processes
on loopback, drives Debian's Chromium with the real data, prints a table and, as its last line,
one JSON object with the figures. Nothing is asserted: these machines are shared and noisy, so
the figures are for reading, comparing and for docs/performance.md.

Measured:
- page open → all areas painted (fresh browser context each time), and the same for the empty
  Streamlit page served by the same kind of server in the same run (the difference is ours);
- a year switch, key press on the slider → the new colours painted in the map, with the user's
  zoom set before each switch; whether the map was reloaded and the zoom kept; the page's
  catch-up (the side panel showing the new year); bytes received per switch; server CPU per
  rerun;
- the same for the compare view (one side changed) and a presentation-mode step;
- the naive implementation (whole folium map and geometry rebuilt every rerun) on the same data;
- server RSS after warm-up; N concurrent sessions switching years for a bounded time: p95
  latency, errors, RSS before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "browser"))

from browser_helpers import (  # noqa: E402
    CHROMIUM_ARGS,
    SLIDER_NAME,
    MapHandle,
    streamlit_server,
    wait_for_year,
    wait_view_settled,
)
from playwright.sync_api import Page, sync_playwright  # noqa: E402

import geo  # noqa: E402

ATLAS = geo.load_atlas()
YEARS = geo.configurations(ATLAS)
LABELS = {year: ATLAS.configurations[year].label for year in YEARS}
VIEWPORT = {"width": 1400, "height": 900}
# The naive app's map is a streamlit-folium component (the atlas mounts its own map module).
NAIVE_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

PARTS = ("open", "switch", "compare", "present", "naive", "sessions")

# Issue 18's targets (the map as a component that owns its steps).
TARGETS = {
    "switch_median_ms": ("≤", 20),
    "switch_p90_ms": ("≤", 40),
    "catchup_median_ms": ("≤", 150),
    "naive_ratio": ("≥", 6),
    "switch_reloads": ("≤", 0),
    "present_step_median_ms": ("≤", 50),
    "open_overhead_ms": ("≤", 400),
    "compare_switch_median_ms": ("≤", 60),
    "bytes_per_switch_median": ("≤", 6_144),
    "rss_mb_after_warmup": ("≤", 300),
    "sessions_p95_ms": ("≤", 300),
    "sessions_errors": ("≤", 0),
    "rss_growth_percent": ("<", 10),
}

# In the page: the time of each key press (epoch ms, high resolution) and the bytes received.
PAGE_PROBE = """() => {
  window.__keys = [];
  window.addEventListener('keydown', () => window.__keys.push(
      performance.timeOrigin + performance.now()), true);
  window.addEventListener('click', () => window.__keys.push(
      performance.timeOrigin + performance.now()), true);
  // a choice in a compare map's chooser (a slider's own change event is not a new action)
  window.addEventListener('change', (e) => { if (e.target.tagName === 'SELECT')
      window.__keys.push(performance.timeOrigin + performance.now()); }, true);
}"""
# In the page: when a heading with the awaited text (window.__heading.label) appears, i.e.
# the side panel shows the new step (epoch ms, taken in the page, like the key presses).
HEADING_PROBE = """() => {
  window.__heading = {label: null, at: null};
  new MutationObserver(() => {
    const h = window.__heading;
    if (!h.label || h.at !== null) return;
    const hit = Array.from(document.querySelectorAll('h1, h2, h3'))
      .some((el) => el.textContent.trim() === h.label);
    if (hit) h.at = performance.timeOrigin + performance.now();
  }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""
# On a map (window.map / window.atlas: the handle's aliases for that map): when its snapshot
# changed and the next frame was painted (epoch ms); a mark that a remount would lose.
FRAME_PROBE = """() => {
  window.__painted = [];
  window.atlas.notRemounted = true;
  const c = window.map.getContainer();
  new MutationObserver(() => {
    const id = c.getAttribute('data-atlas-snapshot');
    requestAnimationFrame(() => requestAnimationFrame(() => window.__painted.push(
        [id, performance.timeOrigin + performance.now()])));
  }).observe(c, {attributes: true, attributeFilter: ['data-atlas-snapshot']});
}"""


# --------------------------------------------------------------------------- helpers


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def proc_cpu_ms(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / TICKS


def proc_rss_mb(pid: int) -> float:
    pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    return pages * PAGE_SIZE / 2**20


class CountingProxy:
    """A loopback TCP proxy in front of the server that counts the bytes sent to the browser,
    as they travel (compressed websocket frames included)."""

    def __init__(self, target_url: str) -> None:
        self.target_port = int(target_url.rsplit(":", 1)[1].split("/")[0])
        self.events: list[tuple[float, int]] = []
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        self.ready.wait(10)
        self.url = f"http://127.0.0.1:{self.port}"

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)

        async def pipe(reader, writer, count: bool) -> None:
            try:
                while data := await reader.read(65536):
                    if count:
                        self.events.append((time.time() * 1000, len(data)))
                    writer.write(data)
                    await writer.drain()
            except (ConnectionError, asyncio.CancelledError):
                pass
            finally:
                writer.close()

        async def handle(client_reader, client_writer) -> None:
            try:
                server_reader, server_writer = await asyncio.open_connection(
                    "127.0.0.1", self.target_port
                )
            except OSError:
                client_writer.close()
                return
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(
                    pipe(client_reader, server_writer, False),
                    pipe(server_reader, client_writer, True),
                )

        async def start() -> None:
            self.server = await asyncio.start_server(handle, "127.0.0.1", 0)
            self.port = self.server.sockets[0].getsockname()[1]
            self.ready.set()
            with contextlib.suppress(asyncio.CancelledError):
                await self.server.serve_forever()

        self.loop.run_until_complete(start())
        # stopped: let every connection's task end before the loop closes
        pending = [t for t in asyncio.all_tasks(self.loop) if not t.done()]
        for task in pending:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.close()

    def total(self, since: float = 0.0) -> int:
        return sum(size for t, size in list(self.events) if t >= since)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.server.close)
        self.thread.join(10)


class Bytes:
    """Bytes the page received, decoded: HTTP bodies (as sent) and websocket messages
    (decompressed), via the browser's DevTools protocol."""

    def __init__(self, page: Page) -> None:
        self.events: list[tuple[float, int]] = []
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.loadingFinished", self._http)
        session.on("Network.webSocketFrameReceived", self._frame)

    def _http(self, event) -> None:
        self.events.append((time.time() * 1000, int(event.get("encodedDataLength", 0))))

    def _frame(self, event) -> None:
        response = event.get("response", {})
        data = response.get("payloadData", "")
        size = len(base64.b64decode(data)) if response.get("opcode") == 2 else len(data.encode())
        self.events.append((time.time() * 1000, size))

    def total(self, since: float = 0.0) -> int:
        return sum(size for t, size in self.events if t >= since)


def open_atlas(page: Page, url: str, year: int = YEARS[-1]):
    page.goto(url, wait_until="domcontentloaded")
    frame = wait_for_year(page, year)
    # every area painted: each feature has its SVG path with a fill
    frame.wait_for_function(
        """(n) => Object.values(window.atlas.areas).filter(
             (l) => l._path && l._path.getAttribute('fill')).length >= n""",
        arg=len(ATLAS.areas) - 1,
    )
    wait_view_settled(frame)
    return frame


# --------------------------------------------------------------------------- measurements


def measure_open(browser, url: str, ready, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        start = time.perf_counter()
        ready(page, url)
        times.append((time.perf_counter() - start) * 1000)
        context.close()
    return times


def _ready_empty(page: Page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("ready", exact=True).wait_for()


def measure_switches(browser, url: str, switches: int, pid: int) -> dict:
    """Year switches by key presses on the slider, the user's zoom set before each.

    The page goes through a counting proxy, so bytes are counted as sent on the wire.
    """
    proxy = CountingProxy(url)
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    received = Bytes(page)
    frame = open_atlas(page, proxy.url)
    first_map_bytes = proxy.total()
    first_map_decoded = received.total()
    page.evaluate(PAGE_PROBE)
    page.evaluate(HEADING_PROBE)
    frame.evaluate(FRAME_PROBE)
    slider = page.get_by_role("slider", name=SLIDER_NAME)
    index = len(YEARS) - 1
    direction = -1
    latencies, catchup, per_switch_bytes, per_switch_decoded, zoom_kept = [], [], [], [], 0
    cpu_before = proc_cpu_ms(pid)
    base_zoom = frame.evaluate("() => map.getZoom()")
    for i in range(switches):
        zoom = base_zoom + (0.5 if i % 2 else 0.25)
        frame.evaluate(f"() => map.setZoom({zoom}, {{animate: false}})")
        if not 0 <= index + direction < len(YEARS):
            direction = -direction
        index += direction
        year = YEARS[index]
        since = time.time() * 1000
        page.evaluate("(label) => { window.__heading = {label: label, at: null}; }", LABELS[year])
        slider.focus()
        slider.press("ArrowLeft" if direction < 0 else "ArrowRight")
        frame.wait_for_function("(id) => window.__painted.some((p) => p[0] === id)", arg=str(year))
        page.wait_for_function("() => window.__heading.at !== null")
        done = page.evaluate("() => window.__heading.at")
        page.wait_for_timeout(150)  # let the rerun's last messages arrive before counting
        keys = page.evaluate("() => window.__keys")
        painted = frame.evaluate("() => window.__painted")
        key = keys[-1]
        paint = next(t for id_, t in painted if id_ == str(year) and t >= key)
        latencies.append(paint - key)
        catchup.append(done - key)
        per_switch_bytes.append(proxy.total(since))
        per_switch_decoded.append(received.total(since))
        zoom_kept += frame.evaluate(f"() => map.getZoom() === {zoom}")
        frame.evaluate("() => { window.__painted = []; }")
    cpu = (proc_cpu_ms(pid) - cpu_before) / switches
    reloads = 0 if frame.evaluate("() => window.atlas.notRemounted === true") else 1
    context.close()
    proxy.stop()
    return {
        "latencies": latencies,
        "catchup": catchup,
        "bytes": per_switch_bytes,
        "decoded": per_switch_decoded,
        "first_map_bytes": first_map_bytes,
        "first_map_decoded": first_map_decoded,
        "zoom_kept": zoom_kept,
        "reloads": reloads,
        "cpu_ms": cpu,
    }


def measure_compare(browser, url: str, switches: int) -> list[float]:
    """The compare view: the left map changed through its chooser (choice → painted)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(url + "/?view=compare", wait_until="domcontentloaded")
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.atlas-root'))
                   .filter((root) => root.atlas && root.atlas.loaded).length === 2""",
        timeout=60_000,
    )
    left = MapHandle(page, 0)
    wait_view_settled(left)
    left.evaluate(FRAME_PROBE)
    page.evaluate(PAGE_PROBE)
    # alternately a year and a scenario (the default left map is decl_1956)
    choices = [("1855", LABELS[1855]), ("decl_1956", "1956 Joint Declaration carried out")]
    # (the page's text then catches up through the rerun; the map does not wait for it)
    latencies = []
    for i in range(switches):
        target, name = choices[i % 2]
        left.root.locator("select").select_option(target)
        left.wait_for_function("(id) => window.__painted.some((p) => p[0] === id)", arg=target)
        keys = page.evaluate("() => window.__keys")
        painted = left.evaluate("() => window.__painted")
        paint = next(t for id_, t in painted if id_ == target)
        latencies.append(paint - keys[-1])
        left.evaluate("() => { window.__painted = []; }")
        page.get_by_text(f"Left: {name}", exact=False).first.wait_for()
    context.close()
    return latencies


def measure_present(browser, url: str, steps: int) -> list[float]:
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    frame = open_atlas(page, url + "/?present=1&year=1855", 1855)
    frame.evaluate(FRAME_PROBE)
    page.evaluate(PAGE_PROBE)
    page.mouse.click(3, 3)
    index, direction, latencies = 0, 1, []
    for _ in range(steps):
        if not 0 <= index + direction < len(YEARS):
            direction = -direction
        index += direction
        year = YEARS[index]
        page.keyboard.press("ArrowRight" if direction > 0 else "ArrowLeft")
        frame.wait_for_function("(id) => window.__painted.some((p) => p[0] === id)", arg=str(year))
        keys = page.evaluate("() => window.__keys")
        painted = frame.evaluate("() => window.__painted")
        latencies.append(next(t for id_, t in painted if id_ == str(year)) - keys[-1])
        frame.evaluate("() => { window.__painted = []; }")
        page.wait_for_timeout(250)  # a teacher talks between steps; the page catches up
    context.close()
    return latencies


def measure_naive(browser, url: str, switches: int) -> dict:
    """The naive app: every switch rebuilds the map (a new iframe, geometry sent again)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    wait_naive = """([selector, year]) => { const el = document.querySelector(selector);
        try { const d = el.contentDocument;
              return d.documentElement.dataset.year === year
                && d.querySelectorAll('path.leaflet-interactive').length > 0
                && performance.timeOrigin + performance.now(); } catch (e) { return false; } }"""
    page.wait_for_function(wait_naive, arg=[NAIVE_IFRAME, str(YEARS[-1])], timeout=60_000)
    page.evaluate(PAGE_PROBE)
    slider = page.get_by_role("slider", name="Year")
    index, direction, latencies, reloads = len(YEARS) - 1, -1, [], 0
    for _ in range(switches):
        if not 0 <= index + direction < len(YEARS):
            direction = -direction
        index += direction
        page.evaluate(
            "(s) => { document.querySelector(s).contentWindow.__old = true; }", NAIVE_IFRAME
        )
        slider.focus()
        slider.press("ArrowLeft" if direction < 0 else "ArrowRight")
        handle = page.wait_for_function(
            wait_naive, arg=[NAIVE_IFRAME, str(YEARS[index])], polling="raf", timeout=60_000
        )
        done = handle.json_value()
        keys = page.evaluate("() => window.__keys")
        latencies.append(done - keys[-1])
        reloads += page.evaluate(
            "(s) => !document.querySelector(s).contentWindow.__old", NAIVE_IFRAME
        )
        page.wait_for_timeout(150)
    context.close()
    return {"latencies": latencies, "reloads": reloads}


def _open_session(browser, url: str) -> dict:
    """One session: its own browser context with the atlas open on the last year, probed."""
    context = browser.new_context(viewport={"width": 1024, "height": 768})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
    frame = open_atlas(page, url)
    frame.evaluate(FRAME_PROBE)
    page.evaluate(PAGE_PROBE)
    page.evaluate(
        """(labels) => { window.__done = []; window.__pending = null;
             new MutationObserver(() => {
               const p = window.__pending;
               if (!p) return;
               const hit = Array.from(document.querySelectorAll('h2, h3'))
                 .some((h) => h.textContent.trim() === p.label);
               if (hit) { window.__done.push(performance.timeOrigin + performance.now()
                                             - p.at); window.__pending = null; }
             }).observe(document.body, {subtree: true, childList: true,
                                        characterData: true}); }""",
        LABELS,
    )
    return {
        "page": page,
        "frame": frame,
        "context": context,
        "index": len(YEARS) - 1,
        "dir": -1,
        "errors": errors,
        "sent": 0,
        "years": [],
    }


def _press_next_year(s: dict) -> None:
    """One key press on a session's slider, to the next year (back and forth)."""
    page = s["page"]
    if not 0 <= s["index"] + s["dir"] < len(YEARS):
        s["dir"] = -s["dir"]
    s["index"] += s["dir"]
    label = LABELS[YEARS[s["index"]]]
    page.evaluate(
        "(label) => { window.__pending = {label: label, "
        "at: performance.timeOrigin + performance.now()}; }",
        label,
    )
    slider = page.get_by_role("slider", name=SLIDER_NAME)
    slider.focus()
    slider.press("ArrowLeft" if s["dir"] < 0 else "ArrowRight")
    s["sent"] += 1
    s["years"].append(str(YEARS[s["index"]]))


def _switch_round(pages: list[dict], dropped: dict | None, end: float) -> dict | None:
    """One round: each live session presses a key once (until the time is up), then each waits
    for its page to catch up. With more than two sessions, the last one disconnects in the
    middle of its first switch; returns the session dropped so far (or None)."""
    for n, s in enumerate(pages):
        if s is dropped:
            continue
        _press_next_year(s)
        if dropped is None and n == len(pages) - 1 and len(pages) > 2:
            # one session disconnects in the middle of a switch: the others must not mind
            s["context"].close()
            dropped = s
        time.sleep(0.02)
        if time.monotonic() >= end:
            break
    # each session waits for its page before its next switch (a class clicks, then reads)
    for s in pages:
        if s is dropped:
            continue
        try:
            s["page"].wait_for_function("() => window.__pending === null", timeout=15_000)
        except Exception as exc:
            s["errors"].append(f"no catch-up within 15 s: {exc.__class__.__name__}")
    return dropped


def _session_restyles(s: dict) -> list[float]:
    """Key press → that year painted in the session's map (the first paint of it after the
    press), for each press whose year was painted."""
    keys = s["page"].evaluate("() => window.__keys")
    painted = s["frame"].evaluate("() => window.__painted")
    restyles = []
    for key, year in zip(keys, s["years"]):
        paint = next((t for id_, t in painted if id_ == year and t >= key), None)
        if paint is not None:
            restyles.append(paint - key)
    return restyles


def measure_sessions(browser, url: str, sessions: int, seconds: float, pid: int) -> dict:
    """Sessions stepping through the years at once; latency = key → the page caught up."""
    pages = [_open_session(browser, url) for _ in range(sessions)]
    rss_before = proc_rss_mb(pid)
    end = time.monotonic() + seconds
    dropped = None
    while time.monotonic() < end:
        dropped = _switch_round(pages, dropped, end)
    latencies, restyles, errors, sent = [], [], 0, 0
    for s in pages:
        if s is dropped:
            continue
        latencies += s["page"].evaluate("() => window.__done")
        restyles += _session_restyles(s)
        exceptions = s["page"].locator('[data-testid="stException"]').count()
        errors += len(s["errors"]) + exceptions
        sent += s["sent"]
        s["context"].close()
    return {
        "latencies": latencies,
        "restyles": restyles,
        "errors": errors,
        "switches": sent,
        "rss_before": rss_before,
        "rss_after": proc_rss_mb(pid),
    }


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Plan:
    """What one run measures: the parts asked for, and how many samples of each."""

    smoke: bool
    only: frozenset[str]
    n_open: int
    n_switch: int
    n_compare: int
    n_present: int
    n_naive: int
    sessions: int
    session_seconds: float


def parse_plan() -> Plan:
    """The command line, read into a plan; an unknown part ends the run with a usage error."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a short run (CI), few samples")
    parser.add_argument("--sessions", type=int, default=None, help="concurrent sessions")
    parser.add_argument(
        "--seconds", type=float, default=None, help="how long the sessions switch (default 60)"
    )
    parser.add_argument(
        "--only",
        default=",".join(PARTS),
        help=f"comma-separated parts to run (default all): {', '.join(PARTS)}",
    )
    args = parser.parse_args()
    only = {part.strip() for part in args.only.split(",") if part.strip()}
    unknown = only - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s) {sorted(unknown)}; known: {', '.join(PARTS)}")
    smoke = args.smoke
    return Plan(
        smoke=smoke,
        only=frozenset(only),
        n_open=2 if smoke else 10,
        n_switch=4 if smoke else 40,
        n_compare=2 if smoke else 12,
        n_present=4 if smoke else 30,
        n_naive=3 if smoke else 15,
        sessions=args.sessions or (3 if smoke else 30),
        session_seconds=args.seconds or (8 if smoke else 60),
    )


def prepare_apps(logs: Path) -> Path:
    """The folder the empty and naive apps run from (returned), under logs.

    It shares the atlas's static files and configuration (Streamlit serves static/ next to
    the main script); ATLAS_REPO tells the naive app where the geo package is.
    """
    other = logs / "apps"
    other.mkdir()
    for name in ("empty_app.py", "naive_app.py"):
        shutil.copy(REPO / "bench" / name, other / name)
    (other / "static").symlink_to(REPO / "static")
    shutil.copytree(REPO / ".streamlit", other / ".streamlit")
    os.environ["ATLAS_REPO"] = str(REPO)  # where the naive app finds the geo package
    return other


def warm_up(browser, atlas_url: str, empty_url: str, pid: int) -> float:
    """One full visit of the atlas and of the empty page, so that caches are filled as a
    teacher finds them; the atlas server's RSS (MB) afterwards."""
    measure_open(browser, atlas_url, lambda p, u: open_atlas(p, u), 1)
    measure_open(browser, empty_url, _ready_empty, 1)
    return proc_rss_mb(pid)


def measure_parts(browser, plan: Plan, pid: int, urls: tuple[str, str, str]) -> dict:
    """Each part asked for, in the order of PARTS; its measurements by the part's name.

    urls: the atlas's, the empty page's and the naive app's.
    """
    atlas_url, empty_url, naive_url = urls
    only, measured = plan.only, {}
    if "open" in only:
        measured["open"] = (
            measure_open(browser, atlas_url, lambda p, u: open_atlas(p, u), plan.n_open),
            measure_open(browser, empty_url, _ready_empty, plan.n_open),
        )
    if "switch" in only:
        measured["switch"] = measure_switches(browser, atlas_url, plan.n_switch, pid)
    if "compare" in only:
        measured["compare"] = measure_compare(browser, atlas_url, plan.n_compare)
    if "present" in only:
        measured["present"] = measure_present(browser, atlas_url, plan.n_present)
    if "naive" in only:
        measured["naive"] = measure_naive(browser, naive_url + "/", plan.n_naive)
    if "sessions" in only:
        measured["sessions"] = measure_sessions(
            browser, atlas_url, plan.sessions, plan.session_seconds, pid
        )
    return measured


def open_figures(opens: list[float], empties: list[float]) -> dict:
    med = statistics.median
    return {
        "open_ms_median": round(med(opens)),
        "empty_open_ms_median": round(med(empties)),
        "open_overhead_ms": round(med(opens) - med(empties)),
    }


def switch_figures(switch: dict, n_switch: int) -> dict:
    med = statistics.median
    return {
        "switch_median_ms": round(med(switch["latencies"]), 1),
        "switch_p90_ms": round(percentile(switch["latencies"], 90), 1),
        "switches": n_switch,
        "switch_reloads": switch["reloads"],
        "switch_zoom_kept": f"{switch['zoom_kept']}/{n_switch}",
        "catchup_median_ms": round(med(switch["catchup"])),
        "first_map_bytes": switch["first_map_bytes"],
        "first_map_bytes_decoded": switch["first_map_decoded"],
        "bytes_per_switch_median": round(med(switch["bytes"])),
        "bytes_per_switch_decoded": round(med(switch["decoded"])),
        "server_cpu_ms_per_rerun": round(switch["cpu_ms"], 1),
    }


def compare_figures(compare: list[float]) -> dict:
    return {
        "compare_switch_median_ms": round(statistics.median(compare)),
        "compare_switch_p90_ms": round(percentile(compare, 90)),
    }


def present_figures(present: list[float]) -> dict:
    return {
        "present_step_median_ms": round(statistics.median(present), 1),
        "present_step_p90_ms": round(percentile(present, 90), 1),
    }


def naive_figures(naive: dict, n_naive: int, switch: dict | None) -> dict:
    """The naive app's figures; with the switch part measured too, how many times slower."""
    med = statistics.median
    figures = {
        "naive_switch_median_ms": round(med(naive["latencies"])),
        "naive_reloads": f"{naive['reloads']}/{n_naive}",
    }
    if switch is not None:
        figures["naive_ratio"] = round(med(naive["latencies"]) / med(switch["latencies"]), 1)
    return figures


def sessions_figures(load: dict, sessions: int, seconds: float) -> dict:
    med = statistics.median
    return {
        "sessions": sessions,
        "sessions_seconds": seconds,
        "sessions_switches": load["switches"],
        "sessions_p95_ms": round(percentile(load["restyles"], 95)),
        "sessions_median_ms": (round(med(load["restyles"])) if load["restyles"] else None),
        "sessions_catchup_p95_ms": round(percentile(load["latencies"], 95)),
        "sessions_catchup_median_ms": round(med(load["latencies"])),
        "sessions_errors": load["errors"],
        "rss_mb_before_sessions": round(load["rss_before"], 1),
        "rss_mb_after_sessions": round(load["rss_after"], 1),
        "rss_growth_percent": round(
            100 * (load["rss_after"] - load["rss_before"]) / load["rss_before"], 1
        ),
    }


def figures(measured: dict, plan: Plan) -> dict:
    """The figures of the parts measured, part by part in the order of PARTS."""
    results: dict = {}
    if "open" in measured:
        results.update(open_figures(*measured["open"]))
    if "switch" in measured:
        results.update(switch_figures(measured["switch"], plan.n_switch))
    if "compare" in measured:
        results.update(compare_figures(measured["compare"]))
    if "present" in measured:
        results.update(present_figures(measured["present"]))
    if "naive" in measured:
        results.update(naive_figures(measured["naive"], plan.n_naive, measured.get("switch")))
    if "sessions" in measured:
        results.update(sessions_figures(measured["sessions"], plan.sessions, plan.session_seconds))
    return results


def print_report(results: dict, smoke: bool) -> None:
    """The table (each figure against its target, except in a smoke run), then the JSON line."""
    print(f"\n{'figure':<28} {'value':>14}   target")
    for key, value in results.items():
        target = TARGETS.get(key)
        mark = ""
        if target and not smoke and isinstance(value, (int, float)):
            op, bound = target
            met = {"≤": value <= bound, "≥": value >= bound, "<": value < bound}[op]
            mark = f"{op} {bound}  {'met' if met else 'MISSED'}"
        print(f"{key:<28} {value!s:>14}   {mark}")
    print(json.dumps(results))


def main() -> int:
    plan = parse_plan()
    chromium = shutil.which("chromium")
    if chromium is None:
        print("bench: Debian's chromium is needed on PATH (apt-get install -y chromium)")
        return 2
    logs = Path(tempfile.mkdtemp(prefix="atlas-bench-"))
    other = prepare_apps(logs)
    results: dict = {"mode": "smoke" if plan.smoke else "full"}
    with (
        streamlit_server("app.py", logs / "atlas.log") as (atlas_url, atlas_proc),
        streamlit_server("empty_app.py", logs / "empty.log", other) as (empty_url, _),
        streamlit_server("naive_app.py", logs / "naive.log", other) as (naive_url, _),
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            pid = atlas_proc.pid
            results["rss_mb_after_warmup"] = round(warm_up(browser, atlas_url, empty_url, pid), 1)
            measured = measure_parts(browser, plan, pid, (atlas_url, empty_url, naive_url))
        finally:
            browser.close()
    results.update(figures(measured, plan))
    print_report(results, plan.smoke)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
