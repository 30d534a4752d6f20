"""Presentation mode's steps and speaker notes (geo/state/present.py), tested against its
docstrings."""

from __future__ import annotations

import random
import re

import pytest

import geo
from geo.files import worldviews
from geo.files.codes import DISPUTED_GROUPS
from geo.files.scenarios import load_scenarios
from geo.files.style import load_style
from geo.i18n import NAME_MODES, place_name, ui_language
from geo.model import compare
from geo.model.timeline import configuration_info, historical_snapshot, names_of
from geo.state import present as lesson
from geo.text import history_text
from tests.conftest import DATA, bundled_atlas

ATLAS = bundled_atlas()
SOURCE_IDS = set(ATLAS.sources.index)
SCENARIOS = load_scenarios(DATA / "scenarios.toml", SOURCE_IDS)
WORLDVIEWS = worldviews.load_for(ATLAS)
STYLE = load_style()
YEARS = geo.configurations(ATLAS)
GROUP_NAMES = names_of(ATLAS, "group")
CUSTOM = "h=JOINT,s=JP,k=RU,e=0.25,yuri=RU"


def resolve(sid: str):
    return compare.resolve_snapshot(sid, ATLAS, SCENARIOS, CUSTOM, WORLDVIEWS)


# --------------------------------------------------------------------------- steps


def test_a_timeline_lesson_steps_through_the_seven_years():
    steps = lesson.lesson_steps("timeline", ATLAS, SCENARIOS)
    assert steps == [str(y) for y in YEARS]
    assert steps == ["1855", "1875", "1905", "1945", "1951", "1956", "2026"]
    assert all(resolve(s).year == int(s) for s in steps)


def test_a_compare_lesson_steps_through_the_scenarios_the_countries_maps_then_custom():
    steps = lesson.lesson_steps("compare", ATLAS, SCENARIOS, WORLDVIEWS)
    assert steps == [*SCENARIOS, *WORLDVIEWS, "custom"]
    assert steps[-1] == compare.CUSTOM and len(steps) == len(SCENARIOS) + len(WORLDVIEWS) + 1
    kinds = ["scenario"] * len(SCENARIOS) + ["worldview"] * len(WORLDVIEWS) + ["scenario"]
    assert [resolve(s).kind for s in steps] == kinds


# --------------------------------------------------------------------------- key words


def boundary_ok(text: str, cut: str) -> bool:
    """``cut`` ends at a sentence end (. ; :) or right before a space of ``text``."""
    return cut[-1] in ".;:" or text[len(cut)] == " "


def check_key_words(quote: str, limit: int) -> str:
    text = " ".join(quote.split())
    result = lesson.key_words(quote, limit)
    if len(text) <= limit:
        assert result == text
        return result
    assert result.endswith(" …")
    cut = result[: -len(" …")]
    assert len(result) <= limit + len(" …")
    assert len(cut) <= limit
    assert cut and text.startswith(cut), (cut, text)
    assert boundary_ok(text, cut), cut
    return result


def test_key_words_of_every_quote_fit_and_cut_at_a_boundary():
    quotes = [configuration_info(y, ATLAS).quote for y in YEARS]
    assert any(len(q) > lesson.KEY_WORDS_CHARS for q in quotes)
    for quote in quotes:
        if quote:
            check_key_words(quote, lesson.KEY_WORDS_CHARS)


def test_key_words_prefer_whole_sentences():
    quote = "First sentence here. Second one; third part: " + "word " * 60
    assert lesson.key_words(quote, 50) == "First sentence here. Second one; third part: …"
    assert lesson.key_words(quote, 25) == "First sentence here. …"


def test_key_words_fall_back_to_a_word_boundary():
    quote = "a rather long opening sentence without any stop " * 10
    result = check_key_words(quote, 40)
    assert result == "a rather long opening sentence without …"


def test_key_words_keep_a_short_quote_whole_and_tidy_its_spaces():
    assert lesson.key_words("  Short\n quote.  ") == "Short quote."
    exact = "x" * lesson.KEY_WORDS_CHARS
    assert lesson.key_words(exact) == exact


@pytest.mark.parametrize("seed", range(40))
def test_key_words_never_exceed_the_limit_on_random_text(seed):
    rng = random.Random(seed)
    words = ["a", "Japan", "islands", "Habomai.", "Article 9;", "note:", "—", "x" * 12]
    quote = " ".join(rng.choice(words) for _ in range(rng.randint(1, 120)))
    check_key_words(quote, rng.choice([20, 40, 110, lesson.KEY_WORDS_CHARS]))


def test_key_words_cut_japanese_text_at_a_sentence_end():
    quote = "日本国は、千島列島に対するすべての権利を放棄する。" * 10
    result = lesson.key_words(quote, 60)
    assert result.rstrip(" …").endswith("。")


# --------------------------------------------------------------------------- historical notes


def notes_of(year: int, names_mode: str = "en"):
    index = YEARS.index(year)
    previous = historical_snapshot(YEARS[index - 1], ATLAS) if index else None
    return lesson.historical_notes(
        historical_snapshot(year, ATLAS),
        previous,
        configuration_info(year, ATLAS),
        STYLE,
        ATLAS,
        names_mode,
    )


@pytest.mark.parametrize("names_mode", NAME_MODES)
def test_notes_for_1956_name_article_9_and_what_changed_since_1951(names_mode):
    notes = notes_of(1956, names_mode)
    info = configuration_info(1956, ATLAS)
    lang = ui_language(names_mode)
    assert notes.title == history_text.translate(info.label, lang)
    assert notes.subtitle == history_text.date_text(info.date, lang)
    instrument = notes.rows[0][1]
    assert history_text.translate("Article 9", lang) in instrument
    labels = [label for label, _ in notes.rows]
    assert len(labels) == 3 and "1951" in labels[2]
    changed = notes.rows[2][1].splitlines()
    # Habomai and Shikotan: transfer promised; Kunashiri and Etorofu unchanged
    assert len(changed) == 2
    assert "Japan" in changed[0] or "日本" in changed[0] or "Япония" in changed[0]
    text = notes.rows[2][1]
    for group in ("kunashiri", "etorofu"):
        assert GROUP_NAMES.loc[group, "name_en"] not in text


def test_notes_for_1956_in_english_say_transfer_promised():
    changed = notes_of(1956).rows[2][1].splitlines()
    assert changed == [
        f"{GROUP_NAMES.loc['habomai', 'name_en']}: transfer promised to Japan",
        f"{GROUP_NAMES.loc['shikotan', 'name_en']}: transfer promised to Japan",
    ]


@pytest.mark.parametrize("names_mode", ["en", "local", "ja", "ru"])
def test_notes_name_the_changed_groups_in_the_names_mode(names_mode):
    text = notes_of(1956, names_mode).rows[2][1]
    # running text in the English interface (local) uses the English name, which gives both
    # sides' names in Latin script ("Kunashiri (Kunashir)")
    mode = "en" if names_mode == "local" else names_mode
    for group in ("habomai", "shikotan"):
        assert place_name(GROUP_NAMES.loc[group], mode) in text


def test_the_first_year_has_no_change_row_and_every_year_has_notes():
    first = notes_of(YEARS[0])
    assert not any("changed" in label.lower() for label, _ in first.rows)
    for year in YEARS:
        notes = notes_of(year)
        assert notes.title and all(isinstance(v, str) for _, v in notes.rows)
        quote_rows = [v for label, v in notes.rows if label == "Key words"]
        for value in quote_rows:
            assert len(value) <= lesson.KEY_WORDS_CHARS + len(" …") + 2  # with the “ ” marks


def test_notes_in_japanese_and_russian_use_the_local_instrument_name():
    assert configuration_info(1956, ATLAS).instrument_ja in notes_of(1956, "ja").rows[0][1]
    assert configuration_info(1956, ATLAS).instrument_ru in notes_of(1956, "ru").rows[0][1]


# --------------------------------------------------------------------------- scenario notes

LAND_ROW = re.compile(r"^(?P<state>.+): (?P<km2>[\d,]+) km² \((?P<pct>[\d.]+) %\)$")


@pytest.mark.parametrize("sid", lesson.lesson_steps("compare", ATLAS, SCENARIOS, WORLDVIEWS))
def test_a_scenarios_land_rows_add_up_to_the_four_groups(sid):
    snapshot = resolve(sid)
    notes = lesson.scenario_notes(
        snapshot, resolve("decl_1956"), SCENARIOS.get(sid), STYLE, ATLAS, "en"
    )
    land = dict(notes.rows)["Land of the four groups"].splitlines()
    rows = [LAND_ROW.match(line) for line in land]
    assert all(rows), land
    km2 = [float(r["km2"].replace(",", "")) for r in rows]
    pct = [float(r["pct"]) for r in rows]
    figures = compare.land_figures(snapshot, ATLAS)
    whole = compare.land_figures(resolve("2026"), ATLAS)["km2"].sum()
    # rounded to whole km² and 0.1 %: within half a unit per row
    assert sum(km2) == pytest.approx(whole, abs=0.5 * len(km2))
    assert sum(km2) == pytest.approx(figures["km2"].sum(), abs=0.5 * len(km2))
    assert sum(pct) == pytest.approx(100.0, abs=0.05 * len(pct))
    # one row per side with land, in land_figures' order
    with_land = figures[figures["km2"] > 0]
    assert len(rows) == len(with_land)
    labels = [STYLE.state[code].short for code in with_land.index]
    assert [r["state"] for r in rows] == labels


def test_scenario_notes_name_the_proposer_and_the_baseline():
    scenario = SCENARIOS["equal_area_2006"]
    notes = lesson.scenario_notes(
        resolve("equal_area_2006"), resolve("decl_1956"), scenario, STYLE, ATLAS, "en"
    )
    assert notes.rows[0] == ("Proposed by", f"{scenario.proposer} ({scenario.date})")
    assert resolve("decl_1956").label in notes.rows[-1][0]
    custom = lesson.scenario_notes(
        resolve("custom"), resolve("decl_1956"), None, STYLE, ATLAS, "en"
    )
    assert "Proposed by" not in dict(custom.rows)


# --------------------------------------------------------------------------- map summary


def summary(year_or_id, names_mode: str) -> str:
    snapshot = resolve(str(year_or_id))
    return lesson.map_summary(snapshot, STYLE, ATLAS, names_mode)


SNAPSHOTS = [str(y) for y in YEARS] + ["equal_area_2006", "custom"]


@pytest.mark.parametrize("names_mode", NAME_MODES)
@pytest.mark.parametrize("sid", SNAPSHOTS)
def test_the_summary_names_all_four_groups_in_the_names_mode(sid, names_mode):
    text = summary(sid, names_mode)
    label = history_text.translate(resolve(sid).label, ui_language(names_mode))
    assert text.startswith(label + ": ")
    assert "<" not in text and ">" not in text and "\n" not in text
    for group in DISPUTED_GROUPS:
        row = GROUP_NAMES.loc[group]
        if names_mode == "local":
            assert row["name_ja"] in text and row["name_ru"] in text
            assert f"{row['name_ja']} / {row['name_ru']}" in text
        else:
            assert row[f"name_{names_mode}"] in text
    if names_mode == "ja":
        assert text.endswith("。")
        assert not any(GROUP_NAMES.loc[g, "name_en"] in text for g in DISPUTED_GROUPS)
    else:
        assert text.endswith(".")
    if names_mode == "ru":
        assert not any(GROUP_NAMES.loc[g, "name_en"] in text for g in DISPUTED_GROUPS)


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("names_mode", ["en", "local"])
def test_the_english_summary_names_the_administrator_as_the_data_does(year, names_mode):
    snapshot = historical_snapshot(year, ATLAS)
    text = summary(year, names_mode)
    for group in DISPUTED_GROUPS:
        for unit in snapshot.units_of(group):
            assert f"administered by {unit.administering_state}" in text


def test_the_1956_summary_says_ussr_and_the_promised_transfer():
    text = summary(1956, "en")
    assert text.count("administered by USSR") == 4
    assert "Russia" not in text
    assert text.count("transfer to Japan promised") == 2
    assert text.count("also claimed by Japan") == 4


def test_the_summary_gives_the_share_of_a_divided_island():
    text = summary("equal_area_2006", "en")
    assert text.count(GROUP_NAMES.loc["etorofu", "name_en"]) == 2
    assert re.search(r"\(\d+\.\d % of it\)", text)
