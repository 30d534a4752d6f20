"""What a class takes away: the link of this view, the printable handout and the files of the
map(s) shown. Files are made only when asked for (deferred downloads)."""

from __future__ import annotations

import functools
import urllib.parse

import streamlit as st

import geo
from atlas_ui.atlas_data import AtlasData
from atlas_ui.common import lazy_expander, md, names_mode, tm
from geo import export, handout
from geo.snapshot import changed_groups
from geo.urlstate import ViewState


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
                    mime=handout.MIME_TYPES[fmt],
                    on_click="ignore",
                    icon=":material/print:",
                    key=f"download_handout_{fmt}",
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
