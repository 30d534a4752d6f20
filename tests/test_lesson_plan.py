"""A lesson the teacher composes (issue 21 part 4): geo.state.lesson_plan and the lesson view."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.errors import DataError
from geo.files import worldviews
from geo.files.lesson import MAX_NOTE
from geo.files.questions import load_questions
from geo.files.scenarios import load_scenarios
from geo.model import compare
from geo.state import lesson_plan
from geo.state.lesson_plan import LessonPlan, PlanStep
from geo.state.urlstate import ViewState
from tests.conftest import DATA, ROOT, bundled_atlas
from tests.maps import map_data

ATLAS = bundled_atlas()
SCENARIOS = load_scenarios(DATA / "scenarios.toml", set(ATLAS.sources.index))
WORLDVIEWS = worldviews.load_for(ATLAS)
CHOICES = [c for c in compare.snapshot_choices(ATLAS, SCENARIOS, WORLDVIEWS) if c != compare.CUSTOM]


def test_the_shipped_lesson_mixes_years_a_pair_of_countries_maps_and_a_scenario():
    plan = lesson_plan.default_plan(CHOICES, DATA / "lesson.toml")
    assert [s.show for s in plan.steps] == ["1855", "1875", "1945", "russia_official", "decl_1956"]
    assert plan.steps[3].beside == "japan_official" and plan.steps[4].beside == "status_quo"
    assert [s.ask for s in plan.steps] == [False] * 4 + [True]  # ends on a question
    assert plan.title == ""  # named in the class's language by the view (plan.shipped_title)


def test_a_lesson_goes_through_its_link_and_its_file_unchanged():
    plan = LessonPlan(
        (
            PlanStep("1956", note="Read Article 9 aloud"),
            PlanStep("russia_official", beside="japan_official", note="Colours? 色? Цвета?"),
            PlanStep("1956", note="Again, after the maps", ask=True),
        ),
        title="Two maps",
    )
    view = ViewState(view="lesson", plan=plan, plan_step=2, present=True)
    read, notices = ViewState.from_params(view.to_params(ATLAS), ATLAS, SCENARIOS, WORLDVIEWS)
    assert notices == [] and read == view
    # a snapshot twice: each step has its own id on the presentation's step bar
    assert plan.tokens() == ("1:1956", "2:russia_official", "3:1956")
    assert view.to_params(ATLAS)["lesson"] == "1956,japan_official~russia_official,1956?"
    again = lesson_plan.plan_from_bytes(
        lesson_plan.plan_toml(plan).encode(), CHOICES, "lesson.toml"
    )
    assert again == plan


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"lesson": "1855,atlantis,1956"}, "'atlantis' not a year, scenario or country's map"),
        ({"lesson": ",".join(["1855"] * 30)}, "30 steps, at most 24"),
        ({"lesson": "1855", "step": "9"}, "step='9' is not a step 1-1"),
        ({"lesson": "x" * 3000}, "lesson: value too long (3000 characters, at most 2048)"),
    ],
)
def test_an_odd_lesson_link_is_named_and_the_rest_kept(params, expected):
    state, notices = ViewState.from_params(
        {"view": "lesson", **params}, ATLAS, SCENARIOS, WORLDVIEWS
    )
    assert any(expected in n for n in notices), notices
    if state.plan is not None:
        assert all(s.show in CHOICES for s in state.plan.steps)


def test_a_note_is_one_line_of_plain_text():
    note = lesson_plan.clean_note("line one\nline\ttwo\x07 <script>" + "x" * 300)
    assert "\n" not in note and "\x07" not in note and len(note) == MAX_NOTE
    assert note.startswith("line one line two <script>")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b'title = "x"\n[[step]]\nshow = "atlantis"\n',
            "field 'show': unknown snapshot 'atlantis'; expected a year",
        ),
        (b'[[step]]\nshow = "1855"\nnote = "' + b"n" * 200 + b'"\n', "field 'note'"),
        (b'[[step]]\nshow = "1855"\ncolour = "red"\n', "unknown key(s) ['colour']"),
        (b"\xff\xfe[", "is not UTF-8 text"),
        (b"not toml at all [[[", "is not a lesson file"),
        (b"a = " + b"[" * 100 + b"]" * 100, "nests tables deeper than 32 levels"),
        (b"x" * 20000, "a lesson file is at most 16,384"),
        (b'title = "empty"\n', "at least one [[step]] table"),
    ],
)
def test_a_broken_lesson_file_is_named(content, expected):
    with pytest.raises(DataError) as caught:
        lesson_plan.plan_from_bytes(content, CHOICES, "my lesson.toml")
    message = str(caught.value)
    assert "lesson file 'my lesson.toml'" in message and expected in message, message


def open_lesson(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params.update(view="lesson", **params)
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_lesson_view_opens_on_the_shipped_lesson_and_presents_it():
    at = open_lesson()
    assert at.query_params["lesson"] == (
        "1855,1875,1945,japan_official~russia_official,status_quo~decl_1956?"
    )
    at.button(key="plan_present").click().run()
    data = map_data(at)["present_lesson_map"]
    assert data["steps"] == [
        "1:1855",
        "2:1875",
        "3:1945",
        "4:russia_official",
        "5:decl_1956",
    ]
    assert data["aliases"]["4:russia_official"] == "russia_official"
    # the pair steps outline what differs from the map each is set beside
    assert "kunashiri" in data["changed_by_step"]["4:russia_official"]
    assert data["changed_by_step"]["1:1855"] == []
    assert "shikotan" in data["changed_by_step"]["5:decl_1956"]


def test_a_lessons_step_shows_the_teachers_note_as_text():
    at = open_lesson(
        lesson="1956,japan_official~russia_official",
        notes="First <b>bold</b> :red[x]\nSecond",
        present="1",
        step="2",
    )
    text = " ".join(m.value for m in at.markdown)
    assert "Step 2 of 2" in text
    assert "Second" in text and "Your note" in text
    assert "<b>" not in text.replace("\\<b\\>", "")  # escaped, never markup
    data = map_data(at)["present_lesson_map"]
    assert data["step"] == "2:russia_official"


def test_the_tables_edits_become_the_lessons_steps():
    plan = LessonPlan((PlanStep("1855"), PlanStep("1875"), PlanStep("1905")))
    by_label = {"1855: Shimoda": "1855", "Japan's map": "japan_official", "Today": "2026"}
    edited = lesson_plan.apply_edits(
        plan,
        {
            "edited_rows": {0: {"note": "Where is\nUruppu?"}, 2: {"show": "Today"}},
            "deleted_rows": [1],
            "added_rows": [
                {"show": "Japan's map", "beside": "Today"},
                {"show": None, "note": "a row without a map"},
                {"show": "Today", "beside": "Today"},
            ],
        },
        by_label,
    )
    assert edited.steps == (
        PlanStep("1855", note="Where is Uruppu?"),
        PlanStep("2026"),
        PlanStep("japan_official", beside="2026"),
        PlanStep("2026"),
    )


def test_a_lesson_step_that_asks_opens_with_its_question():
    from geo.text import questions

    at = open_lesson(lesson="1951?,1956", present="1")
    snapshot = compare.resolve_snapshot("1951", ATLAS, SCENARIOS)
    asked = load_questions(ATLAS, SCENARIOS, tuple(WORLDVIEWS))["1951"].questions
    first = questions.question_text(asked[0], snapshot, ATLAS, lang="en")
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert first in text
    at.button(key="present_question").click().run()  # Q: the answer
    assert "changed_by_step" in map_data(at)["present_lesson_map"]
