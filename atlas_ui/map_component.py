"""The atlas map as a Streamlit component (Custom Components v2): data in, a step and a pick out.

The map is mounted in the page itself (no iframe). Its code is the ES module
``geo/atlas_map.js``, published into the app's static folder with the configuration it
fetches once (:func:`geo.maps.mapview.publish_map_files`); the component's own inline script is
only a loader that imports Leaflet and that module and calls ``mount``. The map owns every
control that steps it (its step bar, and ← → Home End in presentation mode); it restyles
itself at once and tells Python:

- ``step``: the snapshot id the reader stepped to, with a counter ``n`` (component state).
  Python answers with ``ack`` = the last counter it has seen, so that the map ignores the data
  of reruns older than its latest step (``MapData.ack``).
- ``pick``: the group of an area the reader clicked (a trigger, one rerun only).

Python moves the map (a link, a button of the page, the compare view's choosers) by naming
another step in the data. Per rerun the data is ids only; the one exception is the payload
of the reader's own custom division, which cannot be published in advance.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from geo.maps.assets import leaflet_css_url, leaflet_js_url

# The component's inline script: a few hundred bytes, re-sent with every change of data.
# A module imported from a blob: URL has no base of its own, so URLs resolve against the page.
LOADER_JS = """
export default function (component) {
  const {data, parentElement, setStateValue, setTriggerValue} = component;
  const url = (u) => new URL(u, document.baseURI).href;
  Promise.all([import(url(data.leaflet)), import(url(data.module))]).then(([, atlasMap]) => {
    if (!parentElement.isConnected) return;
    atlasMap.mount(parentElement, data, {
      step: (id, n) => setStateValue("step", {id: id, n: n}),
      pick: (group) => setTriggerValue("pick", group),
    });
  }).catch((err) => {
    if (!parentElement.isConnected || parentElement.querySelector(".atlas-error")) return;
    const box = document.createElement("div");
    box.className = "atlas-error";
    box.setAttribute("role", "alert");
    box.textContent = data.load_error + " (" + (err && err.message ? err.message : err) + ")";
    parentElement.appendChild(box);
  });
}
"""

_MAP = st.components.v2.component("kuril_atlas_map", js=LOADER_JS, isolate_styles=False)


@dataclass(frozen=True)
class MapData:
    """What one rerun tells one map (plain JSON for the browser; ids, not payloads).

    ``steps``: the ids its step bar steps through, or its chooser offers (``chooser``: the
    compare view's side, "left" or "right").
    ``step``: the snapshot to show. ``ack``: the last step counter Python has seen from this
    map. ``changed``: groups outlined as differing from the other map (or ``changed_by_step``
    per step, for a presentation against a baseline). ``extra``: payloads of snapshots that are
    not in the published configuration (the custom division).
    """

    urls: dict[str, str]
    names_mode: str
    role: str
    step: str
    steps: tuple[str, ...] = ()
    ack: int = 0
    hidden_layers: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    changed_by_step: dict[str, list[str]] | None = None
    # A composed lesson's step id -> the snapshot it shows
    # (geo.state.lesson_plan.LessonPlan.tokens).
    aliases: dict[str, str] | None = None
    # What the outlined groups mean when not the other map's differences (an answer's places).
    marked_label: str | None = None
    extra: dict[str, dict] = field(default_factory=dict)
    sync: str | None = None
    chooser: str | None = None
    keys: bool = False
    present: bool = False
    height: int | None = None
    load_error: str = "The map could not be loaded."
    geometry_urls: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "leaflet": leaflet_js_url(),
            "module": self.urls["module"],
            "css": [leaflet_css_url(), self.urls["css"]],
            "config_url": self.urls[self.names_mode],
            "geometry_urls": list(self.geometry_urls),
            "role": self.role,
            "step": self.step,
            "steps": list(self.steps) or None,
            "ack": self.ack,
            "hidden_layers": list(self.hidden_layers),
            "changed": list(self.changed),
            "extra": self.extra,
            "sync": self.sync,
            "chooser": self.chooser,
            "keys": self.keys,
            "present": self.present,
            "height": self.height,
            "load_error": self.load_error,
        }
        if self.changed_by_step is not None:
            data["changed_by_step"] = self.changed_by_step
        if self.aliases is not None:
            data["aliases"] = self.aliases
        if self.marked_label is not None:
            data["marked_label"] = self.marked_label
        return data


def read_step(value: Any, steps: tuple[str, ...]) -> tuple[str, int] | None:
    """The (step id, counter) the map reported, or None when it is not one of ``steps``.

    The value comes from the browser: anything else than ``{"id": <one of steps>, "n": <int>}``
    is ignored rather than trusted.
    """
    if not isinstance(value, dict):
        return None
    step, counter = value.get("id"), value.get("n")
    if not isinstance(step, str) or step not in steps:
        return None
    if isinstance(counter, bool) or not isinstance(counter, int) or counter < 0:
        return None
    return step, counter


def read_pick(value: Any, groups: tuple[str, ...]) -> str | None:
    """The group the reader clicked, or None for anything that is not one of ``groups``."""
    return value if isinstance(value, str) and value in groups else None


def _component_value(key: str, name: str) -> Any:
    """One value of map ``key``'s state or trigger (Streamlit presents them as one mapping)."""
    state = st.session_state.get(key)
    return state.get(name) if isinstance(state, dict) else None


def ack_key(key: str) -> str:
    """The session key holding the last step counter Python has seen from map ``key``."""
    return f"{key}__ack"


def show_map(
    key: str,
    data: MapData,
    on_step: Callable[[str], None] | None = None,
    on_pick: Callable[[str], None] | None = None,
    groups: tuple[str, ...] = (),
) -> None:
    """Mount map ``key`` with ``data``; ``on_step(id)`` / ``on_pick(group)`` run before the
    rerun a step or a click causes (as widget callbacks do)."""

    def stepped() -> None:
        read = read_step(_component_value(key, "step"), data.steps)
        if read is None:
            return
        step, counter = read
        st.session_state[ack_key(key)] = max(counter, st.session_state.get(ack_key(key), 0))
        if on_step is not None:
            on_step(step)

    def picked() -> None:
        group = read_pick(_component_value(key, "pick"), groups)
        if group is not None and on_pick is not None:
            on_pick(group)

    sent = dataclasses.replace(data, ack=st.session_state.get(ack_key(key), 0))
    _MAP(
        key=key,
        data=sent.to_json(),
        # A state from the start: Streamlit shows a component's triggers (the pick) in
        # st.session_state only beside a state mapping.
        default={"step": None},
        on_step_change=stepped,
        on_pick_change=picked,
    )
    # A step no callback has seen: a session that began with it, as when a page that outlived
    # its server reconnects and its first message is a step (Streamlit runs a widget's callback
    # only once the session knows the widget). Applied now, and the page made again from it.
    read = read_step(_component_value(key, "step"), data.steps)
    if read is not None and read[1] > st.session_state.get(ack_key(key), 0):
        stepped()
        st.rerun()
