"""The handout: the course's four configurations (1855, 1875, 1945, 1956) and the present day (the
last of :func:`geo.configurations`) on one A4 landscape page, followed by its sources.

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
The fonts, and how the pages are saved as PDF or PNG: geo/exports/print_output.py. "Print this
view", the page of one view: geo/exports/view_page.py.

Nothing here imports Streamlit.
"""

from __future__ import annotations

from functools import lru_cache

from matplotlib.figure import Figure

from geo.exports.map_pages import (
    GAP,
    MARGIN,
    caption_parts,
    draw_captions,
    legend_notes,
    map_panel,
    page_header,
    sources_pages,
)
from geo.exports.print_legend import draw_legend, legend_rows
from geo.exports.print_output import check_request, drawing, save_pages
from geo.exports.print_page import MM, Sheet, new_page
from geo.exports.print_sources import numbered_sources
from geo.files.atlas import Atlas
from geo.files.style import Style, load_style
from geo.i18n import DEFAULT_NAMES, t
from geo.model.snapshot import Snapshot
from geo.model.timeline import configurations, historical_snapshot

# The configurations of the course; the present day (the last configuration) is added.
HANDOUT_YEARS = (1855, 1875, 1945, 1956)


def handout_snapshots(atlas: Atlas) -> list[Snapshot]:
    """The five snapshots of the handout: the course's four years and the present day."""
    years = configurations(atlas)
    wanted = [y for y in HANDOUT_YEARS if y in years] + [years[-1]]
    return [historical_snapshot(y, atlas) for y in dict.fromkeys(wanted)]


def handout_figures(atlas: Atlas, style: Style, names_mode: str = DEFAULT_NAMES) -> list[Figure]:
    """The handout's pages as matplotlib figures (for measuring; :func:`build_handout` saves
    them): the maps page, then the sources pages."""
    with drawing() as families:
        return _handout_pages(Sheet(atlas, style, names_mode, families))


def _handout_pages(sheet: Sheet) -> list[Figure]:
    """The maps page (five maps in a 3 x 2 grid, the legend in the sixth cell), then the
    numbered sources."""
    snapshots = handout_snapshots(sheet.atlas)
    entries, cited = numbered_sources(snapshots, sheet.atlas)
    fig = new_page()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # an Agg canvas
    w, _ = fig.get_size_inches()
    lang = sheet.lang
    grid_top = page_header(fig, sheet, t("handout.title", lang), t("handout.subtitle", lang))
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
            draw_legend(fig, (x, top - cell_h, cell_w, cell_h), sheet, rows, legend_notes(sheet))
            break
        snapshot = snapshots[index]
        size = 8.0
        parts = caption_parts(sheet, snapshot, cell_w, size, cited=cited[index])
        while len(parts[0][1]) > 2 and size > 6.5:
            size -= 0.25
            parts = caption_parts(sheet, snapshot, cell_w, size, cited=cited[index])
        used = draw_captions(fig, x, top, parts) + 0.5 * MM
        map_panel(fig, renderer, sheet, snapshot, (x, top - cell_h, cell_w, cell_h - used), 6.5)
    return [fig, *sources_pages(sheet, entries)]


def build_handout(
    atlas: Atlas,
    style: Style | None = None,
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
    check_request(names_mode, fmt)
    if style is None:
        return _cached_handout(atlas, names_mode, fmt)
    return save_pages(lambda: handout_figures(atlas, style, names_mode), names_mode, fmt)


@lru_cache(maxsize=16)
def _cached_handout(atlas: Atlas, names_mode: str, fmt: str) -> bytes:
    style = load_style(atlas.data_dir / "style.toml")
    return save_pages(lambda: handout_figures(atlas, style, names_mode), names_mode, fmt)


def handout_filename(names_mode: str = DEFAULT_NAMES, fmt: str = "pdf") -> str:
    """A download name, e.g. ``kuril-islands-dispute-handout-local.pdf``."""
    return f"kuril-islands-dispute-handout-{names_mode}.{fmt}"


__all__ = [
    "HANDOUT_YEARS",
    "build_handout",
    "handout_figures",
    "handout_filename",
    "handout_snapshots",
]
