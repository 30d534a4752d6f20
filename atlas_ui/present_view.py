"""Presentation mode: the map as large as the projector allows, the step's title and short
speaker notes. Its stepping (keys, buttons, step bar) is the view's ``stepped``."""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass, replace

import streamlit as st

import geo
from atlas_ui import state
from atlas_ui.atlas_data import AtlasData
from atlas_ui.common import map_data, md, names_mode, tm
from atlas_ui.compare_view import custom_payloads
from atlas_ui.map_component import show_map
from atlas_ui.page_css import PRESENT_CSS
from geo.model import compare
from geo.model.snapshot import HISTORICAL, changed_groups
from geo.model.timeline import historical_snapshot
from geo.state import present as lesson
from geo.state.urlstate import ViewState
from geo.text import history_text, questions

lang = state.lang


@dataclass(frozen=True)
class Step:
    """One step of a presentation: its id on the step bar, the snapshot it shows, the one it
    is set beside (its differences outlined, its notes compared with it), the teacher's line."""

    id: str
    snapshot: geo.Snapshot
    beside: geo.Snapshot | None = None
    note: str = ""
    ask: bool = False  # opens with its question asked (a composed lesson's choice)


def present_steps(data: AtlasData, view: ViewState) -> list[Step]:
    """The steps a presentation walks through: the years; or the scenarios and countries' maps
    against the left map; or a composed lesson's steps."""

    def resolve(snapshot_id: str) -> geo.Snapshot:
        return compare.resolve_snapshot(
            snapshot_id, data.atlas, data.scenarios, view.compare.custom, data.worldviews
        )

    if view.view == "lesson" and view.plan is not None:
        return [
            Step(
                token,
                resolve(step.show),
                resolve(step.beside) if step.beside else None,
                step.note,
                step.ask,
            )
            for token, step in zip(view.plan.tokens(), view.plan.steps, strict=True)
        ]
    ids = lesson.lesson_steps(view.view, data.atlas, data.scenarios, data.worldviews)
    beside = resolve(view.compare.left) if view.view == "compare" else None
    return [Step(i, resolve(i), beside) for i in ids]


def step_notes(data: AtlasData, step: Step, previous_year: int | None) -> lesson.Notes:
    """A step's speaker notes: against the map it is set beside; a year's against the year
    before; a scenario or a country's map against the present day; the teacher's line first."""
    atlas, style, snapshot = data.atlas, data.style, step.snapshot
    if step.beside is None and snapshot.kind == HISTORICAL:
        previous = historical_snapshot(previous_year, atlas) if previous_year else None
        info = geo.configuration_info(snapshot.year, atlas)
        notes = lesson.historical_notes(snapshot, previous, info, style, atlas, names_mode())
    else:
        baseline = step.beside or historical_snapshot(geo.configurations(atlas)[-1], atlas)
        scenario = data.scenarios.get(snapshot.id)
        notes = lesson.scenario_notes(snapshot, baseline, scenario, style, atlas, names_mode())
    if step.note:
        notes = replace(notes, rows=((tm("plan.your_note"), step.note), *notes.rows))
    return notes


QA_LABELS = ("questions.ask", "questions.show_answer", "questions.hide")


def show_question(data: AtlasData, step: Step, asked, phase: int, answers) -> None:
    """The step's question(s) on a key (Q) or the button, its answer on the next press (the
    map marks where the answer is), hidden on the third."""
    st.button(
        tm(QA_LABELS[phase]),
        key="present_question",
        shortcut="Q",
        icon=":material/quiz:",
        on_click=state.next_question_phase,
        args=(step.id, 1 if step.ask else 0),
    )
    if phase == 0:
        return
    snapshot = step.snapshot
    for number, question in enumerate(asked.questions):
        text = questions.question_text(
            question, snapshot, data.atlas, lang=lang(), names_mode=names_mode(), style=data.style
        )
        st.markdown(f"**{tm('questions.question')}:** {md(text)}")
        if phase == 2:
            st.markdown(f"**{tm('questions.answer')}:** {md(answers[number].text)}")


def render_present(data: AtlasData, view: ViewState) -> None:
    """The map as large as the projector allows, the step's title and short speaker notes."""
    atlas, style = data.atlas, data.style
    st.html(PRESENT_CSS)
    steps = present_steps(data, view)
    ids = [s.id for s in steps]
    index = ids.index(view.step(atlas))  # resolved: always one of the steps
    step = steps[index]
    snapshot = step.snapshot
    years = geo.configurations(atlas)
    previous_year = years[years.index(snapshot.year) - 1] if snapshot.year in years[1:] else None
    if view.view == "lesson" and snapshot.kind == HISTORICAL and index:
        before = steps[index - 1].snapshot  # a lesson's year follows its own previous step
        previous_year = before.year if before.kind == HISTORICAL else previous_year
    compared = any(s.beside is not None for s in steps)
    asked = data.questions.get(snapshot.id)
    phase = state.question_phase(step.id, 1 if step.ask else 0) if asked is not None else 0
    answers = (
        [
            questions.answer(q, snapshot, atlas, lang=lang(), names_mode=names_mode(), style=style)
            for q in asked.questions
        ]
        if phase == 2
        else []
    )
    marked = sorted({g for a in answers for g in a.groups})
    aliases = view.plan.snapshot_of() if view.view == "lesson" and view.plan else None

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
                step.id,
                steps=tuple(ids),
                changed_by_step={
                    s.id: marked
                    if s.id == step.id and phase == 2
                    else sorted(changed_groups(s.beside, s.snapshot))
                    if s.beside
                    else []
                    for s in steps
                }
                if compared or phase == 2
                else None,
                marked_label=tm("questions.marked") if phase == 2 else None,
                extra=custom_payloads(data, [s.snapshot for s in steps]),
                aliases=aliases,
                keys=True,
                present=True,
            ),
            on_step=functools.partial(state.map_stepped, data, f"present_{view.view}_map"),
            on_pick=functools.partial(state.set_area, data),
            groups=tuple(atlas.groups),
        )
    with notes_col, st.container(key="present_notes"):
        if asked is not None:
            show_question(data, step, asked, phase, answers)
        notes = step_notes(data, step, previous_year)
        if notes.subtitle:
            st.markdown(f"*{md(notes.subtitle)}*")
        for label, text in notes.rows:
            st.markdown(f"**{md(label)}**  \n" + "  \n".join(md(x) for x in text.splitlines()))
        st.caption(tm("app.keys_hint"))
        # The map's text alternative, for screen readers (the table is on the normal page).
        summary = html.escape(lesson.map_summary(snapshot, style, atlas, names_mode()))
        st.html(f'<p class="atlas-sr" aria-live="polite">{summary}</p>')
