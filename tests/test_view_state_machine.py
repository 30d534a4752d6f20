"""A teacher's session as random sequences of what a teacher does (Hypothesis's rule-based
state machine, run through Streamlit's AppTest): switch view, change the names language,
present and leave, step by key, button or step bar, choose a compare side, pick an area, edit
the custom division, hide a layer, dismiss a notice, open the current link in a fresh session.

After every action: the session's one view, the link and the page agree; reopening the link
shows the same page. The number of examples is bounded for CI (``ATLAS_STATEFUL_EXAMPLES``
raises it for a longer search on a quiet machine).
"""

from __future__ import annotations

import os
from dataclasses import replace

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from streamlit.testing.v1 import AppTest

import geo
from atlas_ui import state
from atlas_ui.atlas_data import load
from geo import i18n
from geo.maps import mapview
from geo.model import compare
from geo.state import present as lesson
from geo.state.urlstate import ViewState
from tests.conftest import ROOT
from tests.maps import map_data, pick_on_map, step_map

DATA = load()
ATLAS = DATA.atlas
SCENARIOS = DATA.scenarios
WORLDVIEWS = DATA.worldviews
YEARS = [str(y) for y in geo.configurations(ATLAS)]
CHOICES = compare.snapshot_choices(ATLAS, SCENARIOS, WORLDVIEWS)
GROUPS = list(ATLAS.groups)
EXAMPLES = int(os.environ.get("ATLAS_STATEFUL_EXAMPLES", "10"))


def fresh_session(params: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def link_of(at: AppTest) -> dict[str, str]:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def page_of(at: AppTest) -> dict:
    """What the page shows, as a teacher would compare two pages: each map's step, names and
    layers; the view switch; the heading of a presentation; the names chooser."""
    maps = {
        key: (data["step"], data["config_url"], tuple(data["hidden_layers"]))
        for key, data in map_data(at).items()
    }
    radios = [r.value for r in at.radio if r.key == "view"]
    names = [s.value for s in at.selectbox if s.key == "names"]
    headers = [h.value for h in at.header]
    return {"maps": maps, "view": radios, "names": names, "headers": headers}


class TeacherSession(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.at = fresh_session()

    @property
    def view(self) -> ViewState:
        return self.at.session_state[state.VIEW]

    def run(self) -> None:
        assert not self.at.exception, self.at.exception

    # ------------------------------------------------------------------ what a teacher does

    @precondition(lambda self: not self.view.present)
    @rule(view=st.sampled_from(["timeline", "compare"]))
    def switch_view(self, view: str) -> None:
        self.at.radio(key="view").set_value(view).run()
        self.run()
        assert self.view.view == view

    @precondition(lambda self: not self.view.present)
    @rule(names=st.sampled_from(i18n.NAME_MODES))
    def change_names(self, names: str) -> None:
        self.at.selectbox(key="names").set_value(names).run()
        self.run()
        assert self.view.names == names

    @precondition(lambda self: not self.view.present)
    @rule(layer=st.sampled_from(mapview.HIDEABLE_LAYERS))
    def toggle_layer(self, layer: str) -> None:
        pills = self.at.pills(key="layers")
        shown = list(pills.value or [])
        shown = [k for k in shown if k != layer] if layer in shown else [*shown, layer]
        pills.set_value(shown).run()
        self.run()
        assert (layer in self.view.hidden_layers) == (layer not in shown)

    @precondition(lambda self: not self.view.present)
    @rule()
    def present(self) -> None:
        before = self.view
        self.at.button(key="present_on").click().run()
        self.run()
        assert self.view.present
        assert replace(self.view, present=False, compare=before.compare) == before

    @precondition(lambda self: self.view.present)
    @rule()
    def exit_presentation(self) -> None:
        self.at.button(key="present_exit").click().run()
        self.run()
        assert not self.view.present

    @precondition(lambda self: self.view.present)
    @rule(how=st.sampled_from(["next", "previous", "home", "end"]), counter=st.integers(1, 99))
    def step_presentation(self, how: str, counter: int) -> None:
        """A key (← → Home End) or the step bar's buttons: the map reports the new step."""
        steps = lesson.lesson_steps(self.view.view, ATLAS, SCENARIOS, WORLDVIEWS)
        index = steps.index(self.view.step(ATLAS))
        index = {
            "next": min(index + 1, len(steps) - 1),
            "previous": max(index - 1, 0),
            "home": 0,
            "end": len(steps) - 1,
        }[how]
        step_map(self.at, f"present_{self.view.view}_map", steps[index], counter)
        self.run()
        assert self.view.step(ATLAS) == steps[index]
        assert self.at.markdown  # the step's notes

    @precondition(lambda self: not self.view.present and self.view.view == "timeline")
    @rule(year=st.sampled_from(YEARS), counter=st.integers(1, 99))
    def step_timeline(self, year: str, counter: int) -> None:
        step_map(self.at, "timeline_map", year, counter)
        self.run()
        assert self.view.shown_year(ATLAS) == int(year)

    @precondition(lambda self: not self.view.present and self.view.view == "compare")
    @rule(side=st.sampled_from(["left", "right"]), choice=st.sampled_from(CHOICES))
    def choose_side(self, side: str, choice: str) -> None:
        step_map(self.at, f"compare_{side}_map", choice)
        self.run()

    @precondition(lambda self: not self.view.present and self.view.view == "timeline")
    @rule(group=st.sampled_from(GROUPS))
    def pick_area(self, group: str) -> None:
        pick_on_map(self.at, group)
        self.run()
        assert self.at.selectbox(key="area").value == group

    @precondition(
        lambda self: (
            not self.view.present
            and self.view.view == "compare"
            and compare.CUSTOM in (self.view.compare.left, self.view.compare.right)
        )
    )
    @rule(
        group=st.sampled_from(["habomai", "shikotan", "kunashiri", "etorofu"]),
        code=st.sampled_from(["JP", "RU", "JOINT", "SPLIT"]),
    )
    def edit_custom(self, group: str, code: str) -> None:
        if code == "SPLIT" and group != "etorofu":
            code = "JOINT"
        self.at.selectbox(key=f"custom_{group}").set_value(code).run()
        self.run()
        assert self.at.selectbox(key=f"custom_{group}").value == code

    @precondition(
        lambda self: (
            not self.view.present
            and self.view.view == "compare"
            and any(s.key == "custom_etorofu_share" for s in self.at.slider)
        )
    )
    @rule(share=st.integers(0, 100))
    def set_etorofu_share(self, share: int) -> None:
        self.at.slider(key="custom_etorofu_share").set_value(share).run()
        self.run()
        values = state.custom_widget_values(self.view.compare.custom, ATLAS)
        assert values["etorofu_share"] == share

    @rule()
    def reopen_link(self) -> None:
        """Open the current link in a fresh session: the same view and the same page."""
        link, page = link_of(self.at), page_of(self.at)
        before = self.view
        self.at = fresh_session(link)
        assert self.view == before.linked(ATLAS).resolved(ATLAS, SCENARIOS)
        assert page_of(self.at) == page
        assert not state_notices(self.at)

    # ------------------------------------------------------------------ what must hold

    @invariant()
    def state_link_and_page_agree(self) -> None:
        view = self.view
        link = link_of(self.at)
        read, notices = ViewState.from_params(link, ATLAS, SCENARIOS, WORLDVIEWS)
        assert notices == []
        assert read == view.linked(ATLAS), (read, view)
        maps = map_data(self.at)
        urls = DATA.map_urls
        for key, data in maps.items():
            assert data["config_url"] == urls[view.names], key
            assert data["hidden_layers"] == list(view.hidden_layers), key
        if view.present:
            assert list(maps) == [f"present_{view.view}_map"]
            assert maps[f"present_{view.view}_map"]["step"] == view.step(ATLAS)
            assert not [r for r in self.at.radio if r.key == "view"]
        elif view.view == "compare":
            assert maps["compare_left_map"]["step"] == view.compare.left
            assert maps["compare_right_map"]["step"] == view.compare.right
            assert self.at.radio(key="view").value == "compare"
        else:
            assert list(maps) == ["timeline_map"]
            assert maps["timeline_map"]["step"] == str(view.shown_year(ATLAS))
            assert self.at.radio(key="view").value == "timeline"
        if not view.present:
            assert self.at.selectbox(key="names").value == view.names
            shown = set(self.at.pills(key="layers").value or [])
            assert shown == set(mapview.HIDEABLE_LAYERS) - set(view.hidden_layers)
        if view.view == "compare" and compare.CUSTOM in (view.compare.left, view.compare.right):
            custom = [s for s in self.at.selectbox if s.key == "custom_etorofu"]
            if custom and not view.present:
                values = state.custom_widget_values(view.compare.custom, ATLAS)
                assert custom[0].value == values["etorofu"]


def state_notices(at: AppTest) -> list[str]:
    # AppTest's session state is a mapping without .get()
    return at.session_state[state.NOTICES] if state.NOTICES in at.session_state else []  # noqa: SIM401


TeacherSession.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=8,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_a_teachers_session = TeacherSession.TestCase


def test_opening_a_link_with_a_presented_comparison_on_a_year_shows_its_first_scenario():
    at = fresh_session({"view": "compare", "right": "1945", "present": "1"})
    first = lesson.lesson_steps("compare", ATLAS, SCENARIOS, WORLDVIEWS)[0]
    assert at.session_state[state.VIEW].compare.right == first
    assert link_of(at)["right"] == first


def _first_run_is_a_step() -> None:
    """A new session whose first message is a map's step (a page that reconnected after a
    server restart): the callback runs before anything of the page has read the link."""
    import streamlit as st

    from atlas_ui import state
    from atlas_ui.atlas_data import load

    data = load()
    if "first_run" not in st.session_state:
        st.session_state.first_run = False
        state.map_stepped(data, "timeline_map", "1945")
    st.session_state.seen = state.current(data)


def test_a_step_sent_by_a_page_that_outlived_its_server_moves_on_from_its_link():
    """The link is read first and the step applied on top (the page used to snap back to the
    link's year, and lost the names language and the picked area). The browser test
    tests/browser/test_reconnect_browser.py restarts a real server under an open page."""
    at = AppTest.from_function(_first_run_is_a_step, default_timeout=60)
    for key, value in {"year": "1905", "names": "ja", "area": "shikotan"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    seen = at.session_state["seen"]
    assert (seen.year, seen.names, seen.area) == (1945, "ja", "shikotan")
