"""The compare view: two snapshots (years, scenarios or the reader's own division) side by side,
what differs, the numbers, and the custom division's editor right above the maps it changes."""

from __future__ import annotations

import functools

import streamlit as st

import geo
from atlas_ui import state
from atlas_ui.atlas_data import AtlasData
from atlas_ui.common import (
    catalogue_label,
    lazy_expander,
    map_controls,
    map_data,
    md,
    names_mode,
    place_label,
    show_table,
    tm,
)
from atlas_ui.history import show_about
from atlas_ui.map_component import show_map
from geo.i18n import t
from geo.maps import mapview
from geo.maps.payload import snapshot_payload
from geo.model import compare
from geo.model.custom import CUSTOM_CODES
from geo.model.snapshot import changed_groups
from geo.state.urlstate import ViewState
from geo.text import compare_text, history_text, markdown, tables
from geo.text.wording import is_drawn, key_for

lang = state.lang
COMPARE_MAP_HEIGHT = 440
CUSTOM_GROUPS = ("habomai", "shikotan", "kunashiri", "etorofu")
SPLIT = "SPLIT"


def custom_editor(data: AtlasData) -> None:
    """The reader's own division of the four groups, written into the view's custom division
    (each control's callback); shown right above the maps when a side shows it."""
    atlas = data.atlas
    language = lang()
    names = geo.names_of(atlas, "group")
    feature_names = geo.names_of(atlas, "feature")
    values = state.custom_values(data)
    codes = list(CUSTOM_CODES)
    holder = functools.partial(catalogue_label, "state_short", language)
    with st.container(key="custom_editor", border=True, gap="small"):
        st.markdown(f"**{tm('custom.heading')}**", help=tm("custom.caption"))
        columns = st.columns(len(CUSTOM_GROUPS) + 1, vertical_alignment="top")
        for column, group in zip(columns, CUSTOM_GROUPS, strict=False):
            options = codes + ([SPLIT] if group == "etorofu" else [])
            key = f"custom_{group}"
            column.selectbox(
                md(place_label(names, names_mode(), group)),
                options,
                format_func=lambda c: holder(c) if c != SPLIT else t("custom.divide", language),
                key=state.bind(key, values.get(group, "RU")),
                on_change=state.set_custom,
                args=(data, group, key),
            )
        if values.get("etorofu") == SPLIT:
            columns[3].slider(
                tm("custom.share"),
                0,
                100,
                step=1,
                key=state.bind("custom_etorofu_share", int(values.get("etorofu_share", 50))),
                on_change=state.set_custom,
                args=(data, "etorofu_share", "custom_etorofu_share"),
            )
        with columns[-1].popover(tm("custom.islets"), width="stretch"):
            for islet in compare.habomai_islets(atlas):
                key = f"custom_islet_{islet}"
                st.selectbox(
                    md(place_label(feature_names, names_mode(), islet)),
                    ["", *codes],
                    format_func=lambda c: holder(c) if c else t("custom.same", language),
                    key=state.bind(key, values.get(islet, "")),
                    on_change=state.set_custom,
                    args=(data, islet, key),
                )


def custom_payloads(data: AtlasData, snapshots) -> dict[str, dict]:
    """The payloads a map cannot find in its published configuration: the custom division's,
    made from the reader's own choices (every other snapshot is published in advance)."""
    return {
        s.id: snapshot_payload(s, data.atlas, names_mode())
        for s in snapshots
        if s.id == compare.CUSTOM
    }


def render(data: AtlasData, view: ViewState) -> list[tuple[str, geo.Snapshot]]:
    """Two snapshots side by side, with what differs and the numbers.

    Returns the two snapshots shown with their sides' titles (for the downloads).
    """
    atlas, style = data.atlas, data.style
    ids = (view.compare.left, view.compare.right)
    choices = tuple(compare.snapshot_choices(atlas, data.scenarios, data.worldviews))
    left, right = (
        compare.resolve_snapshot(i, atlas, data.scenarios, view.compare.custom, data.worldviews)
        for i in ids
    )
    changed = tuple(sorted(changed_groups(left, right)))
    if compare.CUSTOM in ids:
        custom_editor(data)
    # Each side's chooser is part of its map (a choice redraws it at once, outlining the
    # differences from the other), so that on a phone each map comes right after its chooser.
    columns = st.columns(2, gap="medium")
    for column, side, snapshot in zip(columns, ("left", "right"), (left, right), strict=True):
        with column:
            show_map(
                f"compare_{side}_map",
                map_data(
                    data,
                    "compare",
                    snapshot.id,
                    changed=changed,
                    steps=choices,
                    chooser=side,
                    extra=custom_payloads(data, (snapshot,)),
                    sync="compare",
                    height=COMPARE_MAP_HEIGHT,
                ),
                on_step=functools.partial(state.map_stepped, data, f"compare_{side}_map"),
                # the area is kept (the timeline's side panel shows it)
                on_pick=functools.partial(state.set_area, data),
                groups=tuple(atlas.groups),
            )
    map_controls(data)
    st.caption(
        tm("app.compare_caption")
        + " "
        + tm("map.attribution_prefix")
        + ": "
        + md(mapview.attribution_text(atlas))
    )
    st.subheader(tm("app.what_differs"))
    lines = tables.change_lines(left, right, style, atlas, names_mode=names_mode())
    st.markdown("\n".join(f"- {md(line)}" for line in lines))
    show_numbers(data, left, right)
    for column, side, snapshot in zip(
        st.columns(2, gap="medium"), ("left", "right"), (left, right), strict=True
    ):
        with column:
            box = lazy_expander(
                tm("history.about_side", side=t(f"history.{side}", lang())), f"about_{side}"
            )
            if box.open:
                with box:
                    show_about(data, snapshot)
    return [(t("app.left_map", lang()), left), (t("app.right_map", lang()), right)]


def show_numbers(data: AtlasData, left: geo.Snapshot, right: geo.Snapshot) -> None:
    """The comparison table, the land and sea that change hands, and any dividing line."""
    atlas, style = data.atlas, data.style
    official = compare.official_pairs(data.official)
    land = (
        compare.land_figures(left, atlas, official),
        compare.land_figures(right, atlas, official),
    )
    with st.spinner(tm("history.sea_spinner")):
        sea = (compare.sea_figures(left, atlas), compare.sea_figures(right, atlas))
    st.subheader(tm("app.numbers"))
    labels = {
        "left": history_text.snapshot_in(left, lang(), atlas).label,
        "right": history_text.snapshot_in(right, lang(), atlas).label,
    }
    st.caption(
        tm("history.numbers_sides", **labels)
        + " "
        + md(compare_text.totals_note(land[0], data.official, names_mode=names_mode()))
    )
    table = compare_text.comparison_table(left, right, style, land, sea, names_mode=names_mode())
    show_table(
        markdown.markdown_table(table, names_mode()),
        t("history.numbers_alt", lang(), **labels),
        list(table.columns),
        "numbers_table",
    )
    changes = compare.hand_changes(left, right, atlas, data.residents)
    lines = compare_text.hand_change_lines(changes, style, atlas, names_mode=names_mode())
    lines += compare_text.sea_move_lines(
        compare.sea_moves(*sea), style, names_mode=names_mode(), drawn=is_drawn(left, right)
    )
    st.markdown(f"**{tm(key_for('history.changes_hands', left, right))}**")
    st.markdown("\n".join(f"- {md(line)}" for line in lines) or f"- {tm('history.nothing')}")
    st.caption(md(compare_text.sea_caveat(names_mode())))
    for snapshot in (left, right):
        split = compare_text.split_lines(
            snapshot, data.scenarios.get(snapshot.id), atlas=atlas, names_mode=names_mode()
        )
        if split:
            st.markdown("\n".join(f"- {md(line)}" for line in split))
