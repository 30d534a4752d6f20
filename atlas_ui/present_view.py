"""Presentation mode: the map as large as the projector allows, the step's title and short
speaker notes. Its stepping (keys, buttons, step bar) is the view's ``stepped``."""

from __future__ import annotations

import functools
import html

import streamlit as st

import geo
from atlas_ui import state
from atlas_ui.atlas_data import AtlasData
from atlas_ui.common import map_data, md, names_mode, tm
from atlas_ui.compare_view import custom_payloads
from atlas_ui.map_component import show_map
from atlas_ui.page_css import PRESENT_CSS
from geo import compare, history_text, lesson
from geo.snapshot import changed_groups
from geo.timeline import historical_snapshot
from geo.urlstate import ViewState

lang = state.lang


def present_snapshots(data: AtlasData, view: ViewState) -> list[geo.Snapshot]:
    """The snapshots a presentation steps through (years, or scenarios against the left map)."""
    ids = lesson.lesson_steps(view.view, data.atlas, data.scenarios, data.worldviews)
    custom = view.compare.custom
    return [
        compare.resolve_snapshot(i, data.atlas, data.scenarios, custom, data.worldviews)
        for i in ids
    ]


def render_present(data: AtlasData, view: ViewState) -> None:
    """The map as large as the projector allows, the step's title and short speaker notes."""
    atlas, style = data.atlas, data.style
    st.html(PRESENT_CSS)
    snapshots = present_snapshots(data, view)
    ids = [s.id for s in snapshots]
    compare_lesson = view.view == "compare"
    years = geo.configurations(atlas)
    index = ids.index(view.step(atlas))  # resolved: always one of the steps
    snapshot = snapshots[index]
    baseline = (
        compare.resolve_snapshot(
            view.compare.left, atlas, data.scenarios, view.compare.custom, data.worldviews
        )
        if compare_lesson
        else None
    )

    def changed_of(s: geo.Snapshot) -> frozenset[str]:
        return changed_groups(baseline, s) if baseline is not None else frozenset()

    with st.container(horizontal=True, key="present_bar", gap="small"):
        st.header(
            md(history_text.snapshot_in(snapshot, lang()).label), anchor=False, width="stretch"
        )
        st.markdown(tm("app.step_of", n=index + 1, total=len(ids)), width="content")
        st.button(
            tm("app.exit_present"),
            key="present_exit",
            on_click=state.set_present,
            args=(data, False),
            icon=":material/close_fullscreen:",
        )
    map_col, notes_col = st.columns([7, 3], gap="small")
    with map_col, st.container(key="present_map"):
        # Every step's payload is in the map already (years and scenarios are published; the
        # custom division comes with the data): ← → Home End and the step bar restyle at once.
        show_map(
            f"present_{view.view}_map",
            map_data(
                data,
                "present",
                snapshot.id,
                steps=tuple(ids),
                changed_by_step={s.id: sorted(changed_of(s)) for s in snapshots}
                if compare_lesson
                else None,
                extra=custom_payloads(data, snapshots),
                keys=True,
                present=True,
            ),
            on_step=functools.partial(state.map_stepped, data, f"present_{view.view}_map"),
            on_pick=functools.partial(state.set_area, data),
            groups=tuple(atlas.groups),
        )
    with notes_col, st.container(key="present_notes"):
        if compare_lesson:
            notes = lesson.scenario_notes(
                snapshot, baseline, data.scenarios.get(snapshot.id), style, atlas, names_mode()
            )
        else:
            previous = historical_snapshot(years[index - 1], atlas) if index else None
            info = geo.configuration_info(snapshot.year, atlas)
            notes = lesson.historical_notes(snapshot, previous, info, style, atlas, names_mode())
        if notes.subtitle:
            st.markdown(f"*{md(notes.subtitle)}*")
        for label, text in notes.rows:
            st.markdown(f"**{md(label)}**  \n" + "  \n".join(md(x) for x in text.splitlines()))
        st.caption(tm("app.keys_hint"))
        # The map's text alternative, for screen readers (the table is on the normal page).
        summary = html.escape(lesson.map_summary(snapshot, style, atlas, names_mode()))
        st.html(f'<p class="atlas-sr" aria-live="polite">{summary}</p>')
