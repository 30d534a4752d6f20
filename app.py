"""The Kuril Islands / Northern Territories dispute atlas: layout and widgets only.

All facts, geometry and computations live in the ``geo`` package; this file arranges them.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

import geo
from geo import mapview, presentation
from geo.assets import publish_static_assets

st.set_page_config(page_title="Kuril Islands dispute atlas", layout="wide")


@st.cache_resource(show_spinner=False)
def load() -> tuple[geo.Atlas, dict]:
    """Load and validate the data once per server process; publish the browser's files."""
    atlas = geo.default_atlas()
    publish_static_assets(atlas.data_dir)
    return atlas, mapview.load_style(atlas.data_dir / "style.toml")


def render_page(atlas: geo.Atlas, style: dict) -> None:
    """The whole page for the configuration chosen on the slider."""
    years = geo.configurations(atlas)
    st.title("Kuril Islands / Northern Territories: an atlas of the dispute")
    st.caption(
        "Who administered and who claimed Habomai, Shikotan, Kunashiri (Kunashir) and Etorofu "
        "(Iturup), and the areas around them, at each turning point since 1855. Every status "
        "names its instrument and sources; where Japan and Russia read a text differently, both "
        "readings are shown."
    )

    year = st.select_slider(
        "Configuration (year)",
        options=years,
        value=years[-1],
        format_func=lambda y: atlas.configurations[y].label,
        key="year",
    )
    info = geo.configuration_info(year, atlas)

    map_col, info_col = st.columns([3, 2], gap="medium")
    with map_col:
        st_folium(
            mapview.build_base_map(atlas),
            key="atlas_map",
            height=620,
            use_container_width=True,
            returned_objects=[],
            feature_group_to_add=mapview.build_year_layer(year, atlas),
        )
        st.caption("Map data: " + presentation.md_escape(mapview.attribution_text(atlas)))

    with info_col:
        st.subheader(info.label)
        st.markdown(f"**Date:** {presentation.md_escape(info.date)}")
        for language, name in (
            ("English", info.instrument_en),
            ("日本語", info.instrument_ja),
            ("Русский", info.instrument_ru),
        ):
            if name:
                st.markdown(f"**{language}:** {presentation.md_escape(name)}")
        if info.quote:
            article = f" ({presentation.md_escape(info.key_article)})" if info.key_article else ""
            st.markdown(f"**The text that matters{article}:**")
            st.markdown("> " + presentation.md_escape(info.quote))
            if info.quote_translation:
                st.caption(presentation.md_escape(info.quote_translation))
            if info.quote_original:
                st.markdown("> " + presentation.md_escape(info.quote_original))
        st.markdown(presentation.md_escape(info.summary))
        if info.changes:
            st.markdown(
                f"**What changed since the previous configuration:** "
                f"{presentation.md_escape(info.changes)}"
            )
        for reading in info.readings:
            st.markdown(f"**Two readings: {presentation.md_escape(reading.topic)}**")
            for column, side, text in zip(
                st.columns(2),
                ("Japan's government", "Russia's government"),
                (reading.japan, reading.russia),
            ):
                column.markdown(f"*{side}*  \n" + presentation.md_escape(text))
        with st.expander("Sources for this configuration"):
            ids = list(info.sources) + [s for r in info.readings for s in r.sources]
            st.markdown("\n".join(f"- {line}" for line in presentation.source_lines(ids, atlas)))

    st.subheader(f"Every area in {year}")
    st.dataframe(
        presentation.status_table(year, style, atlas), hide_index=True, use_container_width=True
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
