"""The atlas's data as the app holds it: every validated file, loaded once per server process.

Here rather than in app.py, which Streamlit executes again on every rerun: a decorator or a
class defined there is made anew each time (``st.cache_resource`` then reads the function's
source to key it), which cost a tenth of a rerun.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st

import geo
from geo.files import worldviews
from geo.files.atlas import OfficialArea
from geo.files.official_areas import load_official_areas
from geo.files.questions import load_questions
from geo.files.residents_1945 import Residents1945, load_residents_1945
from geo.files.residents_census import CensusFigure, load_residents_census
from geo.files.scenarios import Scenario, load_scenarios
from geo.files.style import Style, load_style
from geo.maps import mapview
from geo.maps.assets import publish_static_assets
from geo.model import compare, people
from geo.state import lesson_plan
from geo.text.people_lines import PeopleLine, people_lines


@dataclass(frozen=True)
class AtlasData:
    """Every validated data file the page needs, loaded once per server process."""

    atlas: geo.Atlas
    style: Style
    scenarios: dict[str, Scenario]
    residents: Residents1945 | None
    official: dict[str, OfficialArea]
    # The map's module, stylesheet and configuration per names mode (geo.maps.mapview).
    map_urls: dict[str, str]
    # Why the compare view cannot be shown (a broken scenarios.toml, residents_1945.csv or
    # official_areas.csv): the timeline does not need those files and still works.
    compare_problems: tuple[geo.DataError, ...] = ()
    # Who lived on the four groups after 1945 (timeline/residents_census.csv), or why not.
    census: tuple[CensusFigure, ...] = ()
    census_problem: geo.DataError | None = None
    # A question for every step (data/questions.toml), or why there are none.
    questions: dict = field(default_factory=dict)
    questions_problem: geo.DataError | None = None
    # The lesson the atlas ships (data/lesson.toml): the lesson view's first lesson.
    default_plan: lesson_plan.LessonPlan | None = None
    # How each side's own maps draw the area today (data/worldviews.toml), by id.
    worldviews: dict[str, worldviews.Worldview] = field(default_factory=dict)
    # Texts made from the data for one snapshot and names mode (tables, change lists): made
    # once per process, then reused by every session and rerun (immutable strings).
    memo: dict = field(default_factory=dict, compare=False)

    @property
    def step_choices(self) -> list[str]:
        """Every snapshot id a composed lesson may show (all but the custom division)."""
        return [
            c
            for c in compare.snapshot_choices(self.atlas, self.scenarios, self.worldviews)
            if c != compare.CUSTOM
        ]

    def people_lines(self, year: int, names_mode: str) -> tuple[PeopleLine, ...] | None:
        """Who lived on the four groups at configuration ``year`` (geo.model.people), as lines with
        their sources, made once per process and names mode; None when the census file or the
        1945 residents could not be read."""
        if self.census_problem is not None or self.residents is None:
            return None
        years = geo.configurations(self.atlas)
        return self.text(
            ("people", year, names_mode),
            lambda: people_lines(
                people.people_at(year, self.census, self.residents, years),
                names_mode,
                geo.names_of(self.atlas, "group"),
            ),
        )

    def text(self, key: tuple, make) -> Any:
        if key not in self.memo:
            if len(self.memo) > 512:  # a few hundred texts at most; never grow without bound
                self.memo.clear()
            self.memo[key] = make()
        return self.memo[key]


@st.cache_resource(show_spinner=False)
def load() -> AtlasData:
    """Load and validate the data once per server process; publish the browser's files.

    A broken file raises its ``geo.DataError`` (every problem of the file listed), shown by
    the page's last lines, except the three files only the compare view reads (scenarios,
    1945 residents, official areas): their errors are kept in ``compare_problems`` and the
    timeline still works. The message catalogue (messages.toml) names every control of every
    view, so a broken catalogue stops the whole page with its named message (no fallback: a
    page of message keys would teach nothing).
    """
    atlas = geo.load_atlas()
    style = load_style(atlas.data_dir / "style.toml")
    mapview.attribution_text(atlas)  # the manifest: the map may not be shown without it
    publish_static_assets(atlas.data_dir)
    source_ids = set(atlas.sources.index)
    features = dict(zip(atlas.areas["id"], atlas.areas["group"]))
    timeline = atlas.data_dir / "timeline"
    loaded, problems = {}, []
    for name, read in (
        (
            "scenarios",
            lambda: load_scenarios(atlas.data_dir / "scenarios.toml", source_ids),
        ),
        (
            "residents",
            lambda: load_residents_1945(
                timeline / "residents_1945.csv", source_ids, features=features
            ),
        ),
        ("official", lambda: load_official_areas(timeline / "official_areas.csv", source_ids)),
        ("worldviews", lambda: worldviews.load_for(atlas)),
    ):
        try:
            loaded[name] = read()
        except geo.DataError as exc:
            problems.append(exc)
    # The census figures only fill the "People" tab: a broken file is named there.
    census: dict = {}
    try:
        census["census"] = load_residents_census(timeline / "residents_census.csv", source_ids)
    except geo.DataError as exc:
        census["census_problem"] = exc
    if problems:
        urls = mapview.publish_map_files(atlas)
        return AtlasData(
            atlas, style, {}, None, {}, urls, compare_problems=tuple(problems), **census
        )
    try:  # the questions fill the worksheet and the presentation's question keys only
        loaded["questions"] = load_questions(
            atlas, loaded["scenarios"], tuple(loaded["worldviews"])
        )
    except geo.DataError as exc:
        census["questions_problem"] = exc
    choices = compare.snapshot_choices(atlas, loaded["scenarios"], loaded["worldviews"])
    try:
        plan = lesson_plan.default_plan([c for c in choices if c != compare.CUSTOM])
    except geo.DataError as exc:  # the lesson view names it; every other view works
        urls = mapview.publish_map_files(atlas)
        return AtlasData(atlas, style, {}, None, {}, urls, compare_problems=(exc,), **census)
    # Every scenario's and worldview's payload is in the map's configuration: a step or a
    # change of side shows it at once, and a rerun only names it.
    shown = tuple(
        compare.resolve_snapshot(i, atlas, loaded["scenarios"], worldviews=loaded["worldviews"])
        for i in [*loaded["scenarios"], *loaded["worldviews"]]
    )
    urls = mapview.publish_map_files(atlas, shown)
    return AtlasData(atlas=atlas, style=style, map_urls=urls, default_plan=plan, **loaded, **census)
