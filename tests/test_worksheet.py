"""The printable worksheet (geo/exports/worksheet.py): an A4 portrait PDF with the questions, the
prompts and an answer key on its own page(s), read back with pypdf."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from geo.errors import UnknownIdError
from geo.exports import worksheet, worksheet_layout
from geo.i18n import t
from geo.model import compare
from geo.text import questions
from tests.conftest import worldview_snapshot
from tests.pdfs import assert_glyphs_for, embedded_fonts

# Renders printed pages with matplotlib: the "print" part of the tests (scripts/test.sh).
pytestmark = pytest.mark.print

A4_PORTRAIT_PT = (595.28, 841.89)
STEPS = ("1951", "decl_1956", "japan_official")


@pytest.fixture(scope="module")
def snapshots(atlas, scenarios):
    """The steps' snapshots (the worldview built by hand from worldviews.toml)."""
    found = {s: compare.resolve_snapshot(s, atlas, scenarios) for s in STEPS[:2]}
    found["japan_official"] = worldview_snapshot("japan_official", atlas)
    return found


@pytest.fixture(scope="module")
def pdfs(atlas, scenarios, snapshots):
    """The worksheet of STEPS in each language (names in the language's own mode; English
    with both local names' English form)."""
    modes = {"en": "local", "ja": "ja", "ru": "ru"}
    return {
        lang: worksheet.build_worksheet(STEPS, atlas, scenarios, lang, mode, snapshots=snapshots)
        for lang, mode in modes.items()
    }


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text with all whitespace removed (lines break anywhere, and pypdf puts
    spaces between Japanese glyphs)."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a4_portrait_pages_numbered_with_the_key_on_its_own_page(pdfs):
    for lang, pdf in pdfs.items():
        assert pdf.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(pdf))
        total = len(reader.pages)
        assert total >= 2, lang
        for page in reader.pages:
            assert float(page.mediabox.width) == pytest.approx(A4_PORTRAIT_PT[0], abs=2)
            assert float(page.mediabox.height) == pytest.approx(A4_PORTRAIT_PT[1], abs=2)
        texts = pages_text(pdf)
        for number, text in enumerate(texts, start=1):
            assert flat(t("questions.page", lang, n=number, total=total)) in text, (lang, number)
        key = flat(t("questions.answer_key", lang))
        key_pages = [i for i, text in enumerate(texts) if text.startswith(key)]
        assert key_pages and key_pages[0] > 0, lang
        assert flat(t("questions.title", lang)) in texts[0]
        # nothing of the worksheet on the key's first page, and the key after it
        assert flat(t("questions.discuss", lang)) not in "".join(texts[key_pages[0] :])


def test_questions_prompts_and_answers_are_in_the_text(atlas, scenarios, steps, snapshots, pdfs):
    modes = {"en": "local", "ja": "ja", "ru": "ru"}
    for lang, pdf in pdfs.items():
        texts = pages_text(pdf)
        key = flat(t("questions.answer_key", lang))
        start = next(i for i, text in enumerate(texts) if text.startswith(key))
        sheet, answers = "".join(texts[:start]), "".join(texts[start:])
        number = 0
        for step_id in STEPS:
            snapshot = snapshots[step_id]
            for question in steps[step_id].questions:
                number += 1
                kwargs = {"lang": lang, "names_mode": modes[lang]}
                asked = questions.question_text(question, snapshot, atlas, **kwargs)
                answered = questions.answer(question, snapshot, atlas, **kwargs).text
                assert flat(f"{number}.{asked}") in sheet, (lang, asked)
                assert flat(f"{number}.{answered}") in answers, (lang, answered)
                assert flat(answered) not in sheet, "the answers are only in the key"
            assert flat(steps[step_id].prompt.text(lang)) in sheet, (lang, step_id)
    english = "".join(pages_text(pdfs["en"]))
    assert flat("Who administered Shikotan in 1951?") in english
    assert flat("Shikotan: administered by the USSR") in english
    assert flat("1956 Joint Declaration carried out (Article 9)") in english  # a step heading
    assert flat("Treaty of Peace with Japan. Signed at San Francisco") in english  # a source


def test_japanese_and_russian_print_with_embedded_fonts(pdfs):
    japanese = embedded_fonts(PdfReader(io.BytesIO(pdfs["ja"])))
    assert any("IPAexGothic" in name for name in japanese), list(japanese)
    assert_glyphs_for(("色丹島", "歯舞群島", "ソ連", "施政", "話し合ってみよう"), japanese)
    russian = embedded_fonts(PdfReader(io.BytesIO(pdfs["ru"])))
    assert any("DejaVu" in name for name in russian), list(russian)
    assert_glyphs_for(("остров Шикотан", "СССР", "Обсудите", "Ответы"), russian)
    ja_text = "".join(pages_text(pdfs["ja"]))
    ru_text = "".join(pages_text(pdfs["ru"]))
    assert (
        flat("日本の検定済み地図帳の描き方(現在)") in ja_text
    )  # the worldview's label in Japanese
    assert flat("1951年に色丹島を施政していたのはどの国ですか。") in ja_text
    assert flat("色丹島:ソ連が施政") in ja_text
    assert flat("Остров Шикотан — под управлением: СССР") in ru_text


def test_long_text_wraps_over_several_pages_and_nothing_is_cut(atlas, scenarios, steps, snapshots):
    words = " ".join(f"word{i}" for i in range(1500))
    long = (
        "Ёжик 択捉島 " + words + " Averyveryveryveryveryverylongwordthatcannotfitonanylineatall" * 8
    )
    step = steps["1951"]
    prompt = replace(step.prompt, texts=(("en", long), ("ja", long), ("ru", long)))
    bigger = {**steps, "1951": replace(step, prompt=prompt)}
    pdf = worksheet.build_worksheet(
        ["1951"], atlas, scenarios, "en", "en", questions=bigger, snapshots=snapshots
    )
    texts = pages_text(pdf)
    assert len(texts) >= 4
    footers = [
        flat(t("questions.page", "en", n=n, total=len(texts))) for n in range(1, len(texts) + 1)
    ]
    body = "".join(text.replace(footer, "") for text, footer in zip(texts, footers))
    continued = flat(t("questions.continued", "en", label="1951: San Francisco Peace Treaty"))
    assert body.count(continued) >= 2, "the step's heading is repeated where it goes on"
    assert flat(long) in body.replace(continued, "")  # every word, in order, none cut off


def test_wrap_keeps_every_line_within_its_width():
    text = (
        "Article 9 says that the USSR 'agrees to transfer to Japan the Habomai Islands and the "
        "island of Shikoton'. 第9条は、ソ連が「歯舞群島及び色丹島を日本国に引き渡すことに同意する」"
        "とし、実際の引き渡しは平和条約の締結後に行われるとしている。"
    )
    for size, width in ((9.0, 3.0), (11.5, 6.77), (7.5, 1.2)):
        lines = worksheet_layout.wrap(text, size, width)
        assert len(lines) > 1
        assert all(worksheet_layout.text_width(line, size) <= width for line in lines), lines
        assert flat("".join(lines)) == flat(text)
        assert not any(line[:1] in "、。」)" for line in lines), lines  # kinsoku
    no_break = worksheet_layout.wrap("5\u00a0005,6 км²", 9.0, 0.5)
    assert no_break[0].startswith("5\u00a0005,6")  # never broken at a no-break space


def test_the_same_input_gives_the_same_bytes(atlas, scenarios, snapshots, pdfs):
    again = worksheet.build_worksheet(STEPS, atlas, scenarios, "en", "local", snapshots=snapshots)
    assert again == pdfs["en"]


def test_unknown_steps_languages_and_modes_are_refused(atlas, scenarios):
    with pytest.raises(UnknownIdError, match="1952"):
        worksheet.build_worksheet(["1952"], atlas, scenarios, "en", "en")
    with pytest.raises(ValueError, match="language"):
        worksheet.build_worksheet(["1951"], atlas, scenarios, "fr", "en")
    with pytest.raises(ValueError, match="names mode"):
        worksheet.build_worksheet(["1951"], atlas, scenarios, "en", "fr")
    with pytest.raises(ValueError, match="at least one step"):
        worksheet.build_worksheet([], atlas, scenarios, "en", "en")
