"""The Kuril Islands / Northern Territories dispute atlas: the page's layout.

The session's one view (``atlas_ui.state``: a ``geo.state.urlstate.ViewState``) is resolved once at
the top of every run; this file lays the page out from it and nothing else. The views live in
``atlas_ui`` (each takes the view and returns what it showed); all facts, geometry and
computations live in the ``geo`` package.
"""

from __future__ import annotations

import functools

import streamlit as st

import geo
from atlas_ui import compare_view, lesson_view, present_view, state, take_away, timeline_view
from atlas_ui.atlas_data import AtlasData, load
from atlas_ui.common import (
    COMPARE_BROKEN,
    PAGE_BROKEN,
    catalogue_md_label,
    lazy_expander,
    md,
    show_data_problem,
    tm,
)
from atlas_ui.page_css import PAGE_CSS
from geo.i18n import t
from geo.state.urlstate import VIEWS, ViewState

st.set_page_config(page_title="Kuril Islands dispute atlas", layout="wide")

# A reading preference that is not part of the view (nor of the link): kept across runs that
# do not show its toggle (Streamlit forgets the value of a widget that a run does not make).
KEPT_CHOICES = ("history_en",)


def header(data: AtlasData, view: ViewState) -> None:
    """Title and view switch, on one row where they fit (a 1024 px projector included), so that
    the map with its step bar still fits a 768 px height."""
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key="header"):
        st.title(tm("app.title"), width="content")
        st.radio(
            tm("app.view"),
            VIEWS,
            format_func=functools.partial(catalogue_md_label, "app", state.lang(), prefix="view_"),
            horizontal=True,
            key=state.bind("view", view.view),
            on_change=state.set_view,
            args=(data, "view"),
            label_visibility="collapsed",
        )


def show_link_notices() -> None:
    """What a link asked for that could not be shown, in plain text, until dismissed."""
    notices = state.notices()
    if not notices:
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.warning(tm("app.link_problem") + "  \n" + "  \n".join(md(n) for n in notices))
        st.button(tm("app.dismiss"), key="dismiss_notices", on_click=state.dismiss_notices)


def compare_broken(data: AtlasData) -> bool:
    """Show why the compare view cannot be shown (True), or nothing (False)."""
    for problem in data.compare_problems:
        show_data_problem(problem, COMPARE_BROKEN)
    return bool(data.compare_problems)


def about_data() -> None:
    box = lazy_expander(tm("app.about_data"), "about_data")
    if box.open:
        box.markdown(tm("app.about_data_text"))


def render_page(data: AtlasData) -> None:
    """The page: a title, the choice of view, and the view (or the presentation)."""
    st.html(PAGE_CSS)
    view = state.current(data)
    for key in KEPT_CHOICES:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    if view.present:
        show_link_notices()
        if view.view in ("compare", "lesson") and compare_broken(data):
            st.button(
                t("app.exit_present", state.lang()),
                on_click=state.set_present,
                args=(data, False),
            )
        else:
            present_view.render_present(data, view)
        state.write_link(data, view)
        return
    header(data, view)
    show_link_notices()
    if view.view == "compare":
        shown = [] if compare_broken(data) else compare_view.render(data, view)
    elif view.view == "lesson":
        shown = [] if compare_broken(data) else lesson_view.render(data, view)
    else:
        shown = timeline_view.render(data, view)
    take_away.take_away(data, view, shown)
    about_data()
    state.write_link(data, view)


try:
    render_page(load())
except geo.PublishError as exc:  # the static folder: not the data's fault
    show_data_problem(exc, "The atlas cannot start:")
except geo.AtlasError as exc:  # geo's one base error: a named message, never a traceback
    show_data_problem(exc, PAGE_BROKEN)
