"""What a class takes away: the link of this view, the printable handout and the files of the
map(s) shown. Files are made only when asked for (deferred downloads)."""

from __future__ import annotations

import functools
import urllib.parse

import streamlit as st

import geo
from atlas_ui import state
from atlas_ui.atlas_data import AtlasData
from atlas_ui.common import lazy_expander, md, names_mode, tm
from geo.exports import export, handout, print_output, view_page, worksheet
from geo.model import compare
from geo.model.snapshot import changed_groups
from geo.state.urlstate import ViewState


def resolve(data: AtlasData, view: ViewState, snapshot_id: str) -> geo.Snapshot:
    return compare.resolve_snapshot(
        snapshot_id, data.atlas, data.scenarios, view.compare.custom, data.worldviews
    )


def people_of(data: AtlasData, snapshots: list[geo.Snapshot]) -> dict[str, list[str]]:
    """Who lived on the four groups at each year shown (geo.model.people), as printed lines; none
    where the census file or the 1945 residents could not be read."""
    return {
        s.id: [line.text for line in data.people_lines(s.year, names_mode()) or ()]
        for s in snapshots
        if s.kind == "historical"
    }


def worksheet_steps(data: AtlasData, view: ViewState) -> list[str]:
    """The steps of this view's worksheet: every year; the two maps compared; a lesson's maps
    (each once) — those that have questions."""
    if view.view == "lesson" and view.plan is not None:
        ids = [s.show for s in view.plan.steps]
    elif view.view == "compare":
        ids = [view.compare.left, view.compare.right]
    else:
        ids = [str(y) for y in geo.configurations(data.atlas)]
    return [i for i in dict.fromkeys(ids) if i in data.questions]


def take_away(data: AtlasData, view: ViewState, shown: list[tuple[str, geo.Snapshot]]) -> None:
    """The link of this view, the printable handout and the files of the map(s) shown.

    Files are made only when asked for (deferred downloads): a rerun builds none of them.
    """
    atlas, style, mode = data.atlas, data.style, names_mode()
    box = lazy_expander(tm("app.take_away"), "take_away")
    if not box.open:
        return
    with box:
        params = view.to_params(atlas)
        base = (st.context.url or "").split("?")[0]
        query = urllib.parse.urlencode(params, safe=",=")
        st.markdown(tm("app.link"))
        st.code(base + ("?" + query if query else ""), language=None)
        with st.container(horizontal=True):
            for fmt, label in (("pdf", "app.handout_pdf"), ("png", "app.handout_png")):
                st.download_button(
                    tm(label),
                    data=functools.partial(handout.build_handout, atlas, style, mode, fmt),
                    file_name=handout.handout_filename(mode, fmt),
                    mime=print_output.MIME_TYPES[fmt],
                    on_click="ignore",
                    icon=":material/print:",
                    key=f"download_handout_{fmt}",
                )
            if shown:
                snapshots = [s for _, s in shown]
                st.download_button(
                    tm("app.print_view"),
                    data=functools.partial(
                        view_page.build_view_page,
                        snapshots,
                        atlas,
                        style,
                        mode,
                        "pdf",
                        people=people_of(data, snapshots),
                    ),
                    file_name=view_page.view_filename(snapshots, mode, "pdf"),
                    mime=print_output.MIME_TYPES["pdf"],
                    on_click="ignore",
                    icon=":material/print:",
                    key="download_view_page",
                )
            steps = worksheet_steps(data, view)
            if steps:
                st.download_button(
                    tm("app.worksheet"),
                    data=functools.partial(
                        worksheet.build_worksheet,
                        steps,
                        atlas,
                        data.scenarios,
                        state.lang(),
                        mode,
                        questions=data.questions,
                        snapshots={i: resolve(data, view, i) for i in steps},
                        style=style,
                    ),
                    file_name=worksheet.worksheet_filename(state.lang(), mode),
                    mime="application/pdf",
                    on_click="ignore",
                    icon=":material/quiz:",
                    key="download_worksheet",
                )
        changed = changed_groups(*[s for _, s in shown]) if len(shown) == 2 else frozenset()
        for number, (side, snapshot) in enumerate(shown):
            if side:
                st.markdown(f"**{md(side)}: {md(snapshot.label)}**")
            name = f"kuril-atlas-{snapshot.id}-{mode}"
            files = (
                (
                    "html",
                    "app.offline_html",
                    "text/html",
                    ":material/public_off:",
                    functools.partial(export.standalone_html, snapshot, atlas, changed, mode),
                ),
                (
                    "geojson",
                    "app.geojson",
                    "application/geo+json",
                    ":material/map:",
                    functools.partial(export.snapshot_geojson, snapshot, atlas, mode),
                ),
                (
                    "csv",
                    "app.csv",
                    "text/csv",
                    ":material/table:",
                    functools.partial(export.snapshot_csv, snapshot, style, atlas, mode),
                ),
            )
            with st.container(horizontal=True):
                for ext, label, mime, icon, build in files:
                    st.download_button(
                        tm(label),
                        data=build,
                        file_name=f"{name}.{ext}",
                        mime=mime,
                        on_click="ignore",
                        icon=icon,
                        key=f"download_{ext}_{number}",
                    )
