"""The Kuril Islands / Northern Territories dispute atlas: layout and widgets only.

All facts, geometry and computations live in the ``geo`` package; this file arranges them.
"""

from __future__ import annotations

import html

import streamlit as st
from streamlit_folium import st_folium

import geo
from geo import mapview, presentation
from geo.assets import publish_static_assets
from geo.timeline import events_for

st.set_page_config(page_title="Kuril Islands dispute atlas", layout="wide")

MAP_HEIGHT = 520
# Trusted, constant page CSS (no data in it): a compact header so that the year control and the
# map fit a 1024×768 projector, and the tick row under the year slider.
PAGE_CSS = """
<style>
.block-container {padding-top: 2.2rem; padding-bottom: 2rem;}
h1 {font-size: 1.7rem !important; padding: 0 0 0.2rem 0 !important;}
.st-key-year [data-testid="stSliderTickBar"] {display: none;}
.atlas-ticks {position: relative; height: 1.3rem; margin: -0.9rem 0.55rem 0.2rem;
  font-size: 0.8rem; color: #444;}
.atlas-tick {position: absolute; transform: translateX(-50%); white-space: nowrap;}
.atlas-tick.first {transform: none;}
.atlas-tick.last {transform: translateX(-100%);}
.atlas-tick.current {font-weight: bold; color: #111;}
</style>
"""


@st.cache_resource(show_spinner=False)
def load() -> tuple[geo.Atlas, dict]:
    """Load and validate the data once per server process; publish the browser's files."""
    atlas = geo.default_atlas()
    publish_static_assets(atlas.data_dir)
    return atlas, mapview.load_style(atlas.data_dir / "style.toml")


def step_year(years: list[int], delta: int) -> None:
    """Previous / Next: move the year slider one configuration."""
    index = years.index(st.session_state.year) + delta
    st.session_state.year = years[max(0, min(len(years) - 1, index))]


def year_ticks(years: list[int], current: int) -> str:
    """Every configuration as a labelled step under the slider (escaped text only)."""
    last = len(years) - 1
    ticks = []
    for i, year in enumerate(years):
        classes = ["atlas-tick"]
        classes += ["first"] if i == 0 else ["last"] if i == last else []
        classes += ["current"] if year == current else []
        ticks.append(
            f'<span class="{" ".join(classes)}" style="left: {100 * i / last:.3f}%">'
            f"{html.escape(str(year))}</span>"
        )
    return f'<div class="atlas-ticks" aria-hidden="true">{"".join(ticks)}</div>'


def year_control(atlas: geo.Atlas, years: list[int]) -> int:
    """The year slider with every step labelled, and Previous / Next buttons."""
    st.session_state.setdefault("year", years[-1])
    year = st.select_slider(
        "Year: step through the dispute",
        options=years,
        format_func=lambda y: atlas.configurations[y].label,
        key="year",
    )
    st.html(year_ticks(years, year))
    with st.container(horizontal=True):
        st.button(
            "◀ Previous",
            on_click=step_year,
            args=(years, -1),
            disabled=year == years[0],
            key="previous",
        )
        st.button(
            "Next ▶", on_click=step_year, args=(years, 1), disabled=year == years[-1], key="next"
        )
    return year


def show_map(atlas: geo.Atlas, year: int) -> None:
    """The map; a click on an area selects it for the side panel."""
    returned = st_folium(
        mapview.build_base_map(atlas),
        key="atlas_map",
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_clicked"],
        feature_group_to_add=mapview.build_year_layer(year, atlas),
    )
    click = (returned or {}).get("last_clicked")
    if click and click != st.session_state.get("handled_click"):
        st.session_state.handled_click = click
        group = mapview.area_at(click.get("lat"), click.get("lng"), atlas)
        if group:
            st.session_state.area = group
    st.caption("Map data: " + presentation.md_escape(mapview.attribution_text(atlas)))


def show_configuration(atlas: geo.Atlas, info: geo.Configuration) -> None:
    """The instrument, quote, summary and both readings of the chosen year."""
    md = presentation.md_escape
    st.subheader(info.label)
    st.markdown(f"**Date:** {md(info.date)}")
    for language, name in (
        ("English", info.instrument_en),
        ("日本語", info.instrument_ja),
        ("Русский", info.instrument_ru),
    ):
        if name:
            st.markdown(f"**{language}:** {md(name)}")
    if info.quote:
        article = f" ({md(info.key_article)})" if info.key_article else ""
        st.markdown(f"**The text that matters{article}:**")
        st.markdown("> " + md(info.quote))
        if info.quote_translation:
            st.caption(md(info.quote_translation))
        if info.quote_original:
            st.markdown("> " + md(info.quote_original))
    st.markdown(md(info.summary))
    if info.changes:
        st.markdown(f"**What changed since the previous configuration:** {md(info.changes)}")
    for reading in info.readings:
        st.markdown(f"**Two readings: {md(reading.topic)}**")
        for column, side, text in zip(
            st.columns(2),
            ("Japan's government", "Russia's government"),
            (reading.japan, reading.russia),
        ):
            column.markdown(f"*{side}*  \n" + md(text))
        if reading.scholarship:
            st.caption("Scholarship and reference works: " + md(reading.scholarship))
    show_events(atlas, info.year)
    with st.expander("Sources for this year"):
        ids = list(info.sources) + [s for r in info.readings for s in r.sources]
        st.markdown("\n".join(f"- {line}" for line in presentation.source_lines(ids, atlas)))


def show_events(atlas: geo.Atlas, year: int) -> None:
    """The sourced events of this period that did not change the map."""
    events = events_for(year, atlas)
    if not events:
        return
    md = presentation.md_escape
    st.markdown("**Events of this period** (they did not change who administers what)")
    for event in events:
        with st.expander(md(f"{event.when}: {event.title}")):
            st.markdown(md(event.summary))
            basis = ", ".join(v for v in (event.instrument, event.article) if v)
            if basis:
                st.markdown(f"**Instrument:** {md(basis)}")
            if event.quote:
                st.markdown("> " + md(event.quote))
            if event.japan_reading or event.russia_reading:
                for column, side, text in zip(
                    st.columns(2),
                    ("Japan's government", "Russia's government"),
                    (event.japan_reading, event.russia_reading),
                ):
                    column.markdown(f"*{side}*  \n" + md(text))
            ids = [*event.sources, *event.reading_sources]
            if event.quote_source:
                ids.append(event.quote_source)
            lines = presentation.source_lines(ids, atlas)
            st.markdown("**Sources:**\n" + "\n".join(f"- {line}" for line in lines))


def show_selected_area(atlas: geo.Atlas, style: dict, year: int) -> None:
    """The long note and the sources of one area, following the year."""
    names = geo.names_of(atlas, "group")
    st.subheader("Selected area")
    group = st.selectbox(
        "Area (or click it on the map)",
        options=list(atlas.groups),
        format_func=lambda g: names.loc[g, "name_en"],
        index=None,
        placeholder="Choose an area, or click one on the map",
        key="area",
    )
    if group is None:
        return
    detail = presentation.area_detail(group, year, style, atlas)
    md = presentation.md_escape
    st.markdown(f"**{md(detail['title'])}**")
    st.markdown("  \n".join(f"**{md(label)}:** {md(text)}" for label, text in detail["fields"]))
    lines = presentation.source_lines(detail["sources"], atlas)
    st.markdown("**Sources:**\n" + "\n".join(f"- {line}" for line in lines))


def render_page(atlas: geo.Atlas, style: dict) -> None:
    """The whole page for the year chosen on the slider."""
    years = geo.configurations(atlas)
    st.html(PAGE_CSS)
    st.title("Kuril Islands / Northern Territories: an atlas of the dispute")

    map_col, info_col = st.columns([3, 2], gap="medium")
    with map_col:
        year = year_control(atlas, years)
        show_map(atlas, year)
    with info_col:
        show_configuration(atlas, geo.configuration_info(year, atlas))
        show_selected_area(atlas, style, year)

    st.subheader(f"Every area in {year}")
    st.caption(
        "The map as a table. Habomai, Shikotan, Kunashiri (Kunashir) and Etorofu (Iturup) are "
        "the four islands disputed today. Choose an area above for its note and sources."
    )
    # A static table wraps its cells, so it fits a projector without sideways scrolling. It
    # renders Markdown, so every cell is escaped here, at the rendering boundary.
    table = presentation.status_table(year, style, atlas)
    st.table(
        table.map(lambda v: presentation.md_escape(f"{v:,.1f}" if isinstance(v, float) else v)),
        hide_index=True,
        alt=f"Who administered and who claimed each area in {year}",
    )
    with st.expander(f"Sources cited in this table ({year})"):
        lines = presentation.source_lines(presentation.status_source_ids(year, atlas), atlas)
        st.markdown("\n".join(f"- {line}" for line in lines))
    undrawn = presentation.undrawn_islets(atlas)
    if undrawn:
        st.caption(
            "Named but not drawn (too small for the source geometry): "
            + presentation.md_escape("; ".join(undrawn))
        )

    with st.expander("About the data and licences"):
        st.markdown(
            "Coastlines: OpenStreetMap-derived land polygons (© OpenStreetMap contributors, "
            "ODbL 1.0) from the package geo-maps countries-land-10m 0.6.0, rebuilt by "
            "`scripts/build_data.py`. Statuses, names and sources: `data/timeline/`, each row "
            "citing its sources. Boundary lines are derived from the island geometry (median "
            "lines through straits) and are schematic, not surveyed boundaries."
        )


try:
    render_page(*load())
except (geo.DataError, geo.UnknownIdError, OSError) as exc:
    st.error(
        "The atlas cannot show this page because its data is broken: "
        + presentation.md_escape(str(exc))
    )
