"""The timeline: the map with its step bar, the year's history beside it and every area's status
under it."""

from __future__ import annotations

import functools

import streamlit as st

import geo
from atlas_ui import state
from atlas_ui.atlas_data import AtlasData
from atlas_ui.common import map_controls, map_data, md, names_mode, tm
from atlas_ui.history import panel_label, show_area_under_map, show_side_panel, show_status_table
from atlas_ui.map_component import show_map
from geo.i18n import t
from geo.maps import mapview
from geo.model.timeline import historical_snapshot
from geo.state import present as lesson
from geo.state.urlstate import ViewState
from geo.text import tables

MAP_HEIGHT = 520


def pick_area(data: AtlasData, group: str) -> None:
    """A click on the map: the side panel shows this area, in its tab beside the map."""
    state.set_area(data, group, panel=md(panel_label("area")))


def show_timeline_map(data: AtlasData, year: int) -> None:
    """The map with its step bar (every configuration labelled, Previous / Next); a step
    restyles it at once, and the rerun it causes brings the rest of the page along."""
    atlas = data.atlas
    show_map(
        "timeline_map",
        map_data(
            data,
            "timeline",
            str(year),
            steps=tuple(str(y) for y in geo.configurations(atlas)),
            height=MAP_HEIGHT,
        ),
        on_step=functools.partial(state.map_stepped, data, "timeline_map"),
        on_pick=functools.partial(pick_area, data),
        groups=tuple(atlas.groups),
    )


def render(data: AtlasData, view: ViewState) -> list[tuple[str, geo.Snapshot]]:
    """The timeline at the view's year. Returns the snapshot shown (for the downloads),
    untitled."""
    atlas, style = data.atlas, data.style
    year = view.shown_year(atlas)
    map_col, info_col = st.columns([3, 2], gap="medium")
    snapshot = historical_snapshot(year, atlas)
    with map_col:
        show_timeline_map(data, year)
        if view.area is not None:
            show_area_under_map(data, snapshot, view.area)
        map_controls(data)
        st.caption(tm("map.attribution_prefix") + ": " + md(mapview.attribution_text(atlas)))
    with info_col:
        show_side_panel(data, year, snapshot)

    st.subheader(tm("app.every_area", year=year))
    summary = data.text(
        ("map_summary", snapshot.id, names_mode()),
        lambda: lesson.map_summary(snapshot, style, atlas, names_mode()),
    )
    st.markdown(f"**{tm('app.map_summary')}:** " + md(summary))
    st.caption(tm("history.table_caption"))
    show_status_table(data, snapshot, t("history.table_alt", state.lang(), year=year))
    undrawn = data.text(
        ("undrawn", names_mode()),
        lambda: tables.undrawn_islets(atlas, names_mode=names_mode()),
    )
    if undrawn:
        st.caption(tm("history.undrawn") + ": " + md("; ".join(undrawn)))
    return [("", snapshot)]
