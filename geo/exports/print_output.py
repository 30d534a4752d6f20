"""Printing a document: its fonts, the settings every page is drawn under, and saving the pages
as a PDF or a PNG (geo/exports/handout.py, geo/exports/view_page.py and geo/exports/worksheet.py
print through it).

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
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.font_manager import FontProperties
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from geo.exports.print_page import DPI, DRAWING_LOCK
from geo.files.style import Style
from geo.i18n import NAME_MODES, t, ui_language

FORMATS = ("pdf", "png")
MIME_TYPES = {"pdf": "application/pdf", "png": "image/png"}
PNG_DPI = DPI
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


class HandoutError(RuntimeError):
    """A printed document cannot be drawn (e.g. its font package is not installed)."""


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


@contextmanager
def drawing():
    """The lock and matplotlib settings under which every page is drawn and saved."""
    families = font_families()
    logger = logging.getLogger("matplotlib.font_manager")
    with DRAWING_LOCK, matplotlib.rc_context({**_RC, "font.family": list(families)}):
        added = no_bold_warning not in logger.filters  # not again when nested
        if added:
            logger.addFilter(no_bold_warning)
        try:
            yield families
        finally:
            if added:
                logger.removeFilter(no_bold_warning)


def no_bold_warning(record: logging.LogRecord) -> bool:
    """IPAexGothic has no bold face: bold Japanese is drawn regular, as expected."""
    return "Failed to find font weight" not in record.getMessage()


def check_request(names_mode: str, fmt: str, style: Style | None = None, snapshots=()) -> None:
    """Raise HandoutError where ``style`` (when given) has no entry for a state code the
    snapshots draw or claim with (naming them all), ValueError for an unknown format or names
    mode."""
    drawn = {u.administered_by for s in snapshots for u in s.units}
    drawn |= {c for s in snapshots for u in s.units for c in u.claimed_by}
    missing = sorted(c for c in drawn if style is not None and c not in style.state)
    if missing:
        raise HandoutError(
            f"the style has no [state.CODE] entry (fill, label, short) for {', '.join(missing)}"
        )
    if fmt not in FORMATS:
        raise ValueError(f"handout format: expected one of {list(FORMATS)}, got {fmt!r}")
    if names_mode not in NAME_MODES:
        raise ValueError(f"names mode: expected one of {list(NAME_MODES)}, got {names_mode!r}")


def save_pages(draw, names_mode: str, fmt: str) -> bytes:
    """The pages that ``draw()`` returns (matplotlib figures, drawn under :func:`drawing`)
    as the bytes of a PDF, or of a PNG at PNG_DPI with the pages one below the other;
    titled with the handout's title in the names mode's language, with no creation date."""
    lang = ui_language(names_mode)
    title = t("handout.title", lang)
    buffer = io.BytesIO()
    with drawing():
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
