"""The printable pages: the handout of five configurations, and "print this view".

:func:`build_handout` gives the course's four configurations (1855, 1875, 1945, 1956) and the
present day (the last of :func:`geo.configurations`) on one A4 landscape page, followed by
its sources. :func:`build_view_page` gives the view a teacher has on screen (one snapshot of
any kind: a year, a scenario, a worldview; or a compare pair) as one A4 landscape page,
followed by a sources page where its sources do not fit beside the map.

Each map is drawn from the atlas's own geometry (no web tiles, geo/exports/print_maps.py): the sea,
the basemap's land, every area filled in its administrator's colour, areas claimed by a state
that does not administer them striped in the claimant's colour, promised transfers outlined
with dashes, the four disputed groups outlined in black, and the treaty lines of that
snapshot. Beside each map, an inset draws the four disputed groups large enough to read the
stripes and their names (in the names mode). Each map has a caption in the page's language
(the configuration, who administers and claims the four) and the numbers of its sources; the
sources are listed whole, numbered, each with a short link or, for a long link, a QR code
drawn as vector squares with the site's host beside it. Every interface word comes from the
``[handout]`` section of ``data/messages.toml`` (the legend rows from the map's own keys).

Fonts: Japanese and Russian names must print on a machine without system CJK fonts, so the
text uses two fonts from pinned packages: DejaVu Sans (shipped with matplotlib) for Latin and
Cyrillic, and IPAexGothic from ``matplotlib-fontja`` for kanji and kana (matplotlib falls back
from one to the other glyph by glyph). The font file is found from the package's location,
never by importing the package (its import would change matplotlib's global settings).
PDF fonts are embedded as TrueType (Type 42). Data strings are plain text (no mathtext).

Nothing here imports Streamlit.
"""

from __future__ import annotations

import importlib.util
import io
import logging
import re
from collections.abc import Mapping, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.transforms import Bbox
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from geo.exports.print_inset import four_extent, label_groups, scale_bar
from geo.exports.print_legend import draw_legend, legend_height, legend_rows, state_name
from geo.exports.print_maps import aspect, draw_map, frame, map_axes
from geo.exports.print_page import (
    A4_LANDSCAPE,
    DPI,
    DRAWING_LOCK,
    MM,
    Sheet,
    line_height,
    map_extent,
    new_page,
    text_block,
    wrap,
)
from geo.exports.print_sources import SourceEntry, fill_sources, short_link
from geo.files.atlas import Atlas
from geo.files.codes import DISPUTED_GROUPS
from geo.files.style import load_style
from geo.i18n import DEFAULT_NAMES, NAME_MODES, t, ui_language
from geo.maps.mapview import attribution_text
from geo.model.snapshot import HISTORICAL, SCENARIO, WORLDVIEW, Snapshot, Unit, changed_groups
from geo.model.timeline import configurations, default_atlas, historical_snapshot, names_of
from geo.text import history_text
from geo.text.wording import list_separator, percent

# The configurations of the course; the present day (the last configuration) is added.
HANDOUT_YEARS = (1855, 1875, 1945, 1956)
FORMATS = ("pdf", "png")
MIME_TYPES = {"pdf": "application/pdf", "png": "image/png"}
PNG_DPI = DPI
PAGE_INCHES = A4_LANDSCAPE
# Between two pages of a PNG, which holds every page of the PDF one below the other.
PNG_PAGE_GAP_PX = 24

# Fonts: Latin and Cyrillic from matplotlib's own DejaVu Sans, kanji and kana from IPAexGothic.
FONT_PACKAGE = "matplotlib_fontja"
FONT_FILE = ("fonts", "ipaexg.ttf")
LATIN_FAMILY = "DejaVu Sans"

_RC = {
    "pdf.fonttype": 42,  # TrueType outlines embedded (Type 42), with a ToUnicode map
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "text.usetex": False,
    "lines.scale_dashes": False,
    "pdf.compression": 9,
}

MARGIN = 9 * MM
GAP = 4 * MM
# The overview map of the whole region, in the inset's corner: at most this share of its width.
OVERVIEW_MAX = 0.42


class HandoutError(RuntimeError):
    """The handout cannot be drawn (e.g. its font package is not installed)."""


# --------------------------------------------------------------------------- fonts


@lru_cache(maxsize=1)
def font_path() -> Path:
    """The IPAexGothic file shipped by the pinned ``matplotlib-fontja`` package.

    Located through the package's spec, not imported. Raises HandoutError if it is missing.
    """
    spec = importlib.util.find_spec(FONT_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location).joinpath(*FONT_FILE)
        if path.is_file():
            return path
    raise HandoutError(
        f"the font package {FONT_PACKAGE!r} (IPAexGothic) is not installed: "
        "install requirements.txt; Japanese names cannot be printed without it"
    )


@lru_cache(maxsize=1)
def font_families() -> tuple[str, ...]:
    """The handout's font families, in fallback order; registers IPAexGothic once."""
    path = str(font_path())
    matplotlib.font_manager.fontManager.addfont(path)
    return (LATIN_FAMILY, FontProperties(fname=path).get_name())


# --------------------------------------------------------------------------- wording


def caption(snapshot: Snapshot, atlas: Atlas, lang: str) -> str:
    """A map's caption in ``lang``: e.g. "1956: Soviet-Japanese Joint Declaration".

    A configuration year: the present day's own words; elsewhere the year with the
    instrument's own name in that language where the data has one, else the configuration's
    label in the atlas's translation (geo/text/history_text.py). A scenario: its label translated
    the same way, and so a worldview (its texts are history texts too). Never the
    English label as it is: a text without a current translation shows the translation
    module's visible "untranslated" marker, which the tests look for.
    """
    info = atlas.configurations.get(snapshot.year) if snapshot.kind == HISTORICAL else None
    if info is not None and snapshot.id == str(snapshot.year):
        if snapshot.year == configurations(atlas)[-1]:
            return t("handout.present_day", lang, year=snapshot.year)
        instrument = getattr(info, f"instrument_{lang}", "") if lang != "en" else ""
        if instrument:
            return t("handout.caption", lang, year=snapshot.year, instrument=instrument)
        return history_text.configuration_label(info, lang)
    if snapshot.language == lang:
        return snapshot.label
    return history_text.snapshot_in(snapshot, lang, atlas).label


def kind_note(snapshot: Snapshot, lang: str) -> str:
    """What kind of map this is, for the view page: a year, a scenario or a worldview."""
    if snapshot.kind == SCENARIO:
        return t("handout.kind_scenario", lang)
    if snapshot.kind == WORLDVIEW:
        return t("handout.kind_worldview", lang)
    return t("handout.kind_historical", lang)


def four_summary(snapshot: Snapshot, atlas: Atlas, style: dict, lang: str) -> list[str]:
    """Who administers and claims the four disputed groups (a worldview: how they are drawn),
    a divided group's shares, and any promised transfer."""
    group_names = names_of(atlas, "group")
    worldview = snapshot.kind == WORLDVIEW

    def admin(unit: Unit) -> str:
        # English names the state as at the time; Japanese and Russian (and any worldview)
        # by the short name, which fits a caption (Российская Федерация would overflow it).
        if lang == "en" and not worldview and unit.administering_state:
            return unit.administering_state
        return state_name(unit.administered_by, style, lang)

    def name(group: str) -> str:
        return str(group_names.loc[group, f"name_{lang}"])

    per_group = {g: snapshot.units_of(g) for g in DISPUTED_GROUPS if snapshot.units_of(g)}
    units = [u for parts in per_group.values() for u in parts]
    lines = []
    statuses = {(admin(u), u.claimed_not_administered) for u in units}
    whole = all(len(parts) == 1 for parts in per_group.values())
    if whole and len(statuses) == 1:
        ((holder, elsewhere),) = statuses
        if worldview:
            lines.append(t("handout.four_drawn", lang, state=holder))
        elif elsewhere:
            claimants = list_separator(lang).join(state_name(c, style, lang) for c in elsewhere)
            lines.append(t("handout.four_contested", lang, admin=holder, claimants=claimants))
        else:
            lines.append(t("handout.four_held", lang, admin=holder))
    else:
        by_status: dict[str, list[str]] = {}
        for group, parts in per_group.items():
            if len(parts) == 1:
                status = admin(parts[0])
            else:
                shares = list_separator(lang).join(
                    f"{admin(u)} {percent(u.share, lang)}"
                    for u in sorted(parts, key=lambda u: -u.share)
                )
                status = t("handout.divided", lang, shares=shares)
            by_status.setdefault(status, []).append(name(group))
        separator = "。" if lang == "ja" else "; "
        lines.append(
            separator.join(
                t(
                    "handout.group_status",
                    lang,
                    name=list_separator(lang).join(groups),
                    admin=status,
                )
                for status, groups in by_status.items()
            )
        )
    promised: dict[str, list[str]] = {}
    for unit in units:
        if unit.transfer_promised:
            promised.setdefault(unit.transfer_promised_to, []).append(name(unit.group))
    for state, groups in promised.items():
        lines.append(
            t(
                "handout.transfer",
                lang,
                state=state_name(state, style, lang),
                groups=list_separator(lang).join(dict.fromkeys(groups)),
            )
        )
    return lines


def handout_snapshots(atlas: Atlas) -> list[Snapshot]:
    """The five snapshots of the handout: the course's four years and the present day."""
    years = configurations(atlas)
    wanted = [y for y in HANDOUT_YEARS if y in years] + [years[-1]]
    return [historical_snapshot(y, atlas) for y in dict.fromkeys(wanted)]


def source_titles(snapshot: Snapshot, atlas: Atlas) -> list[str]:
    """Every source the snapshot cites, as "title (publisher, date)", in first-cited order."""
    return [_source_text(atlas, source_id) for source_id in snapshot.source_ids()]


def _source_text(atlas: Atlas, source_id: str) -> str:
    row = atlas.sources.loc[source_id]
    details = ", ".join(str(row[k]) for k in ("publisher", "date") if str(row.get(k, "") or ""))
    return f"{row['title']} ({details})" if details else str(row["title"])


def numbered_sources(
    snapshots: list[Snapshot], atlas: Atlas
) -> tuple[list[SourceEntry], list[list[int]]]:
    """The sources of some maps, each once, numbered in first-cited order, and the numbers
    each map cites."""
    numbers: dict[str, int] = {}
    cited = []
    for snapshot in snapshots:
        ids = [s for s in snapshot.source_ids() if s in atlas.sources.index]
        for source_id in ids:
            numbers.setdefault(source_id, len(numbers) + 1)
        cited.append([numbers[s] for s in ids])
    entries = [
        SourceEntry(n, s, _source_text(atlas, s), str(atlas.sources.loc[s, "url"] or ""))
        for s, n in numbers.items()
    ]
    return entries, cited


def number_ranges(numbers: list[int], lang: str = "en") -> str:
    """Sorted numbers with runs joined: [1, 2, 3, 5] → "1–3, 5"."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return list_separator(lang).join(
        f"{r[0]}–{r[-1]}" if len(r) > 2 else list_separator(lang).join(map(str, r)) for r in runs
    )


# --------------------------------------------------------------------------- pages


def _header(fig, sheet: Sheet, title: str, subtitle: str = "") -> float:
    """The page's title and subtitle; returns the y (inches) below them."""
    w, h = fig.get_size_inches()
    top = h - 8 * MM
    prop = sheet.font(14, "bold")
    used = text_block(fig, MARGIN, top, wrap(title, prop, w - 2 * MARGIN), prop, 1.15)
    top -= used + 1.2 * MM
    if subtitle:
        prop = sheet.font(7.5)
        lines = wrap(subtitle, prop, w - 2 * MARGIN)
        top -= text_block(fig, MARGIN, top, lines, prop, color="#222222")
    return top


def _caption_parts(sheet: Sheet, snapshot: Snapshot, width: float, size: float, **extra):
    """A map's caption (bold), what kind of map it is (``kind=True``), who administers and
    claims the four, and the numbers of its sources (``cited``): (font, lines) pairs, each
    wrapped to ``width`` inches."""
    lang = sheet.lang
    bold = sheet.font(size, "bold")
    parts = [(bold, wrap(caption(snapshot, sheet.atlas, lang), bold, width))]
    small = sheet.font(max(6.3, size - 1.6))
    if extra.get("kind"):
        parts.append((small, wrap(kind_note(snapshot, lang), small, width)))
    summary = sheet.font(size - 1.2)
    lines = []
    for line in four_summary(snapshot, sheet.atlas, sheet.style, lang):
        lines += wrap(line, summary, width)
    parts.append((summary, lines))
    people = sheet.people.get(snapshot.id, ())
    if people:
        parts.append((small, [w for line in people for w in wrap(line, small, width)]))
    if extra.get("cited"):
        numbers = number_ranges(extra["cited"], lang)
        value = t("handout.sources_cited", lang, numbers=numbers)
        parts.append((small, wrap(value, small, width)))
    return parts


def _draw_captions(fig, x, top, parts) -> float:
    """Draw caption parts from ``top`` down; returns the height used, in inches."""
    used = 0.0
    for prop, lines in parts:
        used += text_block(fig, x, top - used, lines, prop, 1.18, color="#111111")
        used += 0.6 * MM
    return used


def _panel(fig, renderer, sheet, snapshot, rect, label_size, changed=frozenset()):
    """One map in ``rect`` (x, y, width, height in inches): the four disputed groups large
    and named (the inset of the four, filling the rect), and in its upper left corner, where
    the sea is open, the overview of the whole region with the inset's frame."""
    _, _, width, height = rect
    extent = sheet.extent
    ratio = (extent[2] - extent[0]) / aspect(extent) / (extent[3] - extent[1])
    wanted = min(OVERVIEW_MAX * width, 0.6 * height)
    inset_extent, free = four_extent(sheet, width, height, wanted)
    inset = map_axes(fig, rect, inset_extent, sheet, "inset:" + snapshot.id)
    draw_map(inset, snapshot, sheet, "large", changed)
    box = inset.get_position()
    w, h = fig.get_size_inches()
    side = min(free, wanted)
    overview_rect = (box.x0 * w, box.y1 * h - side, side * ratio, side)
    overview = map_axes(fig, overview_rect, extent, sheet, "map:" + snapshot.id)
    for spine in overview.spines.values():
        spine.set_linewidth(0.8)
        spine.set_color("#333333")
    draw_map(overview, snapshot, sheet, "small", changed)
    frame(overview, inset_extent)
    to_data = inset.transData.inverted()
    corners = to_data.transform(
        [
            [overview_rect[0] * fig.dpi, overview_rect[1] * fig.dpi],
            [(overview_rect[0] + overview_rect[2] + 1.5 * MM) * fig.dpi, box.y1 * h * fig.dpi],
        ]
    )
    bar = scale_bar(inset, sheet, label_size - 0.5)
    label_groups(inset, renderer, sheet, label_size, avoid=(bar, Bbox(corners)))
    return overview, inset


def _sources_pages(sheet: Sheet, entries: list[SourceEntry], start: int = 0) -> list[Figure]:
    """Pages of numbered sources in three columns, from ``entries[start]`` to the end."""
    pages = []
    while start < len(entries):
        fig = new_page()
        w, _ = fig.get_size_inches()
        lang = sheet.lang
        top = _header(fig, sheet, t("handout.sources", lang), t("handout.qr_note", lang))
        top -= 3 * MM
        column_w = (w - 2 * MARGIN - 2 * GAP) / 3
        columns = [(MARGIN + i * (column_w + GAP), top, column_w, top - 8 * MM) for i in range(3)]
        drawn = fill_sources(fig, columns, entries[start:], sheet)
        if drawn == 0:
            raise HandoutError(f"source {entries[start].number} does not fit on a page")
        start += drawn
        pages.append(fig)
    return pages


def _notes(sheet: Sheet) -> list[str]:
    lang = sheet.lang
    return [
        t("handout.lines_note", lang),
        t("handout.drawn_from", lang),
        t("handout.sources_note", lang),
        "**" + t("handout.map_data", lang),
        attribution_text(sheet.atlas),
    ]


def _handout_figures(sheet: Sheet) -> list[Figure]:
    """The maps page (five maps in a 3 x 2 grid, the legend in the sixth cell), then the
    numbered sources."""
    snapshots = handout_snapshots(sheet.atlas)
    entries, cited = numbered_sources(snapshots, sheet.atlas)
    fig = new_page()
    renderer = fig.canvas.get_renderer()
    w, _ = fig.get_size_inches()
    lang = sheet.lang
    grid_top = _header(fig, sheet, t("handout.title", lang), t("handout.subtitle", lang))
    grid_top -= 2.5 * MM
    bottom = 7 * MM
    cell_w = (w - 2 * MARGIN - 2 * GAP) / 3
    cell_h = (grid_top - bottom - GAP) / 2
    for index in range(6):
        row, column = divmod(index, 3)
        x = MARGIN + column * (cell_w + GAP)
        top = grid_top - row * (cell_h + GAP)
        if index == len(snapshots):
            rows = legend_rows(sheet, snapshots)
            draw_legend(fig, (x, top - cell_h, cell_w, cell_h), sheet, rows, _notes(sheet))
            break
        snapshot = snapshots[index]
        size = 8.0
        parts = _caption_parts(sheet, snapshot, cell_w, size, cited=cited[index])
        while len(parts[0][1]) > 2 and size > 6.5:
            size -= 0.25
            parts = _caption_parts(sheet, snapshot, cell_w, size, cited=cited[index])
        used = _draw_captions(fig, x, top, parts) + 0.5 * MM
        _panel(fig, renderer, sheet, snapshot, (x, top - cell_h, cell_w, cell_h - used), 6.5)
    return [fig, *_sources_pages(sheet, entries)]


def _view_figures(sheet: Sheet, snapshots: list[Snapshot]) -> list[Figure]:
    """The view page (one map, or a compare pair side by side), then any sources that did
    not fit on it."""
    if not 1 <= len(snapshots) <= 2:
        raise ValueError(f"print this view: expected one or two snapshots, got {len(snapshots)}")
    lang = sheet.lang
    entries, cited = numbered_sources(snapshots, sheet.atlas)
    changed = changed_groups(*snapshots) if len(snapshots) == 2 else frozenset()
    fig = new_page()
    renderer = fig.canvas.get_renderer()
    w, _h = fig.get_size_inches()
    bottom = 8 * MM
    rows = legend_rows(sheet, snapshots, changed=bool(changed))
    notes = _notes(sheet)
    top = _header(fig, sheet, t("handout.view_title", lang)) - 1.5 * MM
    if len(snapshots) == 2:
        half_w = (w - 2 * MARGIN - 6 * MM) / 2
        legend_h = legend_height(sheet, rows, notes, w - 2 * MARGIN, 6.8)
        maps_bottom = bottom + legend_h + 3 * MM
        sides = [
            _caption_parts(sheet, s, half_w, 10, kind=True, cited=cited[i])
            for i, s in enumerate(snapshots)
        ]
        used = max(_captions_height(parts) for parts in sides) + 1 * MM
        for index, snapshot in enumerate(snapshots):
            x = MARGIN + index * (half_w + 6 * MM)
            _draw_captions(fig, x, top, sides[index])
            rect = (x, maps_bottom, half_w, top - used - maps_bottom)
            _panel(fig, renderer, sheet, snapshot, rect, 7.5, changed)
        draw_legend(fig, (MARGIN, bottom, w - 2 * MARGIN, legend_h), sheet, rows, notes, 6.8)
        return [fig, *_sources_pages(sheet, entries)]
    (snapshot,) = snapshots
    parts = _caption_parts(sheet, snapshot, w - 2 * MARGIN, 12, kind=True)
    top -= _draw_captions(fig, MARGIN, top, parts) + 2 * MM
    # The map (left: the four large, the region in its corner); legend and sources (right).
    map_w = 165 * MM
    _panel(fig, renderer, sheet, snapshot, (MARGIN, bottom, map_w, top - bottom), 9)
    side_x = MARGIN + map_w + GAP
    side_w = w - MARGIN - side_x
    legend_h = legend_height(sheet, rows, notes, side_w)
    draw_legend(fig, (side_x, top - legend_h, side_w, legend_h), sheet, rows, notes)
    y = top - legend_h - 4 * MM
    heading = sheet.font(9, "bold")
    y -= text_block(fig, side_x, y, [t("handout.sources", lang)], heading) + 1 * MM
    note = sheet.font(6.3)
    lines = wrap(t("handout.qr_note", lang), note, side_w)
    y -= text_block(fig, side_x, y, lines, note, color="#222222") + 2.5 * MM
    drawn = fill_sources(fig, [(side_x, y, side_w, y - bottom)], entries, sheet)
    return [fig, *_sources_pages(sheet, entries, drawn)]


def _captions_height(parts) -> float:
    return sum(line_height(prop, 1.18) * len(lines) + 0.6 * MM for prop, lines in parts)


# --------------------------------------------------------------------------- output


@contextmanager
def _drawing():
    """The lock and matplotlib settings under which every page is drawn and saved."""
    families = font_families()
    logger = logging.getLogger("matplotlib.font_manager")
    with DRAWING_LOCK, matplotlib.rc_context({**_RC, "font.family": list(families)}):
        added = _no_bold_warning not in logger.filters  # not again when nested
        if added:
            logger.addFilter(_no_bold_warning)
        try:
            yield families
        finally:
            if added:
                logger.removeFilter(_no_bold_warning)


def handout_figures(atlas: Atlas, style: dict, names_mode: str = DEFAULT_NAMES) -> list[Figure]:
    """The handout's pages as matplotlib figures (for measuring; :func:`build_handout` saves
    them): the maps page, then the sources pages."""
    with _drawing() as families:
        return _handout_figures(Sheet(atlas, style, names_mode, families))


def view_figures(
    snapshots: list[Snapshot],
    atlas: Atlas,
    style: dict,
    names_mode: str = DEFAULT_NAMES,
    people: Mapping[str, Sequence[str]] | None = None,
) -> list[Figure]:
    """The view page (and any sources page after it) as matplotlib figures; ``people``: lines
    printed under a map's summary, by snapshot id (geo.model.people's, for its step)."""
    with _drawing() as families:
        sheet = Sheet(atlas, style, names_mode, families)
        sheet.people = {k: tuple(v) for k, v in (people or {}).items()}
        return _view_figures(sheet, list(snapshots))


def _check(names_mode: str, fmt: str, style: dict | None = None, snapshots=()) -> None:
    drawn = {u.administered_by for s in snapshots for u in s.units}
    drawn |= {c for s in snapshots for u in s.units for c in u.claimed_by}
    missing = sorted(drawn - set((style or {}).get("state", {})))
    if style is not None and missing:
        raise HandoutError(
            f"the style has no [state.CODE] entry (fill, label, short) for {', '.join(missing)}"
        )
    if fmt not in FORMATS:
        raise ValueError(f"handout format: expected one of {list(FORMATS)}, got {fmt!r}")
    if names_mode not in NAME_MODES:
        raise ValueError(f"names mode: expected one of {list(NAME_MODES)}, got {names_mode!r}")


def build_handout(
    atlas: Atlas | None = None,
    style: dict | None = None,
    names_mode: str = DEFAULT_NAMES,
    fmt: str = "pdf",
) -> bytes:
    """The handout: an A4 landscape PDF (the maps page, then the sources pages) or a PNG
    (150 dpi, the same pages one below the other).

    ``names_mode`` is one of ``local`` (both local names, English interface), ``en``, ``ja``
    or ``ru`` (the interface follows it); ``fmt`` is ``"pdf"`` or ``"png"``. With the
    default style, the result is cached per atlas, names mode and format. Raises ValueError
    for an unknown mode or format, HandoutError if the font package is missing.
    """
    _check(names_mode, fmt)
    atlas = atlas or default_atlas()
    if style is None:
        return _cached_handout(atlas, names_mode, fmt)
    return _save(lambda: handout_figures(atlas, style, names_mode), names_mode, fmt)


@lru_cache(maxsize=16)
def _cached_handout(atlas: Atlas, names_mode: str, fmt: str) -> bytes:
    style = load_style(atlas.data_dir / "style.toml")
    return _save(lambda: handout_figures(atlas, style, names_mode), names_mode, fmt)


def build_view_page(
    snapshots: list[Snapshot],
    atlas: Atlas | None = None,
    style: dict | None = None,
    names_mode: str = DEFAULT_NAMES,
    fmt: str = "pdf",
    people: Mapping[str, Sequence[str]] | None = None,
) -> bytes:
    """ "Print this view": one A4 landscape page of the view on screen, then a sources page
    where its sources do not all fit beside the map. ``people``: who lived on the four at a
    map's step (plain-text lines by snapshot id), printed under its summary.

    ``snapshots``: one snapshot of any kind (a year, a scenario, possibly with a divided
    group and a cut, or a worldview), or two for a compare pair (side by side, what differs
    ringed in yellow). Each map has its inset of the four, a caption in the names mode's
    language, who administers and claims the four; the page has the legend rows it needs,
    its sources whole with short links or QR codes, and the data attribution. Raises
    ValueError for another number of snapshots, an unknown mode or format; HandoutError for
    a state code the style has no entry for (naming it), or a missing font package.
    """
    atlas = atlas or default_atlas()
    style = style or load_style(atlas.data_dir / "style.toml")
    snapshots = list(snapshots)
    _check(names_mode, fmt, style, snapshots)
    return _save(lambda: view_figures(snapshots, atlas, style, names_mode, people), names_mode, fmt)


def _save(draw, names_mode: str, fmt: str) -> bytes:
    lang = ui_language(names_mode)
    title = t("handout.title", lang)
    buffer = io.BytesIO()
    with _drawing():
        figures = draw()
        if fmt == "pdf":
            metadata = {"Title": title, "Creator": "Kuril Islands dispute atlas"}
            with PdfPages(buffer, metadata={**metadata, "CreationDate": None}) as pdf:
                for fig in figures:
                    pdf.savefig(fig)
            return buffer.getvalue()
        images = []
        for fig in figures:
            fig.canvas.draw()
            images.append(np.asarray(fig.canvas.buffer_rgba())[:, :, :3])
    gap = np.full((PNG_PAGE_GAP_PX, images[0].shape[1], 3), 160, dtype=np.uint8)
    stacked = np.concatenate([part for image in images for part in (image, gap)][:-1])
    info = PngInfo()
    info.add_itxt("Title", title)
    Image.fromarray(stacked).save(buffer, format="png", pnginfo=info, dpi=(PNG_DPI, PNG_DPI))
    return buffer.getvalue()


def _no_bold_warning(record: logging.LogRecord) -> bool:
    """IPAexGothic has no bold face: bold Japanese is drawn regular, as expected."""
    return "Failed to find font weight" not in record.getMessage()


def handout_filename(names_mode: str = DEFAULT_NAMES, fmt: str = "pdf") -> str:
    """A download name, e.g. ``kuril-islands-dispute-handout-local.pdf``."""
    return f"kuril-islands-dispute-handout-{names_mode}.{fmt}"


def view_filename(snapshots: list[Snapshot], names_mode: str = DEFAULT_NAMES, fmt="pdf") -> str:
    """A download name for a printed view, e.g. ``kuril-atlas-view-1945-vs-decl_1956-ja.pdf``."""
    ids = "-vs-".join(re.sub(r"[^A-Za-z0-9_]+", "_", s.id) for s in snapshots)
    return f"kuril-atlas-view-{ids}-{names_mode}.{fmt}"


__all__ = [
    "FORMATS",
    "MIME_TYPES",
    "HandoutError",
    "build_handout",
    "build_view_page",
    "caption",
    "font_families",
    "font_path",
    "four_summary",
    "handout_figures",
    "handout_filename",
    "handout_snapshots",
    "kind_note",
    "map_extent",
    "number_ranges",
    "numbered_sources",
    "short_link",
    "source_titles",
    "view_figures",
    "view_filename",
]
