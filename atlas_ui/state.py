"""One view state per session: every control writes it, the page is laid out from it.

The session holds a single :class:`geo.state.urlstate.ViewState` under ``VIEW``. Its first reader
(the page, or a callback when the first thing a reconnected page sends is a step) reads it from
the link; after that only the controls change it, each through ``update`` in its callback,
which Streamlit runs before the rerun. Widgets are bound to it: ``bind`` sets a widget's value
from the state before the widget is made, so a control that a view does not show (presentation
mode shows neither the view switch nor the names chooser) cannot lose or undo a choice, and the
link is written from it at the end of every run (``write_link``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import streamlit as st

from atlas_ui.atlas_data import AtlasData
from geo.errors import DataError
from geo.i18n import ui_language
from geo.state.lesson_plan import LessonPlan, apply_edits, clean_title, plan_from_bytes
from geo.state.urlstate import ViewState, custom_text, custom_widget_values

VIEW = "view_state"
NOTICES = "link_notices"


def current(data: AtlasData) -> ViewState:
    """This session's view; on its first call, read from the link (notices kept for the page)."""
    session = st.session_state
    if VIEW not in session:
        state, notices = ViewState.from_params(
            st.query_params.to_dict(), data.atlas, data.scenarios, data.worldviews
        )
        store(data, state)
        session[NOTICES] = notices
    return session[VIEW]


def store(data: AtlasData, view: ViewState) -> ViewState:
    """Keep ``view`` as this session's view, resolved to what the page can show (the lesson
    view without a lesson of its own shows the shipped one)."""
    if view.view == "lesson" and view.plan is None and data.default_plan is not None:
        view = replace(view, plan=data.default_plan)
    view = view.resolved(data.atlas, data.scenarios, data.worldviews)
    st.session_state[VIEW] = view
    return view


def shown() -> ViewState:
    """The view this run lays out (after ``current`` was called at the top of the page)."""
    return st.session_state.get(VIEW) or ViewState()


def names_mode() -> str:
    return shown().names


def lang() -> str:
    """The interface language of this session (English for both local names)."""
    return ui_language(names_mode())


def update(data: AtlasData, **changes: Any) -> ViewState:
    """Change the view (from a control's callback); returns the new view."""
    return store(data, replace(current(data), **changes))


def update_compare(data: AtlasData, **changes: Any) -> ViewState:
    state = current(data)
    return update(data, compare=replace(state.compare, **changes))


def bind(key: str, value: Any) -> str:
    """Set widget ``key`` to the view's ``value`` before the widget is made; returns the key."""
    st.session_state[key] = value
    return key


def widget_value(key: str) -> Any:
    return st.session_state.get(key)


# --------------------------------------------------------------------------- the controls
# Each is a callback: Streamlit runs it before the rerun that the control causes.


def set_view(data: AtlasData, key: str) -> None:
    update(data, view=widget_value(key))


def set_names(data: AtlasData, key: str) -> None:
    update(data, names=widget_value(key))


def set_layers(data: AtlasData, key: str, layers: tuple[str, ...]) -> None:
    shown_layers = widget_value(key) or []
    update(data, hidden_layers=tuple(k for k in layers if k not in shown_layers))


def set_present(data: AtlasData, on: bool) -> None:
    update(data, present=on)


def after_step(view: ViewState, map_key: str, step: str) -> ViewState:
    """The view after map ``map_key`` stepped to ``step`` (its step bar, its chooser or a
    presentation key): the timeline's year, a compare map's side, or the presentation's step."""
    if map_key.startswith("present_"):
        return view.stepped(step)
    if map_key in ("compare_left_map", "compare_right_map"):
        side = map_key.split("_")[1]
        return replace(view, compare=replace(view.compare, **{side: step}))
    return replace(view, year=int(step))


def map_stepped(data: AtlasData, map_key: str, step: str) -> None:
    """A map's step callback (``atlas_ui.map_component.show_map``'s ``on_step``)."""
    store(data, after_step(current(data), map_key, step))


def set_area(data: AtlasData, group: str | None, panel: str | None = None) -> None:
    """An area picked (on a map, or in the chooser); ``panel`` opens its tab beside the map."""
    update(data, area=group)
    if panel is not None:
        st.session_state["panel"] = panel


def set_area_from(data: AtlasData, key: str) -> None:
    update(data, area=widget_value(key))


def custom_values(data: AtlasData) -> dict[str, str | float]:
    """The custom editor's values from the view's custom division."""
    return custom_widget_values(current(data).compare.custom, data.atlas)


def set_custom(data: AtlasData, name: str, key: str) -> None:
    """One value of the custom editor changed: the division follows."""
    values = custom_values(data)
    values[name] = widget_value(key)
    if name == "etorofu" and values[name] == "SPLIT":
        values.setdefault("etorofu_share", 50)
    update_compare(data, custom=custom_text(values, data.atlas))


# --------------------------------------------------------------------------- the link


def write_link(data: AtlasData, state: ViewState) -> None:
    """Keep the URL on what the page shows (only when it changed: no message otherwise)."""
    params = state.to_params(data.atlas)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)


def notices() -> list[str]:
    return st.session_state.get(NOTICES) or []


def dismiss_notices() -> None:
    st.session_state[NOTICES] = []


# --------------------------------------------------------------------------- the lesson view

PLAN_PROBLEM = "plan_problem"


def plan_problem() -> str:
    """Why the last lesson file opened could not be used (plain text), or ""."""
    return st.session_state.get(PLAN_PROBLEM, "")


def _plan(data: AtlasData) -> LessonPlan:
    return current(data).plan or LessonPlan(())


def set_plan_title(data: AtlasData, key: str) -> None:
    update(data, plan=replace(_plan(data), title=clean_title(widget_value(key))))


def set_plan_steps(data: AtlasData, key: str, options: dict[str, str]) -> None:
    """The lesson's table was edited: its edits become the lesson's steps."""
    by_label = {label: snapshot_id for snapshot_id, label in options.items()}
    plan = apply_edits(_plan(data), widget_value(key) or {}, by_label)
    update(data, plan=plan, plan_step=0)


def present_plan(data: AtlasData) -> None:
    update(data, present=True, plan_step=0)


def reset_plan(data: AtlasData) -> None:
    st.session_state.pop(PLAN_PROBLEM, None)
    update(data, plan=data.default_plan, plan_step=0)


def open_plan_file(data: AtlasData, key: str) -> None:
    """A lesson file chosen to open: checked, then the lesson; its problems named instead."""
    uploaded = widget_value(key)
    if uploaded is None:
        return
    choices = data.step_choices
    try:
        plan = plan_from_bytes(uploaded.getvalue(), choices, uploaded.name)
    except DataError as exc:
        st.session_state[PLAN_PROBLEM] = str(exc)
        return
    st.session_state.pop(PLAN_PROBLEM, None)
    update(data, plan=plan, plan_step=0)


# --------------------------------------------------------------------------- presenting a question

QUESTION = "present_question_phase"


def question_phase(step: str, first: int = 0) -> int:
    """0: the step's question hidden, 1: asked, 2: answered; a new step starts at ``first``
    (1: a lesson step that opens with its question asked)."""
    shown_step, phase = st.session_state.get(QUESTION, ("", 0))
    return phase if shown_step == step else first


def next_question_phase(step: str, first: int = 0) -> None:
    st.session_state[QUESTION] = (step, (question_phase(step, first) + 1) % 3)
