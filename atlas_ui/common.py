"""What every view of the page uses: escaped text in the session's language, named error
messages, lazy expanders, static tables, the map's data and the controls under a map."""

from __future__ import annotations

import functools

import streamlit as st

import geo
from atlas_ui import state
from atlas_ui.atlas_data import AtlasData
from atlas_ui.map_component import MapData
from geo import mapview, presentation
from geo.i18n import NAME_MODES, t

# Plain English on purpose: the message catalogue may be the broken file.
PAGE_BROKEN = "The atlas cannot show this page because a data file is broken. Fix it and reload:"
COMPARE_BROKEN = (
    "The compare view cannot be shown because a file it needs is broken (the timeline view "
    "still works). Fix it and restart the atlas:"
)

lang = state.lang
names_mode = state.names_mode

# Every string from data, the message catalogue (data/messages.toml) or a URL that reaches a
# place where Streamlit interprets Markdown goes through md(): st.markdown, headings,
# captions, alerts, and the labels of widgets, buttons, expanders and of radio, pills and
# select_slider options. st.selectbox's options, st.code and attributes are plain text.
md = presentation.md_escape


def tm(key: str, **kwargs) -> str:
    """A catalogue text in this session's language, escaped for a Markdown place."""
    return md(t(key, lang(), **kwargs))


# Option labels are bound to this run's language (a widget may format its options later).
def catalogue_label(section: str, language: str, key: str, prefix: str = "") -> str:
    """Plain text: for st.selectbox options."""
    return t(f"{section}.{prefix}{key}", language)


def catalogue_md_label(section: str, language: str, key: str, prefix: str = "") -> str:
    """Escaped: for options Streamlit renders as Markdown (radio, pills)."""
    return md(t(f"{section}.{prefix}{key}", language))


def place_label(names, mode: str, place: str) -> str:
    return geo.i18n.place_name(names.loc[place], mode)


def show_data_problem(error: geo.AtlasError, intro: str) -> None:
    """A named message for broken input: each problem on its own line, escaped; no traceback."""
    if isinstance(error, geo.DataError) and len(error.problems) > 1:
        head = md(f"{error.file}: {len(error.problems)} problems:")
        lines = "\n".join(f"- {md(p.place)}" for p in error.problems)
        text = f"{md(intro)}  \n{head}\n\n{lines}"
    else:
        text = f"{md(intro)}  \n{md(str(error))}"
    st.error(text, icon=":material/error:")


def lazy_expander(label: str, key: str):
    """An expander whose content is made only while it is open (opening it reruns the page):
    a year switch then neither builds nor sends what nobody has opened."""
    return st.expander(label, key=key, on_change="rerun")


def show_table(table: str, alt: str) -> None:
    """A static table (Markdown text, every cell escaped by ``markdown_table``): it wraps its
    cells, so it fits a projector without sideways scrolling; under a caption naming it."""
    st.markdown(table)
    st.caption(md(alt))


def source_list(ids, atlas: geo.Atlas, heading: bool = True) -> None:
    """The sources behind ``ids`` as a list of links (under a "Sources" heading)."""
    lines = presentation.source_lines(list(ids), atlas)
    head = f"**{tm('history.sources')}:**\n" if heading else ""
    st.markdown(head + "\n".join(f"- {line}" for line in lines))


def map_data(data: AtlasData, role: str, step: str, **options) -> MapData:
    """What one rerun tells a map in this session's names mode and hidden layers."""
    view = state.shown()
    return MapData(
        urls=data.map_urls,
        names_mode=view.names,
        role=role,
        step=step,
        hidden_layers=view.hidden_layers,
        load_error=t("map.load_error", lang()),
        geometry_urls=tuple(mapview.base_config(data.atlas, view.names)["urls"]),
        **options,
    )


def map_controls(data: AtlasData) -> None:
    """Under a map: which layers show, the names language and the presentation button."""
    view = state.shown()
    with st.container(horizontal=True, vertical_alignment="bottom", key="map_controls"):
        layers = mapview.HIDEABLE_LAYERS
        st.pills(
            tm("app.layers"),
            layers,
            selection_mode="multi",
            format_func=functools.partial(catalogue_md_label, "layer", lang()),
            key=state.bind("layers", [k for k in layers if k not in view.hidden_layers]),
            on_change=state.set_layers,
            args=(data, "layers", layers),
        )
        st.selectbox(
            tm("language.label"),
            NAME_MODES,
            format_func=functools.partial(catalogue_label, "language", lang()),
            key=state.bind("names", view.names),
            on_change=state.set_names,
            args=(data, "names"),
            width=210,
            label_visibility="collapsed",
        )
        st.button(
            tm("app.present"),
            key="present_on",
            help=tm("app.present_help"),
            on_click=state.set_present,
            args=(data, True),
            icon=":material/co_present:",
        )
