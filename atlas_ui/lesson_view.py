"""The lesson view: the teacher composes a lesson (any steps, in any order, each with a line of
their own notes), presents it, keeps it in the link, downloads it and opens it again."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

import geo
from atlas_ui import state
from atlas_ui.atlas_data import AtlasData
from atlas_ui.common import md, tm
from geo.files.lesson import MAX_NOTE, MAX_TITLE
from geo.i18n import t
from geo.maps import mapview
from geo.model import compare
from geo.state import lesson_plan
from geo.state.urlstate import ViewState
from geo.text import history_text

COLUMNS = ("show", "beside", "ask", "note")


def step_options(data: AtlasData) -> dict[str, str]:
    """Snapshot id -> how the lesson's table names it, in the class's language (each unique)."""
    language = state.lang()

    def label(snapshot_id: str) -> str:
        snapshot = compare.resolve_snapshot(
            snapshot_id, data.atlas, data.scenarios, worldviews=data.worldviews
        )
        shown = history_text.snapshot_in(snapshot, language, data.atlas)
        return mapview.step_label(shown, language)["option"]

    return data.text(
        ("plan_options", language),
        lambda: {
            c: label(c)
            for c in compare.snapshot_choices(data.atlas, data.scenarios, data.worldviews)
            if c != compare.CUSTOM
        },
    )


def editor_key(plan: lesson_plan.LessonPlan) -> str:
    """The table's key: new for every lesson, so the table always starts from the lesson."""
    text = "\n".join(f"{s.show}|{s.beside}|{s.note}" for s in plan.steps)
    return "plan_steps_" + hashlib.sha1(text.encode()).hexdigest()[:12]


def render(data: AtlasData, view: ViewState) -> list[tuple[str, geo.Snapshot]]:
    """The composer: title, the steps as an editable table, Present, download, open, reset;
    then the steps as a list. Returns nothing to export (the steps' maps are in other views)."""
    plan = view.plan or lesson_plan.LessonPlan(())
    options = step_options(data)
    st.subheader(tm("plan.heading"))
    st.caption(tm("plan.caption"))
    st.text_input(
        tm("plan.title"),
        key=state.bind("plan_title", plan.title),
        placeholder=tm("plan.shipped_title"),
        max_chars=MAX_TITLE,
        on_change=state.set_plan_title,
        args=(data, "plan_title"),
    )
    frame = pd.DataFrame(
        {
            "show": [options.get(s.show, s.show) for s in plan.steps],
            "beside": [options.get(s.beside, tm("plan.nothing")) for s in plan.steps],
            "ask": [s.ask for s in plan.steps],
            "note": [s.note for s in plan.steps],
        },
        columns=list(COLUMNS),
    )
    key = editor_key(plan)
    st.data_editor(
        frame,
        key=key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "show": st.column_config.SelectboxColumn(
                tm("plan.show"), options=list(options.values()), required=True, width="large"
            ),
            "beside": st.column_config.SelectboxColumn(
                tm("plan.beside"), options=[tm("plan.nothing"), *options.values()], width="medium"
            ),
            "ask": st.column_config.CheckboxColumn(tm("plan.ask"), width="medium"),
            "note": st.column_config.TextColumn(tm("plan.note"), max_chars=MAX_NOTE, width="large"),
        },
        on_change=state.set_plan_steps,
        args=(data, key, options),
    )
    with st.container(horizontal=True, gap="small"):
        st.button(
            tm("plan.present"),
            key="plan_present",
            icon=":material/slideshow:",
            type="primary",
            disabled=not plan.steps,
            on_click=state.present_plan,
            args=(data,),
        )
        st.download_button(
            tm("plan.download"),
            data=lesson_plan.plan_toml(plan),
            file_name="lesson.toml",
            mime="application/toml",
            key="plan_download",
            icon=":material/download:",
            on_click="ignore",
        )
        st.button(tm("plan.reset"), key="plan_reset", on_click=state.reset_plan, args=(data,))
    st.file_uploader(
        tm("plan.open"),
        type=["toml"],
        max_upload_size=1,  # MB; a lesson file is at most 16 KB (geo.state.lesson_plan)
        key="plan_upload",
        on_change=state.open_plan_file,
        args=(data, "plan_upload"),
    )
    problem = state.plan_problem()
    if problem:
        st.error(md(problem))
    if not plan.steps:
        st.info(tm("plan.empty"))
        return []
    st.markdown(f"**{tm('plan.steps')}**")
    lines = []
    for n, step in enumerate(plan.steps, start=1):
        label = options.get(step.show, step.show)
        if step.beside:
            line = t(
                "plan.step_beside", state.lang(), n=n, label=label, beside=options[step.beside]
            )
        else:
            line = t("plan.step_line", state.lang(), n=n, label=label)
        if step.ask:
            line += " · " + t("plan.ask", state.lang())
        lines.append(md(line) + (f"  \n  *{md(step.note)}*" if step.note else ""))
    st.markdown("  \n".join(lines))
    return []
