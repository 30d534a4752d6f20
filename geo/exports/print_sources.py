"""Numbered sources on the printed pages: the sources some maps cite, each once, numbered in
first-cited order; each printed whole, with a short link or, for a long link, a QR code drawn as
vector squares with the site's host beside it, filled into columns until one does not fit (the
rest continue on a sources page).

Nothing here imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import segno
from matplotlib.patches import PathPatch
from matplotlib.path import Path as MplPath

from geo.exports.print_page import MM, Sheet, line_height, text, text_block, width_in, wrap
from geo.files.atlas import Atlas
from geo.model.snapshot import Snapshot

# QR codes: one module is this many millimetres (a 33-module code is 11 mm across).
QR_MODULE_MM = 0.34
# A link whose short form (no scheme, no "www.") is longer than this gets a QR code.
SHORT_LINK_CHARS = 38


@dataclass(frozen=True)
class SourceEntry:
    """One numbered source of a document: its text whole, its link and how it prints."""

    number: int
    source_id: str
    text: str
    url: str

    @property
    def link(self) -> str:
        """What prints as the link: the short address, or the host beside a QR code."""
        short, long = short_link(self.url)
        return (urlsplit(self.url).hostname or "").removeprefix("www.") if long else short

    @property
    def qr(self) -> bool:
        return short_link(self.url)[1]


def source_title(atlas: Atlas, source_id: str) -> str:
    """A source as "title (publisher, date)", leaving out what the sources table lacks."""
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
        SourceEntry(n, s, source_title(atlas, s), str(atlas.sources.loc[s, "url"] or ""))
        for s, n in numbers.items()
    ]
    return entries, cited


def short_link(url: str) -> tuple[str, bool]:
    """(the address without scheme, "www." or a closing "/", whether it is too long to
    print and gets a QR code instead). An empty URL gives ("", False)."""
    if not url:
        return "", False
    parts = urlsplit(url)
    short = (parts.netloc.removeprefix("www.") + url.split(parts.netloc, 1)[1]).rstrip("/")
    return short, len(short) > SHORT_LINK_CHARS


@lru_cache(maxsize=512)
def qr_matrix(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of ``url`` (segno, error correction L, never a Micro QR) as rows of dark
    (True) and light modules, without the quiet zone."""
    code = segno.make(url, error="l", micro=False)
    return tuple(tuple(bool(v) for v in row) for row in code.matrix)


def qr_side_in(url: str) -> float:
    """The printed side of the code of ``url`` in inches, quiet zone excluded."""
    return len(qr_matrix(url)) * QR_MODULE_MM * MM


def draw_qr(fig, x: float, top: float, url: str) -> float:
    """The QR code of ``url`` as filled vector squares (one rectangle per run of dark modules
    in a row), its upper left corner at (x, top) inches. Returns its side in inches."""
    matrix = qr_matrix(url)
    module = QR_MODULE_MM * MM
    w, h = fig.get_size_inches()
    vertices, codes = [], []
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            x0, x1 = (x + start * module) / w, (x + c * module) / w
            y1, y0 = (top - r * module) / h, (top - (r + 1) * module) / h
            vertices += [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
            codes += [MplPath.MOVETO, *[MplPath.LINETO] * 3, MplPath.CLOSEPOLY]
    patch = PathPatch(
        MplPath(vertices, codes),
        facecolor="black",
        edgecolor="none",
        linewidth=0,
        transform=fig.transFigure,
    )
    patch.set_gid(f"qr:{url}")
    fig.add_artist(patch)
    return len(matrix) * module


def source_layout(entry: SourceEntry, sheet: Sheet, width: float, size: float) -> dict:
    """How one entry prints in a column ``width`` inches wide: its lines and height."""
    prop = sheet.font(size)
    number_w = width_in("000", sheet.font(size, "bold"))
    qr = qr_side_in(entry.url) if entry.qr else 0.0
    text_w = width - number_w - (qr + 0.08 if qr else 0)
    lines = wrap(entry.text, prop, text_w)
    link_lines = wrap(entry.link, prop, text_w) if entry.link else []
    height = max(qr, line_height(prop, 1.18) * (len(lines) + len(link_lines)))
    return {"lines": lines, "link": link_lines, "qr": qr, "number_w": number_w, "height": height}


def draw_source(fig, x: float, top: float, width: float, entry, layout, sheet, size) -> None:
    prop = sheet.font(size)
    text_block(fig, x, top, [f"{entry.number}"], sheet.font(size, "bold"), color="#222222")
    tx = x + layout["number_w"]
    used = text_block(fig, tx, top, layout["lines"], prop, 1.18, color="#111111")
    if layout["link"]:
        w, h = fig.get_size_inches()
        link = text(
            fig,
            tx / w,
            (top - used) / h,
            "\n".join(layout["link"]),
            prop,
            va="top",
            linespacing=1.18,
            color="#0b4f8a",
        )
        link.set_url(entry.url)
        link.set_gid(f"link:{entry.number}")
    if layout["qr"]:
        draw_qr(fig, x + width - layout["qr"], top, entry.url)


def fill_sources(fig, column_rects, entries, sheet: Sheet, size: float = 6.3) -> int:
    """Draw entries in order into columns (x, top, width, height in inches) until one does
    not fit; returns how many were drawn (the rest continue on a sources page)."""
    drawn = 0
    for x, top, width, height in column_rects:
        y = top
        while drawn < len(entries):
            layout = source_layout(entries[drawn], sheet, width, size)
            if y - layout["height"] < top - height and y < top:
                break
            draw_source(fig, x, y, width, entries[drawn], layout, sheet, size)
            y -= layout["height"] + 0.09
            drawn += 1
    return drawn
