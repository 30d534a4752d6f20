""" "Print this view": the view a teacher has on screen (one snapshot of any kind: a year, a
scenario, a worldview; or a compare pair) as one A4 landscape page, followed by a sources page
where its sources do not fit beside the map.

Each map is drawn as on the handout (geo/exports/handout.py): the four disputed groups large,
the whole region in a corner, a caption in the page's language saying what kind of map it is
and who administers and claims the four, and, at a step where the data has them, who lived on
the four. A compare pair stands side by side with what differs ringed in yellow.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure

from geo.exports.map_pages import (
    GAP,
    MARGIN,
    caption_parts,
    captions_height,
    draw_captions,
    legend_notes,
    map_panel,
    page_header,
    sources_pages,
)
from geo.exports.print_legend import draw_legend, legend_height, legend_rows
from geo.exports.print_output import check_request, drawing, save_pages
from geo.exports.print_page import MM, Sheet, new_page, text_block, wrap
from geo.exports.print_sources import fill_sources, numbered_sources
from geo.files.atlas import Atlas
from geo.files.style import Style, load_style
from geo.i18n import DEFAULT_NAMES, t
from geo.model.snapshot import Snapshot, changed_groups


def view_figures(
    snapshots: list[Snapshot],
    atlas: Atlas,
    style: Style,
    names_mode: str = DEFAULT_NAMES,
    people: Mapping[str, Sequence[str]] | None = None,
) -> list[Figure]:
    """The view page (and any sources page after it) as matplotlib figures; ``people``: lines
    printed under a map's summary, by snapshot id (geo.model.people's, for its step)."""
    with drawing() as families:
        sheet = Sheet(atlas, style, names_mode, families)
        sheet.people = {k: tuple(v) for k, v in (people or {}).items()}
        return _view_pages(sheet, list(snapshots))


def _view_pages(sheet: Sheet, snapshots: list[Snapshot]) -> list[Figure]:
    """The view page (one map, or a compare pair side by side), then any sources that did
    not fit on it."""
    if not 1 <= len(snapshots) <= 2:
        raise ValueError(f"print this view: expected one or two snapshots, got {len(snapshots)}")
    lang = sheet.lang
    entries, cited = numbered_sources(snapshots, sheet.atlas)
    changed = changed_groups(*snapshots) if len(snapshots) == 2 else frozenset()
    fig = new_page()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]  # an Agg canvas
    w, _h = fig.get_size_inches()
    bottom = 8 * MM
    rows = legend_rows(sheet, snapshots, changed=bool(changed))
    notes = legend_notes(sheet)
    top = page_header(fig, sheet, t("handout.view_title", lang)) - 1.5 * MM
    if len(snapshots) == 2:
        half_w = (w - 2 * MARGIN - 6 * MM) / 2
        legend_h = legend_height(sheet, rows, notes, w - 2 * MARGIN, 6.8)
        maps_bottom = bottom + legend_h + 3 * MM
        sides = [
            caption_parts(sheet, s, half_w, 10, kind=True, cited=cited[i])
            for i, s in enumerate(snapshots)
        ]
        used = max(captions_height(parts) for parts in sides) + 1 * MM
        for index, snapshot in enumerate(snapshots):
            x = MARGIN + index * (half_w + 6 * MM)
            draw_captions(fig, x, top, sides[index])
            rect = (x, maps_bottom, half_w, top - used - maps_bottom)
            map_panel(fig, renderer, sheet, snapshot, rect, 7.5, changed)
        draw_legend(fig, (MARGIN, bottom, w - 2 * MARGIN, legend_h), sheet, rows, notes, 6.8)
        return [fig, *sources_pages(sheet, entries)]
    (snapshot,) = snapshots
    parts = caption_parts(sheet, snapshot, w - 2 * MARGIN, 12, kind=True)
    top -= draw_captions(fig, MARGIN, top, parts) + 2 * MM
    # The map (left: the four large, the region in its corner); legend and sources (right).
    map_w = 165 * MM
    map_panel(fig, renderer, sheet, snapshot, (MARGIN, bottom, map_w, top - bottom), 9)
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
    return [fig, *sources_pages(sheet, entries, drawn)]


def build_view_page(
    snapshots: list[Snapshot],
    atlas: Atlas,
    style: Style | None = None,
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
    style = style or load_style(atlas.data_dir / "style.toml")
    snapshots = list(snapshots)
    check_request(names_mode, fmt, style, snapshots)
    return save_pages(
        lambda: view_figures(snapshots, atlas, style, names_mode, people), names_mode, fmt
    )


def view_filename(snapshots: list[Snapshot], names_mode: str = DEFAULT_NAMES, fmt="pdf") -> str:
    """A download name for a printed view, e.g. ``kuril-atlas-view-1945-vs-decl_1956-ja.pdf``."""
    ids = "-vs-".join(re.sub(r"[^A-Za-z0-9_]+", "_", s.id) for s in snapshots)
    return f"kuril-atlas-view-{ids}-{names_mode}.{fmt}"


__all__ = ["build_view_page", "view_figures", "view_filename"]
