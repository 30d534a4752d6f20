"""What a class takes away from each view (issue 21 parts 2 and 3): the handout, "print this
view" and the worksheet with its answer key, offered in the timeline, compare and lesson views
and made from what the view shows."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from atlas_ui import take_away
from atlas_ui.atlas_data import load
from geo.exports import view_page, worksheet
from geo.i18n import t
from geo.model.compare import CompareState
from geo.state.lesson_plan import LessonPlan, PlanStep
from geo.state.urlstate import ViewState
from tests.conftest import ROOT

# Renders printed pages with matplotlib: the "print" part of the tests (scripts/test.sh).
pytestmark = pytest.mark.print

DATA = load()


def open_take_away(**params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params.update(**params)
    at.run()
    at.session_state["take_away"] = True  # the lazy expander, opened
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    ("params", "lang", "view_page"),
    [
        ({}, "en", True),
        ({"view": "compare", "left": "japan_official", "right": "russia_official"}, "ja", True),
        ({"view": "lesson", "names": "ru"}, "ru", False),
    ],
)
def test_every_view_offers_the_handout_its_page_and_its_worksheet(params, lang, view_page):
    at = open_take_away(**{**params, **({"names": lang} if lang != "en" else {})})
    labels = [b.proto.label for b in at.get("download_button")]
    assert t("app.handout_pdf", lang) in labels
    assert t("app.worksheet", lang) in labels
    assert (t("app.print_view", lang) in labels) == view_page


def test_a_views_worksheet_asks_about_what_it_shows():
    assert take_away.worksheet_steps(DATA, ViewState()) == [
        str(y) for y in DATA.atlas.configurations
    ]
    pair = ViewState(view="compare", compare=CompareState("japan_official", "custom"))
    assert take_away.worksheet_steps(DATA, pair) == ["japan_official"]  # custom: no questions
    plan = LessonPlan(
        (PlanStep("1956"), PlanStep("russia_official", "japan_official"), PlanStep("1956"))
    )
    assert take_away.worksheet_steps(DATA, ViewState(view="lesson", plan=plan)) == [
        "1956",
        "russia_official",
    ]


def test_the_worksheet_of_two_countries_maps_asks_how_each_draws_the_islands():
    view = ViewState(view="compare")
    steps = ["japan_official", "russia_official"]
    pdf = worksheet.build_worksheet(
        steps,
        DATA.atlas,
        DATA.scenarios,
        "en",
        "local",
        questions=DATA.questions,
        snapshots={i: take_away.resolve(DATA, view, i) for i in steps},
        style=DATA.style,
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "As Japan's authorized school atlases draw it today" in text
    assert t("questions.answer_key", "en") in text


def test_print_this_view_of_japans_map_beside_russias():
    view = ViewState(view="compare")
    pair = [take_away.resolve(DATA, view, i) for i in ("japan_official", "russia_official")]
    pdf = view_page.build_view_page(pair, DATA.atlas, DATA.style, "ja", "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    text = "".join(text.split())
    assert "日本の検定済み地図帳の描き方(現在)" in text
    assert "帰属未定" in text  # the legend's white, in Japanese


def test_print_this_view_of_1945_lists_who_lived_on_the_four():
    snapshot = take_away.resolve(DATA, ViewState(), "1945")
    lines = take_away.people_of(DATA, [snapshot])["1945"]
    assert any("17,291" in line for line in lines)
    pdf = view_page.build_view_page(
        [snapshot], DATA.atlas, DATA.style, "local", "pdf", people={"1945": lines}
    )
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert "17,291 Japanese residents on 15 August 1945" in text
