"""The page's maps as AppTest sees them: the data each rerun hands each map component.

AppTest cannot run the map's JavaScript (a Components v2 element is an unknown element to it),
but the element's proto carries its data: the ids and options the browser receives.
"""

from __future__ import annotations

import json
from dataclasses import replace

from streamlit.testing.v1 import AppTest

from atlas_ui import state
from geo.i18n import t, ui_language
from geo.maps import mapview
from geo.text.markdown import md_escape

COMPONENT = "kuril_atlas_map"


def map_data(at: AppTest) -> dict[str, dict]:
    """Map key -> the data of this rerun, for every map on the page, in page order."""
    out = {}
    for element in at.get("bidi_component"):
        proto = element.proto
        if proto.component_name != COMPONENT:
            continue
        key = proto.id.split("-", 2)[-1]  # "$$ID-<hash>-<user key>"
        out[key] = json.loads(proto.json)
    return out


def loader_scripts(at: AppTest) -> list[str]:
    """The inline script of every map component on the page."""
    return [e.proto.js_content for e in at.get("bidi_component")]


def shown_payload(data: dict) -> dict:
    """The payload a map shows for its data: sent with it (the custom division), or published
    in its configuration."""
    step = data["step"]
    if step in (data.get("extra") or {}):
        return data["extra"][step]
    return mapview.read_published_config(data["config_url"])["payloads"][step]


def step_map(at: AppTest, key: str, step: str, counter: int = 1) -> AppTest:
    """What a step taken in map ``key`` (its step bar, chooser or a presentation key) does to
    the session, through the same transition as the map's callback (``after_step``), with the
    counter acknowledged; then the rerun. (The component's own plumbing is tested in the
    browser.)"""
    view = at.session_state[state.VIEW]
    at.session_state[state.VIEW] = state.after_step(view, key, step)
    at.session_state[f"{key}__ack"] = counter
    return at.run()


def pick_on_map(at: AppTest, group: str) -> AppTest:
    """A click on ``group`` in the timeline map: the same as its callback, then the rerun."""
    view = at.session_state[state.VIEW]
    at.session_state[state.VIEW] = replace(view, area=group)
    at.session_state["panel"] = md_escape(t("app.tab_area", ui_language(view.names)))
    return at.run()
