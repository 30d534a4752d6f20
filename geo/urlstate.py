"""The whole view as a few short query parameters, and back: a link for every view.

``ViewState`` holds what a link must reproduce: the view (timeline or compare), the year, the
compare pair and custom assignment (:class:`geo.compare.CompareState`), the names mode, the map
layers hidden and presentation mode. ``to_params`` writes only what differs from the default,
so the opening view has a bare URL; ``from_params`` reads any query string a visitor may type,
falls back to the default for every missing, unknown, malformed or oversized value and says
what it replaced, in plain text (the app shows it escaped). Nothing here imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from geo.compare import CompareState, habomai_islets
from geo.i18n import DEFAULT_NAMES, NAME_MODES
from geo.loading import Atlas
from geo.mapview import HIDEABLE_LAYERS
from geo.scenarios import Scenario, decode_assignment
from geo.timeline import configurations

VIEWS = ("timeline", "compare")
KNOWN_PARAMS = ("view", "year", "left", "right", "custom", "names", "hide", "present")
MAX_VALUE_LENGTH = 256
MAX_SHOWN = 40  # characters of a bad value repeated in a notice


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
        return params

    @classmethod
    def from_params(
        cls, params: dict[str, str | list[str]], atlas: Atlas, scenarios: dict[str, Scenario]
    ) -> tuple[ViewState, list[str]]:
        """Read query parameters; every value that cannot be used is replaced and named.

        Returns the state and a list of plain-text notices (empty when the link was fine).
        """
        notices: list[str] = []
        values: dict[str, str] = {}
        for key, raw in params.items():
            if key not in KNOWN_PARAMS:
                notices.append(f"Unknown link parameter {_shown(key)} ignored.")
                continue
            value = (raw[-1] if raw else "") if isinstance(raw, list) else raw
            value = "" if value is None else str(value)
            if len(value) > MAX_VALUE_LENGTH:
                notices.append(
                    f"{key}: value too long ({len(value)} characters, at most "
                    f"{MAX_VALUE_LENGTH}); using the default."
                )
                continue
            values[key] = value
        default = cls()
        state = default

        view = values.get("view", default.view)
        if view not in VIEWS:
            notices.append(
                f"view={_shown(view)} is not one of {', '.join(VIEWS)}; showing the timeline."
            )
            view = default.view
        state = replace(state, view=view)

        years = configurations(atlas)
        if "year" in values:
            text = values["year"]
            if text.isascii() and text.isdigit() and int(text) in years:
                state = replace(state, year=int(text))
            else:
                shown = ", ".join(str(y) for y in years)
                notices.append(f"year={_shown(text)} is not one of {shown}; showing {years[-1]}.")

        compare_params = {k: values[k] for k in ("left", "right", "custom") if k in values}
        compare, problems = CompareState.from_params(compare_params, atlas, scenarios)
        notices += [problem + "." for problem in problems]
        state = replace(state, compare=compare)

        names = values.get("names", default.names)
        if names not in NAME_MODES:
            notices.append(
                f"names={_shown(names)} is not one of {', '.join(NAME_MODES)}; "
                "showing both local names."
            )
            names = default.names
        state = replace(state, names=names)

        if "hide" in values:
            asked = [v for v in values["hide"].split(",") if v]
            unknown = [v for v in asked if v not in HIDEABLE_LAYERS]
            if unknown:
                notices.append(
                    f"hide: {', '.join(_shown(v) for v in unknown[:3])} not a map layer "
                    f"(layers: {', '.join(HIDEABLE_LAYERS)}); ignored."
                )
            hidden = tuple(v for v in HIDEABLE_LAYERS if v in asked)
            state = replace(state, hidden_layers=hidden)

        if "present" in values:
            text = values["present"]
            if text in ("1", "0", "true", "false"):
                state = replace(state, present=text in ("1", "true"))
            else:
                notices.append(f"present={_shown(text)} should be 1 or 0; not presenting.")
        return state, notices


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
