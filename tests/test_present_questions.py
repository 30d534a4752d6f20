"""A question for every step, in presentation mode (issue 21 part 2): Q asks the step's
question, Q again shows the answer and marks where it is on the map, Q again hides it; a new
step starts unasked."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from atlas_ui.atlas_data import load
from geo.i18n import t
from geo.model import compare
from geo.text import questions
from tests.conftest import ROOT
from tests.maps import map_data, step_map

DATA = load()


def present(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params.update(present="1", **params)
    at.run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown).replace("\\", "")


def expected(step_id: str, lang: str, names: str):
    snapshot = compare.resolve_snapshot(
        step_id, DATA.atlas, DATA.scenarios, worldviews=DATA.worldviews
    )
    asked = DATA.questions[step_id].questions
    kwargs = {"lang": lang, "names_mode": names, "style": DATA.style}
    return (
        [questions.question_text(q, snapshot, DATA.atlas, **kwargs) for q in asked],
        [questions.answer(q, snapshot, DATA.atlas, **kwargs) for q in asked],
    )


@pytest.mark.parametrize(("lang", "names"), [("en", "local"), ("ja", "ja"), ("ru", "ru")])
def test_q_asks_then_answers_and_marks_the_map_then_hides(lang, names):
    at = present(year="1951", **({"names": names} if names != "local" else {}))
    asked, answers = expected("1951", lang, names)
    assert asked[0] not in texts(at)
    button = at.button(key="present_question")
    assert button.label == t("questions.ask", lang)
    button.click().run()
    assert all(q in texts(at) for q in asked) and answers[0].text not in texts(at)
    assert "changed_by_step" not in map_data(at)["present_timeline_map"]
    at.button(key="present_question").click().run()
    assert all(a.text in texts(at) for a in answers)
    data = map_data(at)["present_timeline_map"]
    marked = sorted({g for a in answers for g in a.groups})
    assert marked and data["changed_by_step"]["1951"] == marked
    assert data["marked_label"] == t("questions.marked", lang)
    at.button(key="present_question").click().run()
    assert asked[0] not in texts(at)
    assert at.button(key="present_question").label == t("questions.ask", lang)


def test_a_new_step_starts_with_its_question_unasked():
    at = present(year="1951")
    at.button(key="present_question").click().run()
    step_map(at, "present_timeline_map", "1956")
    asked, _ = expected("1956", "en", "local")
    assert asked[0] not in texts(at)
    at.button(key="present_question").click().run()
    assert asked[0] in texts(at)


def test_a_countries_map_asks_how_it_draws_an_island():
    at = present(view="compare", left="japan_official", right="russia_official")
    at.button(key="present_question").click().run()
    at.button(key="present_question").click().run()
    _, answers = expected("russia_official", "en", "local")
    assert all(a.text in texts(at) for a in answers)
    data = map_data(at)["present_compare_map"]
    assert data["changed_by_step"]["russia_official"] == sorted(
        {g for a in answers for g in a.groups}
    )
