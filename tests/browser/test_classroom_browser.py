"""The classroom pieces of issue 21 in a real browser: a presented question on the Q key (its
answer marked on the map), and a composed lesson stepped with the keys, a map twice included.

Expected texts come from Python (geo.text.questions, the catalogue), never typed in here.
"""

from __future__ import annotations

import pytest
from browser_helpers import ARTIFACTS, MAP_READY_TIMEOUT_MS
from playwright.sync_api import Page, expect

from atlas_ui.atlas_data import load
from geo.i18n import t
from geo.model import compare
from geo.text import questions

pytestmark = pytest.mark.browser

DATA = load()


def shown_step(page: Page) -> str:
    return page.evaluate("() => document.querySelector('.atlas-root').atlas.current || ''")


def wait_step(page: Page, step: str) -> None:
    page.wait_for_function(
        """(step) => { const r = document.querySelector('.atlas-root');
             return r && r.atlas && r.atlas.loaded && r.atlas.current === step; }""",
        arg=step,
        timeout=MAP_READY_TIMEOUT_MS,
    )


def test_q_asks_the_steps_question_then_marks_the_answer_on_the_map(page: Page, app_url):
    page.set_viewport_size({"width": 1024, "height": 768})
    page.goto(app_url + "/?year=1951&present=1", wait_until="domcontentloaded")
    wait_step(page, "1951")
    snapshot = compare.resolve_snapshot("1951", DATA.atlas, DATA.scenarios)
    asked = DATA.questions["1951"].questions
    first = questions.question_text(asked[0], snapshot, DATA.atlas, lang="en", style=DATA.style)
    answer = questions.answer(asked[0], snapshot, DATA.atlas, lang="en", style=DATA.style)
    # the teacher clicked the map (its keys are its own), then presses Q
    page.locator(".atlas-root .atlas-map").first.click(position={"x": 5, "y": 200})
    page.keyboard.press("q")
    expect(page.get_by_text(first)).to_be_visible()
    expect(page.get_by_text(answer.text)).to_have_count(0)
    page.keyboard.press("q")
    expect(page.get_by_text(answer.text)).to_be_visible()
    marked = t("questions.marked", "en")
    page.wait_for_function(
        """(label) => { const a = document.querySelector('.atlas-root').atlas;
             return a.data.marked_label === label && Object.values(a.claims || {}).length >= 0
               && Array.from(document.querySelectorAll('.atlas-legend *'))
                    .some((el) => el.textContent === label); }""",
        arg=marked,
        timeout=MAP_READY_TIMEOUT_MS,
    )
    page.screenshot(path=str(ARTIFACTS / "question-answer-1024.png"))
    # the next step starts unasked
    page.keyboard.press("ArrowRight")
    wait_step(page, "1956")
    expect(page.get_by_text(first)).to_have_count(0)


def test_a_composed_lesson_steps_through_its_own_order_with_a_map_twice(page: Page, app_url):
    page.goto(
        app_url
        + "/?view=lesson&present=1&lesson=1956,japan_official~russia_official,1956"
        + "&notes=Start%20here%0A%0ABack%20to%201956",
        wait_until="domcontentloaded",
    )
    wait_step(page, "1:1956")
    expect(page.get_by_text("Start here")).to_be_visible()
    page.locator(".atlas-root .atlas-map").first.click(position={"x": 5, "y": 200})
    marker = page.evaluate(
        "() => { const a = document.querySelector('.atlas-root').atlas;"
        " a.map._testMarker = 1; return 1; }"
    )
    page.keyboard.press("ArrowRight")
    wait_step(page, "2:russia_official")
    # a pair: the differences from Japan's map are outlined
    page.wait_for_function(
        """() => { const a = document.querySelector('.atlas-root').atlas;
             return a.map.getContainer().getAttribute('data-atlas-snapshot')
               === 'russia_official'; }"""
    )
    page.keyboard.press("ArrowRight")
    wait_step(page, "3:1956")
    expect(page.get_by_text("Back to 1956")).to_be_visible()
    assert (
        page.evaluate("() => document.querySelector('.atlas-root').atlas.map._testMarker") == marker
    ), "a step reloaded the map"
    expect(page).to_have_url(
        f"{page.url.split('?')[0]}?view=lesson&present=1"
        "&lesson=1956%2Cjapan_official~russia_official%2C1956"
        "&notes=Start+here%0A%0ABack+to+1956&step=3",
        timeout=MAP_READY_TIMEOUT_MS,
    )
    page.screenshot(path=str(ARTIFACTS / "lesson-step3-1400.png"))


def test_a_downloaded_lesson_opens_again_and_a_broken_one_is_named(page: Page, app_url, tmp_path):
    page.goto(app_url + "/?view=lesson", wait_until="domcontentloaded")
    uploader = page.locator(".st-key-plan_upload input[type='file']")
    uploader.wait_for(state="attached", timeout=MAP_READY_TIMEOUT_MS)
    lesson = tmp_path / "my-lesson.toml"
    lesson.write_text(
        'title = "Treaties"\n[[step]]\nshow = "1875"\nnote = "<img src=x onerror=alert(1)>"\n'
        '[[step]]\nshow = "japan_official"\nbeside = "russia_official"\nask = true\n',
        encoding="utf-8",
    )
    uploader.set_input_files(str(lesson))
    expect(page).to_have_url(
        f"{page.url.split('?')[0]}?view=lesson&lesson=1875%2Crussia_official~japan_official%3F"
        "&title=Treaties&notes=%3Cimg+src%3Dx+onerror%3Dalert%281%29%3E%0A",
        timeout=MAP_READY_TIMEOUT_MS,
    )
    # the note is shown as text, never as markup
    expect(page.get_by_text("<img src=x onerror=alert(1)>")).to_be_visible()
    assert page.locator("img[src='x']").count() == 0
    broken = tmp_path / "broken.toml"
    broken.write_text('[[step]]\nshow = "atlantis"\n', encoding="utf-8")
    uploader.set_input_files(str(broken))
    expect(page.get_by_text("field 'show'", exact=False)).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "lesson-open-file.png"), full_page=True)
