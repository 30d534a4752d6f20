"""The printed pages (geo/exports/handout.py, view_page.py and the print_* modules they draw
with): the handout of five maps and "print this view": A4 pages, fonts that carry the names, an
inset where the four disputed groups read at print size, sources whole with links or QR codes,
and every caption in the page's language."""

from __future__ import annotations

import dataclasses
import io
import re

import numpy as np
import pytest
import segno
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox
from PIL import Image
from pypdf import PdfReader

import geo
from geo.exports import handout, map_pages, print_maps, print_output, print_sources, view_page
from geo.files.codes import DISPUTED_GROUPS
from geo.files.scenarios import load_scenarios
from geo.files.style import StateStyle, Style, load_style
from geo.files.translations import Translations
from geo.i18n import place_lines, t
from geo.model import scenarios
from geo.model.snapshot import WORLDVIEW, Snapshot
from geo.text import history_text
from tests.pdfs import assert_glyphs_for, embedded_fonts

# Renders printed pages with matplotlib: the "print" part of the tests (scripts/test.sh).
pytestmark = pytest.mark.print

A4_LANDSCAPE_PT = (841.89, 595.28)
NAMES = ("択捉島", "国後島", "остров Итуруп")
# The four disputed groups must print at least this wide (cm) in the inset of the handout and of
# a printed view (the issue: "about 1.5 cm across" was too small to read).
HANDOUT_INSET_CM = 5.0
VIEW_INSET_CM = 10.0
PAIR_INSET_CM = 7.0
# Latin-script words of two letters or more: English left in a Japanese or Russian caption.
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(scope="module")
def style():
    return load_style()


@pytest.fixture(scope="module")
def local_pdf(atlas) -> bytes:
    return handout.build_handout(atlas, names_mode="local", fmt="pdf")


@pytest.fixture(scope="module")
def local_reader(local_pdf) -> PdfReader:
    return PdfReader(io.BytesIO(local_pdf))


@pytest.fixture(scope="module")
def present(atlas):
    return geo.historical_snapshot(geo.configurations(atlas)[-1], atlas)


@pytest.fixture(scope="module")
def loaded_scenarios(atlas):
    return load_scenarios(source_ids=set(atlas.sources.index))


@pytest.fixture(scope="module")
def equal_area(atlas, present, loaded_scenarios) -> Snapshot:
    """A scenario that divides Etorofu (a unit with its own geometry, and a cut)."""
    snapshot = scenarios.scenario_snapshot(
        loaded_scenarios["equal_area_2006"], present, atlas.areas
    )
    assert snapshot.cut is not None and any(u.divided for u in snapshot.units_of("etorofu"))
    return snapshot


def _text(reader: PdfReader, page: int = 0) -> str:
    """A page's text with all whitespace collapsed (line breaks fall anywhere)."""
    return " ".join(reader.pages[page].extract_text().split())


def _all_text(reader: PdfReader) -> str:
    return " ".join(_text(reader, i) for i in range(len(reader.pages)))


def _squeezed(text: str) -> str:
    """Text without any whitespace: a source wrapped over lines reads back whole."""
    return re.sub(r"\s+", "", text)


def link_targets(reader: PdfReader) -> set[str]:
    """Every URI of the link annotations on every page."""
    found = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                found.add(str(action["/URI"]))
    return found


def four_bounds(atlas) -> tuple[float, float, float, float]:
    areas = atlas.areas
    return tuple(float(v) for v in areas[areas["group"].isin(DISPUTED_GROUPS)].total_bounds)


def printed_cm(ax, bounds) -> float:
    """How wide the bounds print on the axes, in cm, from the axes' data transform."""
    west, south, east, _ = bounds
    (x0, _), (x1, _) = ax.transData.transform([(west, south), (east, south)])
    return (x1 - x0) / ax.figure.dpi * 2.54


def axes(fig, label: str):
    (found,) = [ax for ax in fig.axes if ax.get_label() == label]
    return found


def worldview_style(style: Style) -> Style:
    """The style with names of its own for the two codes only a worldview draws."""
    states = style.state.model_copy(
        update={
            "UNDETERMINED": StateStyle(
                fill="#FFFFFF", label="Attribution undetermined", short="Undetermined"
            ),
            "NOT_STATED": StateStyle(
                fill="#BBBBBB", label="Not stated by the sources", short="Not stated"
            ),
        }
    )
    return style.model_copy(update={"state": states})


def worldview_snapshot(present: Snapshot) -> Snapshot:
    """A hand-built worldview: the four drawn as Japanese (Kunashiri with Russia's claim
    marked), South Sakhalin and Urup undetermined, the northern Kurils not stated."""
    drawn = {
        "sakhalin_south": "UNDETERMINED",
        "urup": "UNDETERMINED",
        "northern_kurils": "NOT_STATED",
        **dict.fromkeys(("hokkaido", *DISPUTED_GROUPS), "JP"),
    }
    units = tuple(
        dataclasses.replace(
            u,
            administered_by=drawn.get(u.group, "RU"),
            administering_state="",
            claimed_by=("JP", "RU") if u.group == "kunashiri" else (drawn.get(u.group, "RU"),),
            transfer_promised_to="",
        )
        for u in present.units
    )
    return Snapshot(
        id="japan_official",
        kind=WORLDVIEW,
        label="As Japan's authorized school atlases draw it today",
        subtitle="",
        tag="Worldview",
        year=present.year,
        units=units,
        sources=present.sources[:3],
    )


# --------------------------------------------------------------------------- the handout


def test_every_page_is_a4_landscape_and_the_sources_follow_the_maps(local_pdf, local_reader):
    assert local_pdf.startswith(b"%PDF")
    assert len(local_reader.pages) >= 2  # the maps, then the sources
    for page in local_reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A4_LANDSCAPE_PT[0], abs=2)
        assert float(page.mediabox.height) == pytest.approx(A4_LANDSCAPE_PT[1], abs=2)
    assert t("handout.title", "en") in _text(local_reader, 0)
    assert _text(local_reader, 1).startswith(t("handout.sources", "en"))


def test_embedded_fonts_carry_the_japanese_and_cyrillic_glyphs(local_reader):
    for page in range(len(local_reader.pages)):
        fonts = embedded_fonts(local_reader, [page])  # every font embedded as TrueType
        assert fonts, page
    fonts = embedded_fonts(local_reader, [0])
    assert any("IPAexGothic" in name for name in fonts), list(fonts)
    assert_glyphs_for(NAMES, fonts)


def test_the_names_and_every_caption_are_in_the_text(atlas, local_reader):
    text = _text(local_reader)
    for name in NAMES:
        assert name in text
    snapshots = handout.handout_snapshots(atlas)
    assert [s.year for s in snapshots] == [1855, 1875, 1945, 1956, geo.configurations(atlas)[-1]]
    for snapshot in snapshots:
        assert map_pages.caption(snapshot, atlas, "en") in text
    assert t("handout.title", "en") in text
    assert "OpenStreetMap contributors" in text and "ODbL" in text
    assert t("handout.sources", "en") in text


def test_the_png_holds_every_page_at_150_dpi(atlas, local_reader):
    png = handout.build_handout(atlas, names_mode="local", fmt="png")
    image = Image.open(io.BytesIO(png))
    image.load()
    width, height = image.size
    pages = len(local_reader.pages)
    page_w, page_h = (round(mm / 25.4 * print_output.PNG_DPI) for mm in (297, 210))
    assert width == pytest.approx(page_w, abs=2)
    assert height == pytest.approx(
        pages * page_h + (pages - 1) * print_output.PNG_PAGE_GAP_PX, abs=4
    )


def test_japanese_mode_puts_japanese_interface_words_in(atlas):
    reader = PdfReader(io.BytesIO(handout.build_handout(atlas, names_mode="ja", fmt="pdf")))
    text = _text(reader)
    for key in ("handout.title", "handout.legend", "handout.map_data"):
        assert t(key, "ja") in text, key
    assert t("handout.sources", "ja") in _text(reader, 1)
    assert "1956年:日本国とソヴィエト社会主義共和国連邦との共同宣言" in text
    assert "択捉島" in text and "остров Итуруп" not in text
    assert t("handout.title", "en") not in text


def test_captions_say_who_administers_the_four(atlas, style):
    s1956 = geo.historical_snapshot(1956, atlas)
    lines = map_pages.four_summary(s1956, atlas, style, "en")
    assert lines[0] == "The four islands: administered by USSR, also claimed by Japan"
    assert "Transfer to Japan promised" in lines[1] and "Shikotan" in lines[1]
    s1855 = geo.historical_snapshot(1855, atlas)
    assert map_pages.four_summary(s1855, atlas, style, "ja") == ["四つの島:日本が施政"]


def test_data_text_is_never_mathtext(atlas, monkeypatch):
    """A '$' in data (a source title, a label) is printed as it is, not parsed as TeX."""
    monkeypatch.setattr(map_pages, "caption", lambda *_: "1855: costs $5 and $x^2$")
    style = load_style()
    reader = PdfReader(io.BytesIO(handout.build_handout(atlas, style, "en", "pdf")))
    assert "1855: costs $5 and $x^2$" in _text(reader)


def test_unknown_format_or_mode_is_refused(atlas, present):
    with pytest.raises(ValueError, match="format"):
        handout.build_handout(atlas, fmt="svg")
    with pytest.raises(ValueError, match="names mode"):
        handout.build_handout(atlas, names_mode="fr")
    with pytest.raises(ValueError, match="one or two snapshots"):
        view_page.build_view_page([present] * 3, atlas)


def test_a_missing_font_package_is_named(monkeypatch):
    monkeypatch.setattr(print_output, "FONT_PACKAGE", "no_such_font_package")
    print_output.font_path.cache_clear()
    try:
        with pytest.raises(print_output.HandoutError, match="no_such_font_package"):
            print_output.font_path()
    finally:
        monkeypatch.undo()
        print_output.font_path.cache_clear()
    assert print_output.font_path().name == "ipaexg.ttf"


# --------------------------------------------------------------------------- the inset


@pytest.fixture(scope="module")
def handout_pages(atlas, style):
    return handout.handout_figures(atlas, style, "local")


def test_every_map_has_an_inset_where_the_four_print_several_cm_wide(atlas, handout_pages, capsys):
    bounds = four_bounds(atlas)
    maps_page = handout_pages[0]
    for snapshot in handout.handout_snapshots(atlas):
        inset = axes(maps_page, f"inset:{snapshot.id}")
        overview = axes(maps_page, f"map:{snapshot.id}")
        in_inset, in_overview = printed_cm(inset, bounds), printed_cm(overview, bounds)
        with capsys.disabled():
            print(f"\n{snapshot.id}: the four {in_inset:.1f} cm (inset), {in_overview:.2f} cm")
        assert in_inset >= HANDOUT_INSET_CM, snapshot.id
        assert in_inset >= 4 * in_overview, snapshot.id
        # the inset draws the whole of the four
        west, south, east, north = bounds
        x0, x1 = inset.get_xlim()
        y0, y1 = inset.get_ylim()
        assert x0 < west and east < x1 and y0 < south and north < y1, snapshot.id
        # the overview sits on the inset's open sea, covering none of the four
        corner = overview.get_window_extent(maps_page.canvas.get_renderer())
        (cx0, cy0), (cx1, cy1) = inset.transData.inverted().transform(corner.get_points())
        for group in DISPUTED_GROUPS:
            land = shapely.union_all(list(atlas.areas[atlas.areas["group"] == group].geometry))
            assert not shapely.box(cx0, cy0, cx1, cy1).intersects(land), (snapshot.id, group)


def test_the_four_are_named_in_the_names_mode_inside_the_inset(atlas, handout_pages):
    names = geo.model.timeline.names_of(atlas, "group")
    maps_page = handout_pages[0]
    renderer = maps_page.canvas.get_renderer()
    for snapshot in handout.handout_snapshots(atlas):
        inset = axes(maps_page, f"inset:{snapshot.id}")
        box = inset.get_window_extent(renderer)
        labels = {a.get_gid(): a for a in inset.texts if (a.get_gid() or "").startswith("label")}
        assert set(labels) == {f"label:{g}" for g in DISPUTED_GROUPS}, snapshot.id
        extents = []
        for group in DISPUTED_GROUPS:
            label = labels[f"label:{group}"]
            assert label.get_text() == "\n".join(place_lines(names.loc[group], "local"))
            extent = label.get_window_extent(renderer)
            assert box.contains(extent.x0, extent.y0) and box.contains(extent.x1, extent.y1)
            extents.append(extent)
        for i, first in enumerate(extents):
            for second in extents[i + 1 :]:
                assert not first.overlaps(second), snapshot.id


def test_claim_stripes_are_spaced_to_read_on_paper(atlas, handout_pages, capsys):
    """The spacing is measured on a rendered square, not taken from the code's formula."""
    dpi = 400
    fig = Figure(figsize=(1, 1), dpi=dpi)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    square = Rectangle((0, 0), 1, 1, facecolor="white", hatch=print_maps.HATCH, hatchcolor="k")
    ax.add_patch(square)
    fig.canvas.draw()
    row = np.asarray(fig.canvas.buffer_rgba())[dpi // 2, :, 0] < 128
    starts = np.flatnonzero(row[1:] & ~row[:-1])
    along_row_mm = np.median(np.diff(starts)) / dpi * 25.4
    spacing_mm = along_row_mm / np.sqrt(2)  # the stripes are diagonal
    with capsys.disabled():
        print(f"\nclaim stripes: {spacing_mm:.2f} mm apart")
    assert spacing_mm == pytest.approx(print_maps.stripe_spacing_mm(), rel=0.08)
    assert 1.0 <= spacing_mm <= 2.5
    # Every contested unit of the four carries those stripes in 1945's inset, and Etorofu
    # (about 200 km long) is crossed by many of them.
    inset = axes(handout_pages[0], "inset:1945")
    striped = {p.get_gid() for p in inset.patches if p.get_hatch() == print_maps.HATCH}
    assert {f"stripes:{g}" for g in DISPUTED_GROUPS} <= striped
    etorofu = atlas.areas[atlas.areas["group"] == "etorofu"].total_bounds
    assert printed_cm(inset, etorofu) * 10 / along_row_mm >= 12


# --------------------------------------------------------------------------- sources


def test_every_source_is_printed_whole_with_its_link(atlas, local_reader):
    snapshots = handout.handout_snapshots(atlas)
    entries, cited = print_sources.numbered_sources(snapshots, atlas)
    assert [e.number for e in entries] == list(range(1, len(entries) + 1))
    assert {s for snapshot in snapshots for s in snapshot.source_ids()} == {
        e.source_id for e in entries
    }
    pages = range(1, len(local_reader.pages))
    sources_text = _squeezed(" ".join(_text(local_reader, i) for i in pages))
    for entry in entries:
        assert _squeezed(entry.text) in sources_text, entry.number
        if entry.url:
            assert _squeezed(entry.link) in sources_text, entry.number
    # every link opens from the PDF, and the maps page cites each map's numbers
    assert {e.url for e in entries if e.url} <= link_targets(local_reader)
    maps_text = _text(local_reader, 0)
    for numbers in cited:
        value = t("handout.sources_cited", "en", numbers=map_pages.number_ranges(numbers))
        assert value in maps_text


def test_a_long_link_gets_a_qr_code_and_its_host_a_short_one_prints_whole():
    long_url = "https://www.mofa.go.jp/region/europe/russia/territory/edition92/period2.html"
    assert print_sources.short_link(long_url) == (
        "mofa.go.jp/region/europe/russia/territory/edition92/period2.html",
        True,
    )
    entry = print_sources.SourceEntry(1, "x", "A title", long_url)
    assert entry.qr and entry.link == "mofa.go.jp"
    short = print_sources.SourceEntry(2, "y", "Another", "https://tass.com/politics/1061082")
    assert not short.qr and short.link == "tass.com/politics/1061082"
    assert print_sources.SourceEntry(3, "z", "A book", "").link == ""


def test_qr_codes_are_vector_squares_that_read_back_as_the_link(handout_pages, local_pdf):
    """Each code is drawn as filled squares; sampled at each module's centre on a rendering
    of its page, the dark modules are exactly those of the link's QR code (segno's matrix)."""
    reader = PdfReader(io.BytesIO(local_pdf))
    for page in reader.pages:  # vectors, never a picture
        objects = page["/Resources"].get("/XObject")
        for item in (objects.get_object() if objects else {}).values():
            assert item.get_object().get("/Subtype") != "/Image", "a raster image in the PDF"
    checked = 0
    for fig in handout_pages[1:]:
        fig.set_dpi(300)
        fig.canvas.draw()
        pixels = np.asarray(fig.canvas.buffer_rgba())[:, :, 0]
        height = pixels.shape[0]
        for patch in fig.patches + [a for a in fig.artists if hasattr(a, "get_path")]:
            gid = patch.get_gid() or ""
            if not gid.startswith("qr:"):
                continue
            url = gid[3:]
            matrix = np.array(segno.make(url, error="l", micro=False).matrix, dtype=bool)
            vertices = patch.get_path().vertices
            left, top = vertices[:, 0].min(), vertices[:, 1].max()
            size = len(matrix)
            module = (vertices[:, 0].max() - left) / size * fig.get_size_inches()[0] * 300
            x0 = left * fig.get_size_inches()[0] * 300
            y0 = height - top * fig.get_size_inches()[1] * 300
            centres = (np.arange(size) + 0.5) * module
            sampled = pixels[np.ix_((y0 + centres).astype(int), (x0 + centres).astype(int))] < 128
            assert (sampled == matrix).all(), url
            # no text runs into the code
            inches = fig.get_size_inches() * 300
            code = Bbox([vertices.min(axis=0) * inches - 2, vertices.max(axis=0) * inches + 2])
            renderer = fig.canvas.get_renderer()
            for text in fig.texts:
                assert not text.get_window_extent(renderer).overlaps(code), (url, text.get_text())
            assert module / 300 * 25.4 >= 0.3  # modules a phone camera resolves on paper
            checked += 1
        fig.set_dpi(print_output.PNG_DPI)
    assert checked >= 20


# --------------------------------------------------------------------------- languages


@pytest.mark.parametrize("lang", ["ja", "ru"])
def test_captions_and_summaries_have_no_english_words(
    atlas, style, loaded_scenarios, present, lang
):
    """Every configuration year, every scenario and a worldview: the caption and who holds the
    four are in the page's language (no Latin-script word, no "untranslated" marker)."""
    snapshots = [geo.historical_snapshot(y, atlas) for y in geo.configurations(atlas)]
    snapshots += [
        scenarios.scenario_snapshot(s, present, atlas.areas) for s in loaded_scenarios.values()
    ]
    wv_style = worldview_style(style)
    for snapshot in [*snapshots, worldview_snapshot(present)]:
        value = map_pages.caption(snapshot, atlas, lang)
        summary = map_pages.four_summary(snapshot, atlas, wv_style, lang)
        for text in (value, *summary):
            assert not LATIN_WORD.search(text), (snapshot.id, text)
            assert t("history.untranslated", lang) not in text, (snapshot.id, text)


@pytest.mark.parametrize("lang", ["ja", "ru"])
def test_the_printed_handout_has_its_captions_in_the_language(atlas, style, lang):
    reader = PdfReader(io.BytesIO(handout.build_handout(atlas, style, lang, "pdf")))
    text = _text(reader)
    for snapshot in handout.handout_snapshots(atlas):
        value = map_pages.caption(snapshot, atlas, lang)
        assert value in text, value
        assert map_pages.caption(snapshot, atlas, "en") not in text
        for line in map_pages.four_summary(snapshot, atlas, style, lang):
            assert _squeezed(line) in _squeezed(text), line
    english_1945 = geo.historical_snapshot(1945, atlas).label
    assert english_1945.split(": ", 1)[1] not in text


def test_a_caption_is_never_the_english_label_as_it_is(atlas, monkeypatch):
    """The cause of an English caption in a Japanese page: a label printed without its
    translation. Without a translation the caption says so, visibly."""
    s1945 = geo.historical_snapshot(1945, atlas)
    assert map_pages.caption(s1945, atlas, "ja") == "1945年:第二次世界大戦末期のソ連による占領"
    empty = Translations("ja", "", "", {})
    monkeypatch.setattr(history_text, "load_translations", lambda lang, directory=None: empty)
    assert map_pages.caption(s1945, atlas, "ja").endswith(t("history.untranslated", "ja"))


# --------------------------------------------------------------------------- print this view


def _view(snapshots, atlas, style, mode="en"):
    figures = view_page.view_figures(snapshots, atlas, style, mode)
    pdf = view_page.build_view_page(snapshots, atlas, style, mode, "pdf")
    return figures, PdfReader(io.BytesIO(pdf))


def test_print_this_view_of_a_year(atlas, style, capsys):
    s1945 = geo.historical_snapshot(1945, atlas)
    figures, reader = _view([s1945], atlas, style, "ru")
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE_PT, abs=2)
    text = _text(reader)
    assert map_pages.caption(s1945, atlas, "ru") in text
    assert t("handout.kind_historical", "ru") in text
    assert "остров Итуруп" in text and "OpenStreetMap contributors" in text
    width = printed_cm(axes(figures[0], "inset:1945"), four_bounds(atlas))
    with capsys.disabled():
        print(f"\nview of 1945: the four {width:.1f} cm")
    assert width >= VIEW_INSET_CM
    entries, _ = print_sources.numbered_sources([s1945], atlas)
    everything = _squeezed(_all_text(reader))
    assert all(_squeezed(e.text) in everything for e in entries)
    assert len(reader.pages) == len(figures)


def test_print_this_view_of_a_scenario_with_a_divided_etorofu(atlas, style, equal_area):
    figures, reader = _view([equal_area], atlas, style, "ja")
    text = _text(reader)
    assert map_pages.caption(equal_area, atlas, "ja") in text
    assert t("map.cut_legend", "ja") in text  # the cut is drawn and explained
    assert "分割" in text  # Etorofu's shares
    inset = axes(figures[0], f"inset:{equal_area.id}")
    fills = {p.get_facecolor()[:3] for p in inset.patches}
    for code in ("JP", "RU"):
        rgb = tuple(int(style.state[code].fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
        assert any(np.allclose(rgb, f, atol=0.01) for f in fills), code
    cut = style.cut.color
    assert any(line.get_color() == cut and line.get_linestyle() != "-" for line in inset.lines)


def test_print_this_view_of_a_compare_pair(atlas, style, loaded_scenarios, present):
    s1945 = geo.historical_snapshot(1945, atlas)
    declaration = scenarios.scenario_snapshot(loaded_scenarios["decl_1956"], present, atlas.areas)
    figures, reader = _view([s1945, declaration], atlas, style)
    text = _text(reader)
    for snapshot in (s1945, declaration):
        assert map_pages.caption(snapshot, atlas, "en") in text
        width = printed_cm(axes(figures[0], f"inset:{snapshot.id}"), four_bounds(atlas))
        assert width >= PAIR_INSET_CM
    assert t("map.changed_legend", "en") in text
    assert t("handout.kind_scenario", "en") in text
    entries, cited = print_sources.numbered_sources([s1945, declaration], atlas)
    assert len(cited) == 2 and entries
    everything = _squeezed(_all_text(reader))
    assert all(_squeezed(e.text) in everything for e in entries)


def test_print_this_view_of_a_worldview_draws_any_state_code(atlas, style, present):
    worldview = worldview_snapshot(present)
    extended = worldview_style(style)
    figures, reader = _view([worldview], atlas, extended)
    text = _text(reader)
    assert "Attribution undetermined" in text and "Not stated by the sources" in text
    assert t("handout.kind_worldview", "en") in text
    assert worldview.label in text
    assert "Stripes: drawn as Japan (fill), with Russia's claim marked" in text
    overview = axes(figures[0], "map:japan_official")
    fills = {p.get_facecolor()[:3] for p in overview.patches}
    assert (1.0, 1.0, 1.0) in fills  # undetermined: white
    # A code the style lacks is an error that names it, not a silent default colour.
    units = tuple(
        dataclasses.replace(u, administered_by="MARS") if u.group == "urup" else u
        for u in worldview.units
    )
    unknown = dataclasses.replace(worldview, units=units)
    with pytest.raises(print_output.HandoutError, match=r"for MARS$"):
        view_page.build_view_page([unknown], atlas, style, "en")


def test_view_filename_names_the_view():
    a = Snapshot("1945", "historical", "x", "", "1945", 1945, ())
    b = Snapshot("decl_1956", "scenario", "y", "", "Scenario", 2026, ())
    name = view_page.view_filename([a, b], "ja", "pdf")
    assert name == "kuril-atlas-view-1945-vs-decl_1956-ja.pdf"
