"""The printable handout (geo/handout.py): one A4 landscape page, fonts that carry the names."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

import geo
from geo import handout
from geo.i18n import t

A4_LANDSCAPE_PT = (841.89, 595.28)
NAMES = ("択捉島", "国後島", "остров Итуруп")


@pytest.fixture(scope="module")
def atlas():
    return geo.default_atlas()


@pytest.fixture(scope="module")
def local_pdf(atlas) -> bytes:
    return handout.build_handout(atlas, names_mode="local", fmt="pdf")


@pytest.fixture(scope="module")
def local_reader(local_pdf) -> PdfReader:
    return PdfReader(io.BytesIO(local_pdf))


def _text(reader: PdfReader) -> str:
    """The page's text with all whitespace collapsed (line breaks fall anywhere)."""
    return " ".join(reader.pages[0].extract_text().split())


def embedded_fonts(reader: PdfReader) -> dict[str, TTFont]:
    """Every TrueType font embedded in the page, parsed, by its PDF name."""
    fonts = {}
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descendants = font.get("/DescendantFonts")
        described = descendants[0].get_object() if descendants else font
        descriptor = described["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded as TrueType"
        data = descriptor["/FontFile2"].get_object().get_data()
        fonts[str(font["/BaseFont"])] = TTFont(io.BytesIO(data))
    return fonts


def test_the_pdf_is_one_a4_landscape_page(local_pdf, local_reader):
    assert local_pdf.startswith(b"%PDF")
    assert len(local_reader.pages) == 1
    box = local_reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(A4_LANDSCAPE_PT[0], abs=2)
    assert float(box.height) == pytest.approx(A4_LANDSCAPE_PT[1], abs=2)


def test_embedded_fonts_carry_the_japanese_and_cyrillic_glyphs(local_reader):
    fonts = embedded_fonts(local_reader)
    assert any("IPAexGothic" in name for name in fonts), list(fonts)
    assert_glyphs_for(NAMES, fonts)


def assert_glyphs_for(names, fonts: dict[str, TTFont]) -> None:
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


def test_the_names_and_every_caption_are_in_the_text(atlas, local_reader):
    text = _text(local_reader)
    for name in NAMES:
        assert name in text
    snapshots = handout.handout_snapshots(atlas)
    assert [s.year for s in snapshots] == [1855, 1875, 1945, 1956, geo.configurations(atlas)[-1]]
    for snapshot in snapshots:
        assert handout.caption(snapshot, atlas, "en") in text
    assert t("handout.title", "en") in text
    assert "OpenStreetMap contributors" in text and "ODbL" in text
    assert t("handout.sources", "en") in text


def test_the_png_is_a4_landscape_at_150_dpi(atlas):
    png = handout.build_handout(atlas, names_mode="local", fmt="png")
    image = Image.open(io.BytesIO(png))
    image.load()
    width, height = image.size
    assert width / height == pytest.approx(297 / 210, rel=0.01)
    assert width == pytest.approx(297 / 25.4 * handout.PNG_DPI, rel=0.01)


def test_japanese_mode_puts_japanese_interface_words_in(atlas):
    reader = PdfReader(io.BytesIO(handout.build_handout(atlas, names_mode="ja", fmt="pdf")))
    text = _text(reader)
    for key in ("handout.title", "handout.legend", "handout.sources", "handout.map_data"):
        assert t(key, "ja") in text, key
    assert "1956年:日本国とソヴィエト社会主義共和国連邦との共同宣言" in text
    assert "択捉島" in text and "остров Итуруп" not in text
    assert t("handout.title", "en") not in text


def test_captions_say_who_administers_the_four(atlas):
    style = geo.mapview.load_style()
    s1956 = geo.historical_snapshot(1956, atlas)
    lines = handout.four_summary(s1956, atlas, style, "en")
    assert lines[0] == "The four islands: administered by USSR, also claimed by Japan"
    assert "Transfer to Japan promised" in lines[1] and "Shikotan" in lines[1]
    s1855 = geo.historical_snapshot(1855, atlas)
    assert handout.four_summary(s1855, atlas, style, "ja") == ["四つの島:日本が施政"]


def test_data_text_is_never_mathtext(atlas, monkeypatch):
    """A '$' in data (a source title, a label) is printed as it is, not parsed as TeX."""
    monkeypatch.setattr(handout, "caption", lambda *_: "1855: costs $5 and $x^2$")
    style = geo.mapview.load_style()
    reader = PdfReader(io.BytesIO(handout.build_handout(atlas, style, "en", "pdf")))
    assert "1855: costs $5 and $x^2$" in _text(reader)


def test_unknown_format_or_mode_is_refused(atlas):
    with pytest.raises(ValueError, match="format"):
        handout.build_handout(atlas, fmt="svg")
    with pytest.raises(ValueError, match="names mode"):
        handout.build_handout(atlas, names_mode="fr")


def test_a_missing_font_package_is_named(monkeypatch):
    monkeypatch.setattr(handout, "FONT_PACKAGE", "no_such_font_package")
    handout.font_path.cache_clear()
    try:
        with pytest.raises(handout.HandoutError, match="no_such_font_package"):
            handout.font_path()
    finally:
        monkeypatch.undo()
        handout.font_path.cache_clear()
    assert handout.font_path().name == "ipaexg.ttf"


def test_geo_handout_never_imports_streamlit():
    source = (geo.loading.DATA_DIR.parent / "geo" / "handout.py").read_text(encoding="utf-8")
    assert "import streamlit" not in source and "from streamlit" not in source
