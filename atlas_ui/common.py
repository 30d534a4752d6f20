"""What every view of the page uses: escaped text in the session's language, named error
messages, lazy expanders, static tables, the map's data and the controls under a map."""

from __future__ import annotations

import functools

import streamlit as st

import geo
from atlas_ui import state
from atlas_ui.atlas_data import AtlasData
from atlas_ui.map_component import MapData
from geo.i18n import NAME_MODES, t
from geo.maps import mapview
from geo.text import markdown, tables

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
md = markdown.md_escape


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
        head = md(f"{error.file}: {error.total:,} problems:")
        lines = "\n".join(f"- {md(p.place)}" for p in error.problems)
        text = f"{md(intro)}  \n{head}\n\n{lines}"
    else:
        text = f"{md(intro)}  \n{md(str(error))}"
    st.error(text, icon=":material/error:")


def lazy_expander(label: str, key: str):
    """An expander whose content is made only while it is open (opening it reruns the page):
    a year switch then neither builds nor sends what nobody has opened."""
    return st.expander(label, key=key, on_change="rerun")


def css_string(text: str) -> str:
    """Any text as a CSS string, every character written as its code point (nothing in it can
    end the string or the rule)."""
    return '"' + "".join(f"\\{ord(c):x} " for c in text) + '"'


# On a phone a table's rows become blocks: each cell on its own line under its row's first
# cell, named by its column (no column is hidden behind a sideways scroll).
PHONE_TABLE_CSS = """<style>@media (max-width: 640px) {{
{s} table, {s} tbody, {s} tr, {s} td {{display: block; width: 100%; overflow: visible;}}
{s} thead {{position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0);}}
{s} tr {{border-top: 1px solid #d5d5d5; padding: 0.35rem 0;}}
{s} td {{border: none !important; padding: 0.05rem 0.35rem !important;}}
{s} td:first-child {{font-weight: 600;}}
{s} td:not(:first-child)::before {{font-size: 0.75rem; color: #555; display: block;}}
{labels}
}}</style>"""


def show_table(table: str, alt: str, columns: list[str], key: str) -> None:
    """A static table (Markdown text, every cell escaped by ``markdown_table``): it wraps its
    cells, so it fits a projector without sideways scrolling; on a phone each row is a block
    with its cells named by their columns; under a caption naming it. ``key``: a constant
    name of the table's place on the page."""
    scope = f".st-key-{key}"
    labels = "\n".join(
        f"{scope} td:nth-child({number})::before {{content: {css_string(column)};}}"
        for number, column in enumerate(columns[1:], start=2)
    )
    with st.container(key=key):
        st.html(PHONE_TABLE_CSS.format(s=scope, labels=labels))
        st.markdown(table)
        st.caption(md(alt))


def source_list(ids, atlas: geo.Atlas, heading: bool = True) -> None:
    """The sources behind ``ids`` as a list of links (under a "Sources" heading)."""
    lines = tables.source_lines(list(ids), atlas)
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
