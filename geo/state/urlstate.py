"""The whole view as a few short query parameters, and back: a link for every view.

``ViewState`` holds what a link must reproduce: the view (timeline or compare), the year, the
compare pair and custom assignment (:class:`geo.model.compare.CompareState`), the names mode, the
map layers hidden, presentation mode and the area picked on the map. The app keeps one per session
(``atlas_ui.state``): every control writes it, the page is laid out from it, and the link is
written from it and read into it here, with ids, never labels. ``to_params`` writes only what
differs from the default, so the opening view has a bare URL; ``from_params`` reads any query
string a visitor may type, falls back to the default for every missing, unknown, malformed or
oversized value and says what it replaced, in plain text (the app shows it escaped).
Nothing here imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from geo.files.atlas import Atlas
from geo.files.scenarios import Scenario
from geo.i18n import DEFAULT_NAMES, NAME_MODES
from geo.maps.mapview import HIDEABLE_LAYERS
from geo.model.compare import CUSTOM, CompareState, habomai_islets, snapshot_choices
from geo.model.custom import custom_scenario, decode_assignment, encode_assignment
from geo.model.timeline import configurations
from geo.state.lesson_plan import LessonPlan, clean_title, plan_from_params
from geo.state.present import lesson_steps

VIEWS = ("timeline", "compare", "lesson")
KNOWN_PARAMS = (
    "view",
    "year",
    "left",
    "right",
    "custom",
    "names",
    "hide",
    "present",
    "area",
    "lesson",
    "notes",
    "title",
    "step",
)
MAX_VALUE_LENGTH = 256
# A composed lesson's steps and notes are longer than any other value (geo.state.lesson_plan).
LONG_VALUES = {"lesson": 2048, "notes": 4096}
MAX_SHOWN = 40  # characters of a bad value repeated in a notice
MAX_NOTICES = 8  # notices listed for one link; the rest are counted


def _shown(value: str) -> str:
    """A bad value as a notice quotes it: cut short, never trusted (escaped by the caller)."""
    text = str(value)
    return repr(text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…")


@dataclass(frozen=True)
class ViewState:
    """Everything a link reproduces. ``year`` None means the present day (the last year)."""

    view: str = "timeline"
    year: int | None = None
    compare: CompareState = field(default_factory=CompareState)
    names: str = DEFAULT_NAMES
    hidden_layers: tuple[str, ...] = ()
    present: bool = False
    area: str | None = None
    # The lesson view: the teacher's lesson (None: the shipped one) and, presenting, its step.
    plan: LessonPlan | None = None
    plan_step: int = 0

    def shown_year(self, atlas: Atlas) -> int:
        """The timeline's year (the present day when none was chosen)."""
        return self.year if self.year is not None else configurations(atlas)[-1]

    def step(self, atlas: Atlas) -> str:
        """The step a presentation shows: the year, in a comparison the right-hand map, in a
        lesson its step's id (``LessonPlan.tokens``)."""
        if self.view == "lesson" and self.plan is not None:
            return self.plan.tokens()[self.plan_step]
        return self.compare.right if self.view == "compare" else str(self.shown_year(atlas))

    def resolved(
        self, atlas: Atlas, scenarios: dict[str, Scenario], worldviews: dict | None = None
    ) -> ViewState:
        """The view as the page can show it: a comparison's presentation steps through the
        scenarios, so a right-hand map that is not one of them becomes the first."""
        if self.present and self.view == "compare":
            steps = lesson_steps("compare", atlas, scenarios, worldviews)
            if self.compare.right not in steps:
                return replace(self, compare=replace(self.compare, right=steps[0]))
        if self.plan is not None and not 0 <= self.plan_step < len(self.plan.steps):
            return replace(self, plan_step=0)
        return self

    def linked(self, atlas: Atlas) -> ViewState:
        """This view as its link carries it (what ``from_params(to_params())`` gives back): no
        year outside the timeline or at the present day, no custom division unless shown."""
        years = configurations(atlas)
        year = self.year if self.view == "timeline" and self.year != years[-1] else None
        compare = self.compare
        if self.view != "compare":
            compare = CompareState()
        elif CUSTOM not in (compare.left, compare.right):
            compare = replace(compare, custom=CompareState().custom)
        plan, step = (self.plan, self.plan_step) if self.view == "lesson" else (None, 0)
        return replace(self, year=year, compare=compare, plan=plan, plan_step=step)

    def stepped(self, step: str) -> ViewState:
        """This view after a step of its presentation (key, button or step bar) to ``step``:
        the one place a presentation's stepping changes the view."""
        if self.view == "compare":
            return replace(self, compare=replace(self.compare, right=step))
        if self.view == "lesson" and self.plan is not None:
            tokens = self.plan.tokens()
            return replace(self, plan_step=tokens.index(step) if step in tokens else 0)
        return replace(self, year=int(step))

    def to_params(self, atlas: Atlas) -> dict[str, str]:
        """The query parameters of this view, leaving out every default value."""
        years = configurations(atlas)
        params: dict[str, str] = {}
        if self.view != "timeline":
            params["view"] = self.view
        if self.view == "timeline" and self.year is not None and self.year != years[-1]:
            params["year"] = str(self.year)
        if self.view == "compare":
            default = CompareState()
            for key, value in self.compare.to_params().items():
                if key == "custom" or value != getattr(default, key):
                    params[key] = value
        if self.names != DEFAULT_NAMES:
            params["names"] = self.names
        if self.hidden_layers:
            params["hide"] = ",".join(sorted(self.hidden_layers))
        if self.present:
            params["present"] = "1"
        if self.area is not None:
            params["area"] = self.area
        if self.view == "lesson" and self.plan is not None:
            params.update(self.plan.to_params())
            if self.present and self.plan_step:
                params["step"] = str(self.plan_step + 1)
        return params

    @classmethod
    def from_params(
        cls,
        params: dict[str, str | list[str]],
        atlas: Atlas,
        scenarios: dict[str, Scenario],
        worldviews: dict | None = None,
    ) -> tuple[ViewState, list[str]]:
        """Read query parameters; every value that cannot be used is replaced and named.

        Returns the state and a list of plain-text notices (empty when the link was fine).
        """
        values, notices = _link_values(params)
        inputs = _Inputs(atlas, scenarios, worldviews)
        state = cls()
        for read in _READERS:
            state, found = read(state, values, inputs)
            notices += found
        return state, capped(notices)


@dataclass(frozen=True)
class _Inputs:
    """What a link is read against: the atlas, its scenarios and worldviews."""

    atlas: Atlas
    scenarios: dict[str, Scenario]
    worldviews: dict | None


def _link_values(params: dict[str, str | list[str]]) -> tuple[dict[str, str], list[str]]:
    """The known parameters' last values as text, and notices for unknown or too long ones."""
    notices: list[str] = []
    values: dict[str, str] = {}
    unknown_keys = [key for key in params if key not in KNOWN_PARAMS]
    if unknown_keys:
        listed = ", ".join(_shown(key) for key in unknown_keys[:3])
        more = len(unknown_keys) - 3
        notices.append(
            f"Unknown link parameter{'s' if len(unknown_keys) > 1 else ''} {listed}"
            + (f" and {more} more" if more > 0 else "")
            + " ignored."
        )
    for key, raw in params.items():
        if key not in KNOWN_PARAMS:
            continue
        value = (raw[-1] if raw else "") if isinstance(raw, list) else raw
        value = "" if value is None else str(value)
        limit = LONG_VALUES.get(key, MAX_VALUE_LENGTH)
        if len(value) > limit:
            notices.append(
                f"{key}: value too long ({len(value)} characters, at most "
                f"{limit}); using the default."
            )
            continue
        values[key] = value
    return values, notices


# Each reader takes the state so far, the link's values and what they are read against, and
# returns the state with its parameter applied and the notices of what it could not use.
Read = tuple["ViewState", list[str]]


def _read_view(state: ViewState, values: dict[str, str], inputs: _Inputs) -> Read:
    view = values.get("view", state.view)
    if view in VIEWS:
        return replace(state, view=view), []
    notice = f"view={_shown(view)} is not one of {', '.join(VIEWS)}; showing the timeline."
    return state, [notice]


def _read_year(state: ViewState, values: dict[str, str], inputs: _Inputs) -> Read:
    if "year" not in values:
        return state, []
    years, text = configurations(inputs.atlas), values["year"]
    if text.isascii() and text.isdigit() and int(text) in years:
        return replace(state, year=int(text)), []
    shown = ", ".join(str(y) for y in years)
    return state, [f"year={_shown(text)} is not one of {shown}; showing {years[-1]}."]


def _read_compare(state: ViewState, values: dict[str, str], inputs: _Inputs) -> Read:
    params: dict[str, str] = {k: values[k] for k in ("left", "right", "custom") if k in values}
    compare, problems = CompareState.from_params(
        params, inputs.atlas, inputs.scenarios, inputs.worldviews
    )
    return replace(state, compare=compare), [problem + "." for problem in problems]


def _read_names(state: ViewState, values: dict[str, str], inputs: _Inputs) -> Read:
    names = values.get("names", state.names)
    if names in NAME_MODES:
        return replace(state, names=names), []
    notice = (
        f"names={_shown(names)} is not one of {', '.join(NAME_MODES)}; showing both local names."
    )
    return state, [notice]


def _read_hide(state: ViewState, values: dict[str, str], inputs: _Inputs) -> Read:
    if "hide" not in values:
        return state, []
    asked = [v for v in values["hide"].split(",") if v]
    unknown = [v for v in asked if v not in HIDEABLE_LAYERS]
    notices = []
    if unknown:
        notices.append(
            f"hide: {', '.join(_shown(v) for v in unknown[:3])} not a map layer "
            f"(layers: {', '.join(HIDEABLE_LAYERS)}); ignored."
        )
    hidden = tuple(v for v in HIDEABLE_LAYERS if v in asked)
    return replace(state, hidden_layers=hidden), notices


def _read_present(state: ViewState, values: dict[str, str], inputs: _Inputs) -> Read:
    if "present" not in values:
        return state, []
    text = values["present"]
    if text in ("1", "0", "true", "false"):
        return replace(state, present=text in ("1", "true")), []
    return state, [f"present={_shown(text)} should be 1 or 0; not presenting."]


def _read_area(state: ViewState, values: dict[str, str], inputs: _Inputs) -> Read:
    if "area" not in values:
        return state, []
    if values["area"] in inputs.atlas.groups:
        return replace(state, area=values["area"]), []
    return state, [f"area={_shown(values['area'])} is not an area of the map; ignored."]


def _read_lesson(state: ViewState, values: dict[str, str], inputs: _Inputs) -> Read:
    if "lesson" not in values:
        return state, []
    choices = [
        c
        for c in snapshot_choices(inputs.atlas, inputs.scenarios, inputs.worldviews)
        if c != CUSTOM
    ]
    plan, problems = plan_from_params(values["lesson"], values.get("notes", ""), choices)
    notices = list(problems)
    if plan is None and not problems:
        notices.append(
            f"lesson={_shown(values['lesson'])} has no step the atlas can show; ignored."
        )
    if plan is not None and values.get("title"):
        plan = replace(plan, title=clean_title(values["title"]))
    return replace(state, plan=plan), notices


def _read_step(state: ViewState, values: dict[str, str], inputs: _Inputs) -> Read:
    if state.plan is None:
        return state, [
            f"{key}={_shown(values[key])} is only used with a lesson; ignored."
            for key in ("notes", "title", "step")
            if key in values
        ]
    if "step" not in values:
        return state, []
    text, count = values["step"], len(state.plan.steps)
    if text.isascii() and text.isdigit() and 1 <= int(text) <= count:
        return replace(state, plan_step=int(text) - 1), []
    return state, [f"step={_shown(text)} is not a step 1-{count}; showing step 1."]


_READERS = (
    _read_view,
    _read_year,
    _read_compare,
    _read_names,
    _read_hide,
    _read_present,
    _read_area,
    _read_lesson,
    _read_step,
)


def capped(notices: list[str]) -> list[str]:
    """At most ``MAX_NOTICES`` notices, the last one counting the rest."""
    if len(notices) <= MAX_NOTICES:
        return notices
    rest = len(notices) - (MAX_NOTICES - 1)
    return [*notices[: MAX_NOTICES - 1], f"… and {rest} more problems with this link."]


def custom_widget_values(text: str, atlas: Atlas) -> dict[str, str | float]:
    """The custom editor's values of an assignment text: group → code (``SPLIT`` for a share
    of Etorofu, with ``etorofu_share`` in percent), islet → code.

    Raises
    ------
    AssignmentError
        if the text is not a valid assignment.
    """
    islets = habomai_islets(atlas)
    scenario = decode_assignment(text, islets=islets)
    values: dict[str, str | float] = {}
    for group, value in scenario.allocation:
        if value == "SPLIT":
            values[group] = "SPLIT"
            values[f"{group}_share"] = round(100 * (scenario.split_share or 0))
        else:
            values[group] = value
    for islet, code in scenario.islets:
        values[islet] = code
    return values


def custom_text(values: dict[str, str | float], atlas: Atlas) -> str:
    """The assignment text of the custom editor's values (the inverse of
    :func:`custom_widget_values`): group → code or ``SPLIT`` with ``etorofu_share`` in percent,
    islet → code or "" (the Habomai group's)."""
    islets = habomai_islets(atlas)
    assignment: dict[str, str | float] = {}
    for group, value in values.items():
        if group.endswith("_share") or value == "":
            continue
        if value == "SPLIT":
            assignment[group] = float(values.get(f"{group}_share", 50)) / 100
        else:
            assignment[group] = value
    return encode_assignment(custom_scenario(assignment, islets=islets))
