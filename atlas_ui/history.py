"""The history beside the map: a year's heading and instrument, then tabs of its text and both
readings, the events of the period, the area picked on the map and the sources; the status
table; and the "about" box of a compared snapshot. In Japanese and Russian the atlas's own
translation, with the English reference one click away."""

from __future__ import annotations

import functools

import streamlit as st

import geo
from atlas_ui import state
from atlas_ui.atlas_data import AtlasData
from atlas_ui.common import lazy_expander, md, names_mode, place_label, show_table, source_list, tm
from geo.i18n import t
from geo.model.timeline import events_for, historical_snapshot
from geo.text import history_text, markdown, tables

lang = state.lang


def history_lang() -> str:
    """The language of the history texts: the interface's, unless the reader asked for the
    English reference (the toggle under the year's title)."""
    return "en" if st.session_state.get("history_en") else lang()


PANEL_TABS = ("text", "events", "people", "area", "sources")


def panel_label(key: str) -> str:
    """A tab of the side panel, named in this run's language (kept in the session by key)."""
    return t(f"app.tab_{key}", lang())


def show_side_panel(data: AtlasData, year: int, snapshot: geo.Snapshot) -> None:
    """The chosen year's heading and instrument, then tabs: its text, summary and both
    readings; the events of the period; the area picked on the map; the sources. Only the open
    tab is built (a year switch sends little), and a click on the map opens "area"."""
    atlas = data.atlas
    info = show_configuration_head(geo.configuration_info(year, atlas))
    tabs = st.tabs(
        [md(panel_label(k)) for k in PANEL_TABS], key="panel", on_change="rerun", width="stretch"
    )
    chosen = dict(zip(PANEL_TABS, tabs, strict=True))
    if chosen["text"].open:
        with chosen["text"]:
            if history_text.is_translation(history_lang()):
                st.caption(tm("language.narrative_note"))
            show_configuration_text(data, info)
    if chosen["events"].open:
        with chosen["events"]:
            if not show_events(atlas, year):
                st.caption(tm("history.no_events"))
    if chosen["people"].open:
        with chosen["people"]:
            show_people(data, year)
    if chosen["area"].open:
        with chosen["area"]:
            show_selected_area(data, snapshot)
    if chosen["sources"].open:
        with chosen["sources"]:
            ids = list(info.sources) + [s for r in info.readings for s in r.sources]
            source_list(ids, atlas, heading=False)


def show_people(data: AtlasData, year: int) -> None:
    """Who lived on the four groups at this step, as far as the sources allow (geo.model.people):
    each line with its sources; a step without a sourced figure says so."""
    lines = data.people_lines(year, names_mode())
    if lines is None:
        problem = data.census_problem or (data.compare_problems or (None,))[0]
        st.error(md(str(problem)))
        return
    atlas = data.atlas
    st.markdown("\n".join(f"- {md(line.text)}" for line in lines))
    source_list(dict.fromkeys(s for line in lines for s in line.sources), atlas)


def show_configuration_head(info: geo.Configuration) -> geo.Configuration:
    """The year's heading, date and the instrument's names; returns it in the history's
    language (for the tabs)."""
    if history_text.is_translation(lang()):
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


def show_quote_beside(atlas: geo.Atlas, quote_id: str, language: str) -> None:
    """The texts beside a quote in the reader's language (an authentic original, an official or
    published text, or the atlas's labelled translation), and what they are."""
    for label, text in history_text.quote_beside(atlas, quote_id, language, lang()):
        st.caption(md(label))
        st.markdown("> " + md(text))
    if note := history_text.quote_note(atlas, quote_id, language, lang()):
        st.caption(md(note))


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
        show_quote_beside(atlas, f"configuration.{info.year}", language)
    if info.changes:
        st.markdown(f"**{tm('history.changes')}:** {md(info.changes)}")
    years = geo.configurations(atlas)
    index = years.index(info.year)
    if index:
        before = historical_snapshot(years[index - 1], atlas)
        after = historical_snapshot(info.year, atlas)
        lines = data.text(
            ("change_lines", before.id, after.id, names_mode()),
            lambda: tables.change_lines(before, after, style, atlas, names_mode=names_mode()),
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
                show_quote_beside(atlas, f"event.{event.id}", language)
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
            source_list(ids, atlas)
    return True


def show_selected_area(data: AtlasData, snapshot: geo.Snapshot) -> None:
    """The long note and the sources of the area picked (on the map or here), following the
    year."""
    atlas = data.atlas
    names = geo.names_of(atlas, "group")
    group = st.selectbox(
        tm("app.area_select"),
        options=list(atlas.groups),
        format_func=functools.partial(place_label, names, names_mode()),
        index=None,
        placeholder=t("app.area_placeholder", lang()),
        key=state.bind("area", state.shown().area),
        on_change=state.set_area_from,
        args=(data, "area"),
    )
    if group is not None:
        show_area_detail(data, snapshot, group)


def show_area_detail(data: AtlasData, snapshot: geo.Snapshot, group: str) -> None:
    """One area in this snapshot: its names, status, basis and sources."""
    mode = names_mode() if history_lang() == lang() else "en"
    detail = data.text(  # shared by the panel's tab and a phone's box under the map
        ("area_detail", group, snapshot.id, mode),
        lambda: tables.area_detail(group, snapshot, data.style, data.atlas, names_mode=mode),
    )
    st.markdown(f"**{md(detail['title'])}**")
    st.markdown("  \n".join(f"**{md(label)}:** {md(text)}" for label, text in detail["fields"]))
    source_list(detail["sources"], data.atlas)


def show_area_under_map(data: AtlasData, snapshot: geo.Snapshot, group: str) -> None:
    """On a phone, the area picked on the map right under it (the side panel is a screen
    further down there); a wide page shows it in the panel's tab beside the map instead."""
    with st.container(key="area_under_map", border=True):
        st.button(
            tm("app.area_close"),
            key="area_close",
            icon=":material/close:",
            on_click=state.set_area,
            args=(data, None),
        )
        show_area_detail(data, snapshot, group)


def show_status_table(data: AtlasData, snapshot: geo.Snapshot, alt: str) -> None:
    """Every area's status in one snapshot, and the sources behind it."""
    atlas, style, mode = data.atlas, data.style, names_mode()

    def make() -> tuple[str, list[str]]:
        frame = tables.status_table(snapshot, style, atlas, names_mode=mode)
        return markdown.markdown_table(frame, mode), list(frame.columns)

    table, columns = data.text(("status_table", snapshot.id, mode), make)
    show_table(table, alt, columns, "status_table")
    label = history_text.snapshot_in(snapshot, lang()).label
    box = lazy_expander(tm("app.sources_for", label=label), "table_sources")
    if box.open:
        with box:
            source_list(snapshot.source_ids(), atlas, heading=False)


def show_about(data: AtlasData, snapshot: geo.Snapshot) -> None:
    """Who proposed a scenario (or what a year's instrument was), what is verified, sources.

    In Japanese and Russian the atlas's translation, with the English reference in a second tab.
    """
    languages = [lang(), "en"] if history_text.is_translation(lang()) else ["en"]
    if len(languages) > 1:
        st.caption(tm("language.narrative_note"))
    tabs = st.tabs([md(t(f"language.{code}", lang())) for code in languages])
    scenario = data.scenarios.get(snapshot.id)
    worldview = data.worldviews.get(snapshot.id)
    for tab, language in zip(tabs, languages):
        shown = history_text.snapshot_in(snapshot, language, data.atlas)
        if worldview is not None:  # a country's own map: whose drawing it is, then its series
            tab.markdown(f"**{md(shown.label)}**")
            tab.caption(md(t("history.worldview_note", language)))
            tab.markdown(f"*{md(t('history.series', language))}:* {md(shown.subtitle)}")
        else:
            tab.markdown(f"**{md(shown.label)}**  \n{md(shown.subtitle)}")
        tab.markdown(md(shown.description))
        if worldview is not None:
            boundaries = history_text.translate(worldview.boundaries, language)
            tab.markdown(f"*{md(t('history.boundaries', language))}:* {md(boundaries)}")
        verification = (worldview or scenario).verification if (worldview or scenario) else ""
        if verification:
            verification = history_text.translate(verification, language)
            tab.markdown(f"*{md(t('history.verification', language))}:* {md(verification)}")
    source_list(snapshot.source_ids(), data.atlas)
