"""Reading printed PDFs back in tests: the TrueType fonts they embed, and whether those fonts
carry real glyphs for some text."""

from __future__ import annotations

import io
from collections.abc import Iterable

from fontTools.ttLib import TTFont
from pypdf import PdfReader


def embedded_fonts(reader: PdfReader, pages: Iterable[int] | None = None) -> dict[str, TTFont]:
    """Every TrueType font embedded in the given pages (all pages by default), parsed, by its
    PDF name; fails for a font that is not embedded as TrueType."""
    fonts = {}
    numbers = range(len(reader.pages)) if pages is None else pages
    for number in numbers:
        for font in reader.pages[number]["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded as TrueType"
            data = descriptor["/FontFile2"].get_object().get_data()
            fonts[str(font["/BaseFont"])] = TTFont(io.BytesIO(data))
    return fonts


def assert_glyphs_for(names, fonts: dict[str, TTFont]) -> None:
    """Every character of ``names`` (but spaces) has a real glyph, with an outline, in one
    of ``fonts`` (matplotlib's LastResort placeholder boxes do not count)."""
    covered = set()
    for name, font in fonts.items():
        if "LastResort" in name:  # matplotlib's placeholder boxes for missing glyphs
            continue
        cmap = font.getBestCmap() or {}
        glyph_order = font.getGlyphOrder()
        outlines = font["glyf"]
        # a character counts only if it maps to a real glyph (not .notdef) with an outline
        for code, glyph in cmap.items():
            if glyph in glyph_order and glyph != ".notdef" and outlines[glyph].numberOfContours:
                covered.add(chr(code))
    missing = {c for name in names for c in name if not c.isspace()} - covered
    assert not missing, f"no embedded glyph for {sorted(missing)}"
