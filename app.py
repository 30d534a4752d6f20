"""The Kuril Islands / Northern Territories dispute atlas: layout and widgets only.

All facts, geometry and computations live in the ``geo`` package; this file arranges them.
"""

from __future__ import annotations

import functools
import html
import urllib.parse

import streamlit as st

import geo
from atlas_ui.atlas_data import AtlasData, load
from atlas_ui.map_component import MapData, show_map
from geo import compare, export, handout, history_text, lesson, mapview, presentation, scenarios
from geo.i18n import DEFAULT_NAMES, NAME_MODES, t, ui_language
from geo.snapshot import changed_groups
from geo.timeline import events_for, historical_snapshot
from geo.urlstate import VIEWS, ViewState, custom_widget_values

st.set_page_config(page_title="Kuril Islands dispute atlas", layout="wide")

MAP_HEIGHT = 520
# Plain English on purpose: the message catalogue may be the broken file.
PAGE_BROKEN = "The atlas cannot show this page because a data file is broken. Fix it and reload:"
COMPARE_BROKEN = (
    "The compare view cannot be shown because a file it needs is broken (the timeline view "
    "still works). Fix it and restart the atlas:"
)
COMPARE_MAP_HEIGHT = 440
# Trusted, constant page CSS (no data in it): a compact header so that the map with its step
# bar fits a 1024×768 projector, tables that fit their column, a visible focus ring.
PAGE_CSS = """
<style>
.block-container {padding-top: 1.6rem; padding-bottom: 2rem;}
.st-key-header {margin-bottom: -0.6rem; column-gap: 2.5rem;}
h1 {font-size: 1.7rem !important; padding: 0 !important;}
@media (max-width: 1100px) {h1 {font-size: 1.3rem !important;}}
@media (max-width: 640px) {h1 {font-size: 1.2rem !important;}}
/* The layer choices wrap instead of scrolling sideways (a hidden last choice is missed). */
.st-key-layers [data-testid="stButtonGroup"] > div {flex-wrap: wrap; overflow: visible;}
:focus-visible {outline: 3px solid #1a73e8 !important; outline-offset: 2px;}
/* On a phone the presentation button keeps its icon; its words stay for screen readers. */
@media (max-width: 640px) {.st-key-present_on button p {font-size: 0 !important;}
  .st-key-present_on button {padding-left: 0.6rem; padding-right: 0.6rem;}}
/* Tables (Markdown) wrap their cells to the column; on a phone in smaller type, and should a
   word still not fit, the table scrolls sideways in its own box instead of being cut off. */
[data-testid="stMarkdownContainer"] table {display: block; max-width: 100%; overflow-x: auto;}
/* Japanese in a narrow cell breaks only where Japanese allows it (after 、 or before a
   parenthesis), never inside a word (ロシ/ア); other scripts are not affected. */
[data-testid="stMarkdownContainer"] td, [data-testid="stMarkdownContainer"] th {
  word-break: keep-all; line-break: strict;}
@media (max-width: 640px) {
  [data-testid="stMarkdownContainer"] td, [data-testid="stMarkdownContainer"] th {
    padding: 0.25rem 0.35rem; font-size: 0.8rem; line-height: 1.3;}}
.atlas-sr {position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap;}
</style>
"""
# Presentation mode: Streamlit's own header out of the way, the map as tall as the window, notes
# in large type. Trusted constant CSS.
PRESENT_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"] {display: none !important;}
.block-container {padding: 0.6rem 1rem 0 !important; max-width: 100% !important;}
.st-key-present_bar {align-items: center;}
.st-key-present_bar h2 {font-size: 1.9rem !important; padding: 0 !important; margin: 0 !important;}
.st-key-present_bar p {font-size: 1.05rem;}
.st-key-present_notes {height: calc(100vh - 4.6rem); overflow: hidden;}
.st-key-present_notes p, .st-key-present_notes li {font-size: 1.3rem; line-height: 1.4;}
.st-key-present_notes h3 {font-size: 1.5rem !important;}
@media (max-width: 1100px) {
  .st-key-present_notes p, .st-key-present_notes li {font-size: 1.1rem;}
  .st-key-present_bar h2 {font-size: 1.5rem !important;}
}
</style>
"""


def lang() -> str:
    """The interface language of this session (English for both local names)."""
    return ui_language(st.session_state.get("names", DEFAULT_NAMES))


def names_mode() -> str:
    return st.session_state.get("names", DEFAULT_NAMES)


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


def hidden_layers() -> tuple[str, ...]:
    shown = st.session_state.get("layers", list(mapview.HIDEABLE_LAYERS))
    return tuple(k for k in mapview.HIDEABLE_LAYERS if k not in shown)


def show_data_problem(error: geo.AtlasError, intro: str) -> None:
    """A named message for broken input: each problem on its own line, escaped; no traceback."""
    if isinstance(error, geo.DataError) and len(error.problems) > 1:
        head = md(f"{error.file}: {len(error.problems)} problems:")
        lines = "\n".join(f"- {md(p.place)}" for p in error.problems)
        text = f"{md(intro)}  \n{head}\n\n{lines}"
    else:
        text = f"{md(intro)}  \n{md(str(error))}"
    st.error(text, icon=":material/error:")


# --------------------------------------------------------------------------- the link


def read_link(data: AtlasData) -> None:
    """On a session's first run, set every control from the URL; keep notices of bad values."""
    state = st.session_state
    if "link_read" in state:
        return
    state.link_read = True
    view, notices = ViewState.from_params(st.query_params.to_dict(), data.atlas, data.scenarios)
    years = geo.configurations(data.atlas)
    state.view = view.view
    state.year = view.year if view.year is not None else years[-1]
    state.left, state.right = view.compare.left, view.compare.right
    state.names = view.names
    state.layers = [k for k in mapview.HIDEABLE_LAYERS if k not in view.hidden_layers]
    state.present = view.present
    for key, value in custom_widget_values(view.compare.custom, data.atlas).items():
        if key in CUSTOM_DEFAULTS or key == "etorofu_share":
            state[f"custom_{key}"] = value
        else:
            state[f"custom_islet_{key}"] = value
    state.link_notices = notices


def view_state(data: AtlasData) -> ViewState:
    """What the page shows now, as the link will carry it."""
    state = st.session_state
    return ViewState(
        view=state.get("view", "timeline"),
        year=state.get("year"),
        compare=compare.CompareState(
            left=state.get("left", compare.CompareState().left),
            right=state.get("right", compare.CompareState().right),
            custom=custom_assignment(data.atlas),
        ),
        names=names_mode(),
        hidden_layers=hidden_layers(),
        present=bool(state.get("present")),
    )


def write_link(data: AtlasData, view: ViewState) -> None:
    """Keep the URL on what the page shows (only when it changed: no message otherwise)."""
    params = view.to_params(data.atlas)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def show_link_notices() -> None:
    """What a link asked for that could not be shown, in plain text, until dismissed."""
    notices = st.session_state.get("link_notices")
    if not notices:
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.warning(tm("app.link_problem") + "  \n" + "  \n".join(md(n) for n in notices))
        if st.button(tm("app.dismiss"), key="dismiss_notices"):
            st.session_state.link_notices = []
            st.rerun()


# --------------------------------------------------------------------------- timeline


def lazy_expander(label: str, key: str):
    """An expander whose content is made only while it is open (opening it reruns the page):
    a year switch then neither builds nor sends what nobody has opened."""
    return st.expander(label, key=key, on_change="rerun")


def map_data(data: AtlasData, role: str, step: str, **options) -> MapData:
    """What one rerun tells a map in this session's names mode and hidden layers."""
    return MapData(
        urls=data.map_urls,
        names_mode=names_mode(),
        role=role,
        step=step,
        hidden_layers=hidden_layers(),
        load_error=t("map.load_error", lang()),
        geometry_urls=tuple(mapview.base_config(data.atlas, names_mode())["urls"]),
        **options,
    )


def set_year(step: str) -> None:
    """The timeline map stepped (its step bar): the page follows."""
    st.session_state.year = int(step)


def pick_area(group: str) -> None:
    """A click on the map: the side panel shows this area, in its tab beside the map."""
    st.session_state.area = group
    st.session_state.panel = md(panel_label("area"))


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
        on_step=set_year,
        on_pick=pick_area,
        groups=tuple(atlas.groups),
    )
    with st.container(horizontal=True, vertical_alignment="bottom"):
        layer_pills()
        page_controls()
    st.caption(tm("map.attribution_prefix") + ": " + md(mapview.attribution_text(atlas)))


def layer_pills() -> None:
    """Which of the map's layers show (kept in the link)."""
    st.session_state.setdefault("layers", list(mapview.HIDEABLE_LAYERS))
    st.pills(
        tm("app.layers"),
        mapview.HIDEABLE_LAYERS,
        selection_mode="multi",
        format_func=functools.partial(catalogue_md_label, "layer", lang()),
        key="layers",
    )


def history_lang() -> str:
    """The language of the history texts: the interface's, unless the reader asked for the
    English reference (the toggle under the year's title)."""
    return "en" if st.session_state.get("history_en") else lang()


PANEL_TABS = ("text", "events", "area", "sources")


def panel_label(key: str) -> str:
    """A tab of the side panel, named in this run's language (kept in the session by key)."""
    return t(f"app.tab_{key}", lang())


def show_side_panel(data: AtlasData, year: int, snapshot: geo.Snapshot) -> None:
    """The chosen year's heading and instrument, then tabs: its text, summary and both
    readings; the events of the period; the area picked on the map; the sources. Only the open
    tab is built (a year switch sends little), and a click on the map opens "area"."""
    atlas, style = data.atlas, data.style
    info = show_configuration_head(geo.configuration_info(year, atlas))
    tabs = st.tabs(
        [md(panel_label(k)) for k in PANEL_TABS], key="panel", on_change="rerun", width="stretch"
    )
    chosen = dict(zip(PANEL_TABS, tabs, strict=True))
    if chosen["text"].open:
        with chosen["text"]:
            show_configuration_text(data, info)
    if chosen["events"].open:
        with chosen["events"]:
            if not show_events(atlas, year):
                st.caption(tm("history.no_events"))
    if chosen["area"].open:
        with chosen["area"]:
            show_selected_area(atlas, style, snapshot)
    if chosen["sources"].open:
        with chosen["sources"]:
            ids = list(info.sources) + [s for r in info.readings for s in r.sources]
            lines = presentation.source_lines(ids, atlas)
            st.markdown("\n".join(f"- {line}" for line in lines))


def show_configuration_head(info: geo.Configuration) -> geo.Configuration:
    """The year's heading, date and the instrument's names; returns it in the history's
    language (for the tabs)."""
    if history_text.is_translation(lang()):
        st.caption(tm("language.narrative_note"))
        st.toggle(tm("history.show_english"), key="history_en")
    language = history_lang()
    info = history_text.configuration_in(info, language)
    st.subheader(md(info.label))
    st.markdown(f"**{tm('history.date')}:** {md(history_text.date_text(info.date, language))}")
    # Without a Japanese or Russian name, instrument_en describes (1945, 2026): translated only.
    described = history_text.is_translation(language) and not (
        info.instrument_ja or info.instrument_ru
    )
    for code, name in (
        ("en", "" if described else info.instrument_en),
        ("ja", info.instrument_ja),
        ("ru", info.instrument_ru),
    ):
        label = t(f"history.name_{code}", lang())
        if not name and code == language:  # no name of its own in this language
            name, _ = history_text.instrument_name(info, code)
            label = t("history.instrument_translated", lang(), language=label)
        if name:
            st.markdown(f"**{md(label)}:** {md(name)}")
    return info


def quote_language(atlas: geo.Atlas, info: geo.Configuration) -> str:
    """The language of a configuration's original-language quote, named in this session's
    language (from its source's language; the code itself where the catalogue has no name)."""
    code = str(atlas.sources.loc[info.quote_original_source, "language"])
    if code in ("en", "ja", "ru"):
        return t(f"history.name_{code}", lang())
    if code == "fr":
        return t("history.language_fr", lang())
    return code


def show_configuration_text(data: AtlasData, info: geo.Configuration) -> None:
    """The year's summary, key text, what changed and both governments' readings."""
    atlas, style = data.atlas, data.style
    language = history_lang()
    st.markdown(md(info.summary))
    if info.quote:
        key = "history.key_text_article" if info.key_article else "history.key_text"
        st.markdown(f"**{tm(key, article=info.key_article)}:**")
        st.markdown("> " + md(info.quote))
        if info.quote_translation:
            st.caption(md(info.quote_translation))
        if info.quote_original:
            st.caption(tm("history.original_text", language=quote_language(atlas, info)))
            st.markdown("> " + md(info.quote_original))
        quote_id = f"configuration.{info.year}"
        for label, text in history_text.quote_beside(atlas, quote_id, language, lang()):
            st.caption(md(label))
            st.markdown("> " + md(text))
        if note := history_text.quote_note(atlas, quote_id, language, lang()):
            st.caption(md(note))
    if info.changes:
        st.markdown(f"**{tm('history.changes')}:** {md(info.changes)}")
    years = geo.configurations(atlas)
    index = years.index(info.year)
    if index:
        before = historical_snapshot(years[index - 1], atlas)
        after = historical_snapshot(info.year, atlas)
        lines = data.text(
            ("change_lines", before.id, after.id, names_mode()),
            lambda: presentation.change_lines(before, after, style, atlas, names_mode=names_mode()),
        )
        st.markdown(
            f"**{tm('history.computed', before=years[index - 1], after=info.year)}:**\n"
            + "\n".join(f"- {md(line)}" for line in lines)
        )
    for reading in info.readings:
        st.markdown(f"**{tm('history.readings', topic=reading.topic)}**")
        for column, side, text in zip(
            st.columns(2),
            (tm("history.japan"), tm("history.russia")),
            (reading.japan, reading.russia),
        ):
            column.markdown(f"*{side}*  \n" + md(text))
        if reading.scholarship:
            st.caption(tm("history.scholarship") + ": " + md(reading.scholarship))


def show_events(atlas: geo.Atlas, year: int) -> bool:
    """The sourced events of this period that did not change the map (False: none)."""
    events = events_for(year, atlas)
    if not events:
        return False
    language = history_lang()
    st.markdown(f"**{tm('history.events')}** {tm('history.events_note')}")
    for number, event in enumerate(events):
        when = history_text.event_when(event, language)
        event = history_text.event_in(event, language)
        box = lazy_expander(md(f"{when}: {event.title}"), f"event_{year}_{number}")
        if not box.open:
            continue
        with box:
            st.markdown(md(event.summary))
            basis = history_text.event_basis(event, language)
            if basis:
                st.markdown(f"**{tm('history.instrument')}:** {md(basis)}")
            if event.quote:
                st.markdown("> " + md(event.quote))
                quote_id = f"event.{event.id}"
                for label, text in history_text.quote_beside(atlas, quote_id, language, lang()):
                    st.caption(md(label))
                    st.markdown("> " + md(text))
                if note := history_text.quote_note(atlas, quote_id, language, lang()):
                    st.caption(md(note))
            if event.japan_reading or event.russia_reading:
                for column, side, text in zip(
                    st.columns(2),
                    (tm("history.japan"), tm("history.russia")),
                    (event.japan_reading, event.russia_reading),
                ):
                    column.markdown(f"*{side}*  \n" + md(text))
            ids = [*event.sources, *event.reading_sources]
            if event.quote_source:
                ids.append(event.quote_source)
            lines = presentation.source_lines(ids, atlas)
            st.markdown(
                f"**{tm('history.sources')}:**\n" + "\n".join(f"- {line}" for line in lines)
            )
    return True


def show_selected_area(atlas: geo.Atlas, style: dict, snapshot: geo.Snapshot) -> None:
    """The long note and the sources of one area, following the year."""
    names = geo.names_of(atlas, "group")
    group = st.selectbox(
        tm("app.area_select"),
        options=list(atlas.groups),
        format_func=functools.partial(place_label, names, names_mode()),
        index=None,
        placeholder=t("app.area_placeholder", lang()),
        key="area",
    )
    if group is None:
        return
    mode = names_mode() if history_lang() == lang() else "en"
    detail = presentation.area_detail(group, snapshot, style, atlas, names_mode=mode)
    st.markdown(f"**{md(detail['title'])}**")
    st.markdown("  \n".join(f"**{md(label)}:** {md(text)}" for label, text in detail["fields"]))
    lines = presentation.source_lines(detail["sources"], atlas)
    st.markdown(f"**{tm('history.sources')}:**\n" + "\n".join(f"- {line}" for line in lines))


def render_explore(data: AtlasData) -> list[tuple[str, geo.Snapshot]]:
    """The timeline: the map and the status of every area in the year chosen on the slider.

    Returns the snapshot shown (for the downloads), untitled.
    """
    atlas, style = data.atlas, data.style
    years = geo.configurations(atlas)
    st.session_state.setdefault("year", years[-1])
    year = st.session_state.year
    map_col, info_col = st.columns([3, 2], gap="medium")
    with map_col:
        show_timeline_map(data, year)
    snapshot = historical_snapshot(year, atlas)
    with info_col:
        show_side_panel(data, year, snapshot)

    st.subheader(tm("app.every_area", year=year))
    summary = data.text(
        ("map_summary", snapshot.id, names_mode()),
        lambda: lesson.map_summary(snapshot, style, atlas, names_mode()),
    )
    st.markdown(f"**{tm('app.map_summary')}:** " + md(summary))
    st.caption(tm("history.table_caption"))
    show_status_table(data, snapshot, t("history.table_alt", lang(), year=year))
    undrawn = data.text(
        ("undrawn", names_mode()),
        lambda: presentation.undrawn_islets(atlas, names_mode=names_mode()),
    )
    if undrawn:
        st.caption(tm("history.undrawn") + ": " + md("; ".join(undrawn)))
    return [("", snapshot)]


def show_table(table: str, alt: str) -> None:
    """A static table (Markdown text, every cell escaped by ``markdown_table``): it wraps its
    cells, so it fits a projector without sideways scrolling; under a caption naming it."""
    st.markdown(table)
    st.caption(md(alt))


def show_status_table(data: AtlasData, snapshot: geo.Snapshot, alt: str) -> None:
    """Every area's status in one snapshot, and the sources behind it."""
    atlas, style, mode = data.atlas, data.style, names_mode()
    table = data.text(
        ("status_table", snapshot.id, mode),
        lambda: presentation.markdown_table(
            presentation.status_table(snapshot, style, atlas, names_mode=mode), mode
        ),
    )
    show_table(table, alt)
    label = history_text.snapshot_in(snapshot, lang()).label
    box = lazy_expander(tm("app.sources_for", label=label), "table_sources")
    if box.open:
        lines = presentation.source_lines(snapshot.source_ids(), atlas)
        box.markdown("\n".join(f"- {line}" for line in lines))


# --------------------------------------------------------------------------- compare view

CUSTOM_DEFAULTS = {"habomai": "JP", "shikotan": "JP", "kunashiri": "RU", "etorofu": "RU"}
SPLIT = "SPLIT"


def custom_assignment(atlas: geo.Atlas) -> str:
    """The custom division set in the editor's widgets, as its short text (for a URL)."""
    for group, code in CUSTOM_DEFAULTS.items():
        st.session_state.setdefault(f"custom_{group}", code)
    st.session_state.setdefault("custom_etorofu_share", 50)
    assignment: dict[str, str | float] = {
        group: st.session_state[f"custom_{group}"] for group in CUSTOM_DEFAULTS
    }
    if assignment["etorofu"] == SPLIT:
        assignment["etorofu"] = st.session_state.custom_etorofu_share / 100
    islets = compare.habomai_islets(atlas)
    for islet in islets:
        code = st.session_state.get(f"custom_islet_{islet}")
        if code:
            assignment[islet] = code
    return scenarios.encode_assignment(scenarios.custom_scenario(assignment, islets=islets))


def custom_editor(atlas: geo.Atlas, style: dict) -> None:
    """Widgets for the reader's own division of the four groups (read by custom_assignment)."""
    names = geo.names_of(atlas, "group")
    feature_names = geo.names_of(atlas, "feature")
    holder = {code: style["state"][code]["short"] for code in scenarios.CUSTOM_CODES}
    st.subheader("Your own division (the “Custom division” map)")
    st.caption(
        "Give each group to Japan, Russia or both jointly, or divide Etorofu at any share of "
        "its area (cut straight across its long axis, Japan's part at the Kunashiri end). A "
        "custom division is shown as a settlement: each state keeps only what it is given."
    )
    for column, group in zip(st.columns(len(CUSTOM_DEFAULTS)), CUSTOM_DEFAULTS):
        options = list(holder) + ([SPLIT] if group == "etorofu" else [])
        column.selectbox(
            md(names.loc[group, "name_en"]),
            options,
            format_func=lambda c: holder.get(c, "Divide it"),
            key=f"custom_{group}",
        )
    if st.session_state.custom_etorofu == SPLIT:
        st.slider("Japan's share of Etorofu's area (%)", 0, 100, step=1, key="custom_etorofu_share")
    with st.expander("Habomai islets one by one"):
        for islet in compare.habomai_islets(atlas):
            st.selectbox(
                md(feature_names.loc[islet, "name_en"]),
                ["", *holder],
                format_func=lambda c: holder.get(c, "Same as the Habomai group"),
                key=f"custom_islet_{islet}",
            )


def compare_ids(data: AtlasData) -> list[str]:
    """The snapshot ids on the left and right (set by the link or by each map's chooser)."""
    choices = compare.snapshot_choices(data.atlas, data.scenarios)
    default = compare.CompareState()
    ids = []
    for key in ("left", "right"):
        if st.session_state.get(key) not in choices:
            st.session_state[key] = getattr(default, key)
        ids.append(st.session_state[key])
    return ids


def set_side(key: str, step: str) -> None:
    """A compare map's chooser (or a comparison's presentation, the right side) picked
    ``step``: the page follows."""
    st.session_state[key] = step


def custom_payloads(data: AtlasData, snapshots) -> dict[str, dict]:
    """The payloads a map cannot find in its published configuration: the custom division's,
    made from the reader's own choices (every other snapshot is published in advance)."""
    return {
        s.id: mapview.snapshot_payload(s, data.atlas, names_mode())
        for s in snapshots
        if s.id == compare.CUSTOM
    }


def render_compare(data: AtlasData) -> list[tuple[str, geo.Snapshot]]:
    """Two snapshots (years or scenarios) side by side, with what differs and the numbers.

    Returns the two snapshots shown with their sides' titles (for the downloads).
    """
    atlas, style = data.atlas, data.style
    custom = custom_assignment(atlas)
    # Each side's chooser is part of its map (a choice redraws it at once, outlining the
    # differences from the other), so that on a phone each map comes right after its chooser.
    columns = st.columns(2, gap="medium")
    ids = compare_ids(data)
    choices = tuple(compare.snapshot_choices(atlas, data.scenarios))
    left, right = (compare.resolve_snapshot(i, atlas, data.scenarios, custom) for i in ids)
    changed = tuple(sorted(changed_groups(left, right)))
    for column, side, snapshot in zip(columns, ("left", "right"), (left, right)):
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
                on_step=functools.partial(set_side, side),
                on_pick=pick_area,
                groups=tuple(atlas.groups),
            )
    with st.container(horizontal=True, vertical_alignment="bottom"):
        layer_pills()
        page_controls()
    st.caption(
        tm("app.compare_caption")
        + " "
        + tm("map.attribution_prefix")
        + ": "
        + md(mapview.attribution_text(atlas))
    )
    st.subheader(tm("app.what_differs"))
    lines = presentation.change_lines(left, right, style, atlas, names_mode=names_mode())
    st.markdown("\n".join(f"- {md(line)}" for line in lines))
    show_numbers(data, left, right)
    if compare.CUSTOM in ids:
        custom_editor(atlas, style)
    for column, side, snapshot in zip(
        st.columns(2, gap="medium"), ("left", "right"), (left, right)
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
        + md(presentation.totals_note(land[0], data.official, names_mode=names_mode()))
    )
    table = presentation.comparison_table(left, right, style, land, sea, names_mode=names_mode())
    show_table(
        presentation.markdown_table(table, names_mode()), t("history.numbers_alt", lang(), **labels)
    )
    changes = compare.hand_changes(left, right, atlas, data.residents)
    lines = presentation.hand_change_lines(changes, style, atlas, names_mode=names_mode())
    lines += presentation.sea_move_lines(compare.sea_moves(*sea), style, names_mode=names_mode())
    st.markdown(f"**{tm('history.changes_hands')}**")
    st.markdown("\n".join(f"- {md(line)}" for line in lines) or f"- {tm('history.nothing')}")
    st.caption(md(presentation.sea_caveat(names_mode())))
    for snapshot in (left, right):
        split = presentation.split_lines(
            snapshot, data.scenarios.get(snapshot.id), atlas=atlas, names_mode=names_mode()
        )
        if split:
            st.markdown("\n".join(f"- {md(line)}" for line in split))


def show_about(data: AtlasData, snapshot: geo.Snapshot) -> None:
    """Who proposed a scenario (or what a year's instrument was), what is verified, sources.

    In Japanese and Russian the atlas's translation, with the English reference in a second tab.
    """
    languages = [lang(), "en"] if history_text.is_translation(lang()) else ["en"]
    if len(languages) > 1:
        st.caption(tm("language.narrative_note"))
    tabs = st.tabs([md(t(f"language.{code}", lang())) for code in languages])
    scenario = data.scenarios.get(snapshot.id)
    for tab, language in zip(tabs, languages):
        shown = history_text.snapshot_in(snapshot, language, data.atlas)
        tab.markdown(f"**{md(shown.label)}**  \n{md(shown.subtitle)}")
        tab.markdown(md(shown.description))
        if scenario is not None and scenario.verification:
            verification = history_text.translate(scenario.verification, language)
            tab.markdown(f"*{md(t('history.verification', language))}:* {md(verification)}")
    lines = presentation.source_lines(snapshot.source_ids(), data.atlas)
    st.markdown(f"**{tm('history.sources')}:**\n" + "\n".join(f"- {line}" for line in lines))


# --------------------------------------------------------------------------- presentation


def present_snapshots(data: AtlasData, view: ViewState) -> list[geo.Snapshot]:
    """The snapshots a presentation steps through (years, or scenarios against the left map)."""
    ids = lesson.lesson_steps(view.view, data.atlas, data.scenarios)
    custom = view.compare.custom
    return [compare.resolve_snapshot(i, data.atlas, data.scenarios, custom) for i in ids]


def set_present(on: bool) -> None:
    st.session_state.present = on


def render_present(data: AtlasData, view: ViewState) -> None:
    """The map as large as the projector allows, the step's title and short speaker notes."""
    atlas, style = data.atlas, data.style
    st.html(PRESENT_CSS)
    snapshots = present_snapshots(data, view)
    ids = [s.id for s in snapshots]
    compare_lesson = view.view == "compare"
    years = geo.configurations(atlas)
    current_id = view.compare.right if compare_lesson else str(view.year or years[-1])
    if current_id not in ids:
        current_id = ids[0]
    index = ids.index(current_id)
    snapshot = snapshots[index]
    baseline = (
        compare.resolve_snapshot(view.compare.left, atlas, data.scenarios, view.compare.custom)
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
            on_click=set_present,
            args=(False,),
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
            on_step=functools.partial(set_side, "right") if compare_lesson else set_year,
            on_pick=pick_area,
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


# --------------------------------------------------------------------------- page


def header() -> str:
    """Title, view switch, names language and the presentation button; returns the view."""
    # Title and view switch share one row where they fit (a 1024 px projector included), so
    # that the year control and the whole map still fit its 768 px height.
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key="header"):
        st.title(tm("app.title"), width="content")
        view = st.radio(
            tm("app.view"),
            VIEWS,
            format_func=functools.partial(catalogue_md_label, "app", lang(), prefix="view_"),
            horizontal=True,
            key="view",
            label_visibility="collapsed",
        )
    return view


def page_controls() -> None:
    """The names language and the presentation button (under the map)."""
    st.selectbox(
        tm("language.label"),
        NAME_MODES,
        format_func=functools.partial(catalogue_label, "language", lang()),
        key="names",
        width=210,
        label_visibility="collapsed",
    )
    st.button(
        tm("app.present"),
        key="present_on",
        help=tm("app.present_help"),
        on_click=set_present,
        args=(True,),
        icon=":material/co_present:",
    )


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


# Choices made with widgets that some views do not show (presentation mode shows neither the
# view switch nor the names chooser; a closed tab does not make its area chooser). Streamlit
# forgets the value of a widget that a run does not make, so presenting from the compare view
# in Japanese fell back to the English timeline.
KEPT_CHOICES = ("view", "names", "layers", "area", "history_en")


def keep_unshown_choices() -> None:
    """Keep the reader's choices across runs that do not show their widgets."""
    for key in KEPT_CHOICES:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def render_page(data: AtlasData) -> None:
    """The page: a title, the choice of view, and the view (or the presentation)."""
    st.html(PAGE_CSS)
    read_link(data)
    keep_unshown_choices()
    if st.session_state.get("present"):
        show_link_notices()
        state = view_state(data)
        if state.view == "compare" and data.compare_problems:
            for problem in data.compare_problems:
                show_data_problem(problem, COMPARE_BROKEN)
            st.button(t("app.exit_present", lang()), on_click=set_present, args=(False,))
            return
        render_present(data, state)
        write_link(data, state)
        return
    view = header()
    show_link_notices()
    if view == "compare" and data.compare_problems:
        for problem in data.compare_problems:
            show_data_problem(problem, COMPARE_BROKEN)
        shown = []
    else:
        shown = render_compare(data) if view == "compare" else render_explore(data)
    state = view_state(data)
    take_away(data, state, shown)
    box = lazy_expander(tm("app.about_data"), "about_data")
    if box.open:
        box.markdown(
            "Coastlines: OpenStreetMap-derived land polygons (© OpenStreetMap contributors, "
            "ODbL 1.0) from the package geo-maps countries-land-10m 0.6.0, rebuilt by "
            "`scripts/build_data.py`. Statuses, names and sources: `data/timeline/`, each row "
            "citing its sources. Scenarios: `data/scenarios.toml`. Boundary lines are derived "
            "from the island geometry (median lines through straits) and are schematic, not "
            "surveyed boundaries."
        )
    write_link(data, state)


try:
    render_page(load())
except geo.PublishError as exc:  # the static folder: not the data's fault
    show_data_problem(exc, "The atlas cannot start:")
except geo.AtlasError as exc:  # geo's one base error: a named message, never a traceback
    show_data_problem(exc, PAGE_BROKEN)
