"""Questions for every step (data/questions.toml, geo/text/questions.py): the file covers every
step, answers are computed from the data (checked here against the data files read independently),
and a broken file names what is wrong."""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pytest

import geo
from geo.errors import DataError
from geo.files.messages import load_messages
from geo.files.questions import Question, load_questions
from geo.i18n import LANGUAGES, NAME_MODES
from geo.model import compare
from geo.model.snapshot import Snapshot
from geo.text import history_text, questions
from tests.conftest import DATA, worldview_snapshot

TIMELINE = DATA / "timeline"
KANA = re.compile(r"[\u3040-\u30ff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def snapshot_of(step_id: str, atlas, scenarios) -> Snapshot:
    if step_id in questions.worldview_ids(atlas):
        return worldview_snapshot(step_id, atlas)
    return compare.resolve_snapshot(step_id, atlas, scenarios)


def find(steps, step_id: str, kind: str, **parameter) -> Question:
    """The question of ``step_id`` with this kind and parameter (the data must have it)."""
    found = [
        q
        for q in steps[step_id].questions
        if q.kind == kind and all(getattr(q, k) == v for k, v in parameter.items())
    ]
    assert found, f"questions.toml has no {kind} {parameter} question for step {step_id}"
    return found[0]


def status_rows() -> list[dict]:
    with open(TIMELINE / "status.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def status(year: int, group: str) -> dict:
    (row,) = [r for r in status_rows() if r["year"] == str(year) and r["group"] == group]
    return row


# --------------------------------------------------------------------------- the real file


def test_every_step_has_one_or_two_questions_and_a_prompt_in_three_languages(
    atlas, scenarios, steps
):
    expected = questions.step_ids(atlas, scenarios)
    assert expected[-3:] == ["japan_official", "russia_official", "international_reference"]
    assert [str(y) for y in geo.configurations(atlas)] == expected[:7]
    assert sorted(steps) == sorted(expected), "every step once, and nothing else"
    for step_id in expected:
        step = steps[step_id]
        assert 1 <= len(step.questions) <= 2, step_id
        for question in step.questions:
            texts = dict(question.texts)
            assert set(texts) == set(LANGUAGES), question.key
            assert KANA.search(texts["ja"]), question.key
            assert CYRILLIC.search(texts["ru"]), question.key
        prompt = step.prompt
        for lang in LANGUAGES:
            assert len(prompt.text(lang)) > 80, (step_id, lang)
        assert KANA.search(prompt.text("ja")) and CYRILLIC.search(prompt.text("ru")), step_id
        assert prompt.sources and set(prompt.sources) <= set(atlas.sources.index), step_id
        assert len(prompt.note) > 40, step_id


def test_prompts_are_open_questions(steps):
    for step in steps.values():
        assert step.prompt.text("en").rstrip().endswith("?"), step.id
        assert "？" in step.prompt.text("ja") or "か。" in step.prompt.text("ja"), step.id
        assert "?" in step.prompt.text("ru"), step.id


def test_every_question_answers_in_every_language_and_names_mode(atlas, scenarios, steps):
    for step_id, step in steps.items():
        snapshot = snapshot_of(step_id, atlas, scenarios)
        for question in step.questions:
            for lang in LANGUAGES:
                for mode in NAME_MODES:
                    asked = questions.question_text(
                        question, snapshot, atlas, lang=lang, names_mode=mode
                    )
                    answered = questions.answer(
                        question, snapshot, atlas, lang=lang, names_mode=mode
                    )
                    for text in (asked, answered.text):
                        assert text and "{" not in text and "}" not in text, (question.key, text)
                        assert "<" not in text, "plain text, never HTML"
                    assert set(answered.groups) <= set(atlas.groups), question.key
                    if question.kind != "changed":
                        assert answered.groups, question.key


# --------------------------------------------------------------------------- answers from the data


def test_who_administered_shikotan_in_1951(atlas, scenarios, steps):
    row = status(1951, "shikotan")
    assert (row["administered_by"], row["administering_state"]) == ("RU", "USSR")
    question = find(steps, "1951", "administrator", group="shikotan")
    snapshot = compare.resolve_snapshot("1951", atlas, scenarios)
    assert questions.question_text(question, snapshot, atlas, lang="en", names_mode="en") == (
        "Who administered Shikotan in 1951?"
    )
    expected = {"en": "the USSR", "ja": "ソ連", "ru": "СССР"}
    for lang, name in expected.items():
        answered = questions.answer(question, snapshot, atlas, lang=lang, names_mode=lang)
        assert name in answered.text, (lang, answered.text)
        assert answered.groups == ("shikotan",)
    assert "Japan" not in questions.answer(question, snapshot, atlas, lang="en").text


def test_japans_land_share_under_the_1956_declaration(atlas, scenarios, steps):
    question = find(steps, "decl_1956", "land_share", state="JP")
    snapshot = compare.resolve_snapshot("decl_1956", atlas, scenarios)
    allocation = tomllib.loads((DATA / "scenarios.toml").read_text(encoding="utf-8"))
    (decl,) = [s for s in allocation["scenario"] if s["id"] == "decl_1956"]
    japanese = {g for g, side in decl["allocation"].items() if side == "JP"}
    assert japanese == {"habomai", "shikotan"}
    # the atlas's geometry, measured here in the equal-area EPSG:6933
    areas = gpd.read_file(DATA / "areas.geojson").to_crs(6933)
    km2 = areas.geometry.area.groupby(areas["group"]).sum() / 1e6
    four = ["habomai", "shikotan", "kunashiri", "etorofu"]
    atlas_km2 = sum(km2[g] for g in japanese)
    atlas_pct = 100 * atlas_km2 / sum(km2[g] for g in four)
    # the published areas, read from the CSV
    with open(TIMELINE / "official_areas.csv", newline="", encoding="utf-8") as f:
        published = {r["group"]: float(r["area_km2"]) for r in csv.DictReader(f)}
    official_km2 = sum(published[g] for g in japanese)
    official_pct = 100 * official_km2 / sum(published[g] for g in four)
    assert official_km2 == 346 and round(official_pct, 1) == 6.9
    answered = questions.answer(question, snapshot, atlas, lang="en", names_mode="en")
    assert f"{atlas_km2:,.1f} km²" in answered.text, answered.text
    assert f"{atlas_pct:.1f} %" in answered.text, answered.text
    assert f"{official_km2:,.0f} km², {official_pct:.1f} %" in answered.text, answered.text
    assert answered.text.startswith("Japan:")
    assert set(answered.groups) == japanese
    russian = questions.answer(question, snapshot, atlas, lang="ru", names_mode="ru").text
    assert f"{atlas_pct:.1f} %".replace(".", ",") in russian
    assert "Япония" in russian


def test_which_areas_changed_administrator_by_1875(atlas, scenarios, steps):
    rows = status_rows()
    before = {r["group"]: r["administered_by"] for r in rows if r["year"] == "1855"}
    after = {r["group"]: r["administered_by"] for r in rows if r["year"] == "1875"}
    changed = {g for g in after if after[g] != before[g]}
    assert changed == {"urup", "northern_kurils", "sakhalin_south", "sakhalin_north"}
    question = find(steps, "1875", "changed", among="all")
    snapshot = compare.resolve_snapshot("1875", atlas, scenarios)
    answered = questions.answer(question, snapshot, atlas, lang="en", names_mode="en")
    assert set(answered.groups) == changed
    assert "Uruppu (Urup) (the Russian Empire" not in answered.text  # no article in a list
    assert "Uruppu (Urup) (Russian Empire → Empire of Japan)" in answered.text
    text = questions.question_text(question, snapshot, atlas, lang="ja", names_mode="ja")
    assert "1855年" in text and "1875年" in text


def test_nothing_changed_hands_in_1951_among_the_four(atlas, scenarios):
    rows = status_rows()
    same = all(
        status(1945, g)["administered_by"] == status(1951, g)["administered_by"]
        for g in ("habomai", "shikotan", "kunashiri", "etorofu")
    )
    assert same and rows
    question = Question(
        step="1951",
        number=1,
        kind="changed",
        among="four",
        texts=(("en", "Which changed?"), ("ja", "?"), ("ru", "?")),
    )
    snapshot = compare.resolve_snapshot("1951", atlas, scenarios)
    answered = questions.answer(question, snapshot, atlas, lang="en")
    assert answered.groups == () and answered.text == "No area has a different administrator"


def test_who_claims_etorofu_today_and_the_1956_transfer(atlas, scenarios, steps):
    row = status(2026, "etorofu")
    claimants = [c for c in row["claimed_by"].split(";") if c != row["administered_by"]]
    assert claimants == ["JP"]
    question = find(steps, "2026", "claimants", group="etorofu")
    snapshot = compare.resolve_snapshot("2026", atlas, scenarios)
    answered = questions.answer(question, snapshot, atlas, lang="en", names_mode="en")
    assert answered.text == "Etorofu (Iturup): claimed by Japan without administering it"

    row = status(1956, "shikotan")
    assert row["transfer_promised_to"] == "JP"
    question = find(steps, "1956", "transfer", group="shikotan")
    snapshot = compare.resolve_snapshot("1956", atlas, scenarios)
    answered = questions.answer(question, snapshot, atlas, lang="en", names_mode="en")
    assert "transfer to Japan promised" in answered.text
    assert row["transfer_condition"] in answered.text
    japanese = questions.answer(question, snapshot, atlas, lang="ja", names_mode="ja").text
    assert "日本への引き渡し" in japanese and "平和条約" in japanese


def test_no_claimant_other_than_the_administrator(atlas, scenarios, steps):
    row = status(1951, "urup")
    assert row["claimed_by"] == row["administered_by"] == "RU"
    question = find(steps, "1951", "claimants", group="urup")
    snapshot = compare.resolve_snapshot("1951", atlas, scenarios)
    answered = questions.answer(question, snapshot, atlas, lang="en", names_mode="en")
    assert answered.text == "Uruppu (Urup): no claimant other than the administrator (the USSR)"


def test_a_divided_island_gives_each_parts_state_and_share(atlas, scenarios, steps):
    question = find(steps, "equal_area_2006", "administrator", group="etorofu")
    snapshot = compare.resolve_snapshot("equal_area_2006", atlas, scenarios)
    shares = {u.administered_by: u.share for u in snapshot.units_of("etorofu")}
    assert set(shares) == {"JP", "RU"}
    answered = questions.answer(question, snapshot, atlas, lang="en", names_mode="en")
    numbers = [float(n) for n in re.findall(r"(\d+\.\d) %", answered.text)]
    assert sorted(numbers) == sorted(round(100 * s, 1) for s in shares.values())
    assert "Japan" in answered.text and "Russia" in answered.text
    share = find(steps, "equal_area_2006", "land_share", state="JP")
    assert "50.0 %" in questions.answer(share, snapshot, atlas, lang="en").text


def test_worldview_answers_say_how_each_map_draws_the_group(atlas, steps):
    raw = tomllib.loads((DATA / "worldviews.toml").read_text(encoding="utf-8"))
    drawn = {
        (w["id"], g["group"]): g["drawn_as"].upper() for w in raw["worldview"] for g in w["group"]
    }
    expected_en = {
        "JP": "drawn as Japanese territory",
        "RU": "drawn as Russian territory",
        "UNDETERMINED": "left white, as an area whose attribution is undetermined",
        "NOT_STATED": "no source read says how this map draws it",
    }
    asked = 0
    for worldview in ("japan_official", "russia_official", "international_reference"):
        snapshot = worldview_snapshot(worldview, atlas)
        for question in steps[worldview].questions:
            assert question.kind == "drawn_as"
            answered = questions.answer(question, snapshot, atlas, lang="en", names_mode="en")
            assert answered.text.endswith(expected_en[drawn[worldview, question.group]])
            asked += 1
    assert asked >= 3
    snapshot = worldview_snapshot("japan_official", atlas)
    assert drawn["japan_official", "urup"] == "UNDETERMINED"
    urup = find(steps, "japan_official", "drawn_as", group="urup")
    assert "帰属未定" in questions.answer(urup, snapshot, atlas, lang="ja", names_mode="ja").text
    kamchatka = replace(urup, group="kamchatka")
    assert drawn["japan_official", "kamchatka"] == "NOT_STATED"
    assert "не сказано" in questions.answer(kamchatka, snapshot, atlas, lang="ru").text


def test_step_labels_in_each_language(atlas, scenarios):
    raw = tomllib.loads((DATA / "worldviews.toml").read_text(encoding="utf-8"))
    (japan,) = [w for w in raw["worldview"] if w["id"] == "japan_official"]
    snapshot = worldview_snapshot("japan_official", atlas)
    assert questions.step_label(snapshot, atlas, "en") == japan["label"]
    for lang in ("ja", "ru"):  # the history translation of the worldview's label
        assert questions.step_label(snapshot, atlas, lang) == history_text.translate(
            japan["label"], lang
        )
    assert questions.step_label(snapshot, atlas, "ja") == "日本の検定済み地図帳の描き方(現在)"
    year = compare.resolve_snapshot("1956", atlas, scenarios)
    assert questions.step_label(year, atlas, "en") == "1956: Soviet-Japanese Joint Declaration"
    assert "日ソ共同宣言" in questions.step_label(year, atlas, "ja")


def test_places_follow_the_names_mode(atlas, scenarios, steps):
    question = find(steps, "1855", "administrator", group="etorofu")
    snapshot = compare.resolve_snapshot("1855", atlas, scenarios)

    def asked(lang, mode):
        return questions.question_text(question, snapshot, atlas, lang=lang, names_mode=mode)

    assert "Etorofu (Iturup)" in asked("en", "local")
    assert "択捉島 / остров Итуруп" in asked("ja", "local")
    assert "択捉島" in asked("ja", "ja") and "Итуруп" not in asked("ja", "ja")
    assert asked("ru", "ru").startswith("Остров Итуруп:")  # a sentence starts with a capital
    assert "Iturup" in asked("ru", "en")
    with pytest.raises(ValueError, match="names mode"):
        questions.answer(question, snapshot, atlas, names_mode="fr")


def test_an_answer_needs_its_own_steps_snapshot(atlas, scenarios, steps):
    question = find(steps, "1951", "administrator", group="shikotan")
    with pytest.raises(ValueError, match="1951"):
        questions.answer(question, compare.resolve_snapshot("1956", atlas, scenarios), atlas)
    drawn = steps["japan_official"].questions[0]
    with pytest.raises(ValueError, match="historical"):
        questions.answer(
            replace(drawn, step="1951"), compare.resolve_snapshot("1951", atlas, scenarios), atlas
        )


# --------------------------------------------------------------------------- broken files

VALID = """
[[step]]
id = "1951"

[[step.question]]
kind = "administrator"
group = "shikotan"
text.en = "Who administered {place} in {year}?"
text.ja = "{year}年に{place}を施政していたのは?"
text.ru = "{place}: кто управлял в {year} году?"

[step.prompt]
en = "Why?"
ja = "なぜ?"
ru = "Почему?"
sources = ["sf-treaty-1951-text"]
note = "Article 2(c)."

[[step]]
id = "decl_1956"

[[step.question]]
kind = "land_share"
state = "JP"
text = { en = "What share would {state} hold?", ja = "{state}は?", ru = "{state}: какая доля?" }

[step.prompt]
en = "Why?"
ja = "なぜ?"
ru = "Почему?"
sources = ["unts-263-1956-joint-declaration"]
note = "Article 9."
"""


def load(tmp_path: Path, text: str, atlas, scenarios):
    path = tmp_path / "data" / "questions.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_questions(atlas, scenarios, path=path)


def test_a_small_valid_file_loads(tmp_path, atlas, scenarios):
    steps = load(tmp_path, VALID, atlas, scenarios)
    assert list(steps) == ["1951", "decl_1956"]
    assert steps["decl_1956"].questions[0].state == "JP"


BROKEN = [
    (
        'id = "1951"',
        'id = "1952"',
        r"\[\[step\]\] #1 \(1952\): field 'id': unknown step '1952'; known: \['1855'",
    ),
    (
        'id = "decl_1956"',
        'id = "1951"',
        r"\[\[step\]\] #2 \(1951\): field 'id': expected each step once",
    ),
    (
        'kind = "administrator"',
        'kind = "owner"',
        r"question 1: field 'kind': expected one of \['administrator'",
    ),
    (
        'kind = "administrator"',
        'kind = "drawn_as"',
        r"question 1: field 'kind': a historical step takes only",
    ),
    (
        'group = "shikotan"',
        'group = "sikotan"',
        r"question 1: field 'group': expected one of \['kamchatka'",
    ),
    (
        'group = "shikotan"',
        'group = "shikotan"\ngroups = ["atlantis"]',
        r"field 'groups': unknown group\(s\) \['atlantis'\]",
    ),
    (
        'state = "JP"',
        'state = "US"',
        r"\(decl_1956\) question 1: field 'state': expected one of \['JP', 'RU'\]",
    ),
    (
        'state = "JP"',
        'state = "JP"\ngroup = "habomai"',
        r"field 'group': kind 'land_share' takes 'state', not 'group'",
    ),
    (
        'text.ja = "{year}年に{place}を施政していたのは?"\n',
        "",
        r"question 1: field 'text.ja': expected non-empty text, found nothing",
    ),
    (
        '"{place}: кто управлял в {year} году?"',
        '"{place}: кто управлял?"',
        r"field 'text.ru': ru has placeholders \['place'\], English has \['place', 'year'\]",
    ),
    (
        '"Who administered {place} in {year}?"',
        '"Who administered {place} for {state}?"',
        r"field 'text.en': placeholder \{state\} is not one this question fills in",
    ),
    (
        '"What share would {state} hold?"',
        '"What share would {state} hold in {year}?"',
        r"\(decl_1956\) question 1: field 'text.en': placeholder \{year\} is not one",
    ),
    (
        'sources = ["sf-treaty-1951-text"]',
        'sources = ["no-such-source"]',
        r"prompt: field 'sources': unknown source id\(s\) \['no-such-source'\]",
    ),
    ('note = "Article 2(c)."', "", r"\(1951\) prompt: field 'note': expected non-empty text"),
    (
        'ru = "Почему?"\nsources = ["sf',
        'sources = ["sf',
        r"\(1951\) prompt: field 'ru': expected non-empty text",
    ),
    (
        'note = "Article 9."',
        'note = "Article 9."\nanswer = "7 %"',
        r"\(decl_1956\) prompt: found unknown key\(s\) \['answer'\]",
    ),
    (
        'kind = "administrator"',
        'kind = "changed"\namong = "four"',
        r"field 'group': kind 'changed' takes 'among', not 'group'",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN)
def test_a_broken_file_names_entry_and_field(tmp_path, atlas, scenarios, old, new, message):
    assert old in VALID
    with pytest.raises(DataError) as caught:
        load(tmp_path, VALID.replace(old, new, 1), atlas, scenarios)
    problems = [str(p) for p in caught.value.problems]
    assert all(p.startswith("data/questions.toml: ") for p in problems), problems
    assert any(re.search(message, p) for p in problems), problems


def test_three_questions_or_none_are_refused(tmp_path, atlas, scenarios):
    question = VALID[VALID.index("[[step.question]]") : VALID.index("[step.prompt]")]
    three = VALID.replace(question, question * 3, 1)
    with pytest.raises(DataError, match=r"\(1951\): field 'question': expected 1 or 2 .*3 entries"):
        load(tmp_path, three, atlas, scenarios)
    none = VALID.replace(question, "", 1)
    with pytest.raises(DataError, match=r"\(1951\): field 'question': expected 1 or 2"):
        load(tmp_path, none, atlas, scenarios)


def test_changed_needs_a_year_before_it(tmp_path, atlas, scenarios):
    first = str(geo.configurations(atlas)[0])
    text = VALID.replace('id = "1951"', f'id = "{first}"').replace(
        'kind = "administrator"\ngroup = "shikotan"', 'kind = "changed"\namong = "all"'
    )
    text = text.replace("{place}", "{previous}")
    with pytest.raises(DataError, match=rf"the first configuration year \({first}\) has no year"):
        load(tmp_path, text, atlas, scenarios)


def test_every_problem_is_named_together(tmp_path, atlas, scenarios):
    text = VALID.replace('group = "shikotan"', 'group = "sikotan"').replace(
        'sources = ["unts-263-1956-joint-declaration"]', 'sources = ["nope"]'
    )
    with pytest.raises(DataError) as caught:
        load(tmp_path, text, atlas, scenarios)
    assert caught.value.total == 2
    assert "sikotan" in str(caught.value) and "nope" in str(caught.value)


def test_a_file_over_its_limit_is_refused_before_it_is_read(tmp_path, atlas, scenarios):
    padding = "# " + "x" * 1000 + "\n"
    with pytest.raises(DataError, match=r"questions\.toml: expected at most 524,288 bytes"):
        load(tmp_path, VALID + padding * 600, atlas, scenarios)
    many = "\n".join(f"[t{i}]" for i in range(1200))
    with pytest.raises(DataError, match=r"expected at most 1,000 tables"):
        load(tmp_path, VALID + many, atlas, scenarios)


def test_the_file_is_in_the_manifest_and_the_limits_table():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "| `questions.toml` | 512 KB | 1,000 tables |" in readme
    assert '"path": "questions.toml"' in (DATA / "manifest.json").read_text(encoding="utf-8")


def test_the_catalogue_has_the_questions_words_before_the_handout():
    messages = load_messages()
    for key in ("question", "answer", "discuss", "answer_key", "title"):
        assert set(messages[f"questions.{key}"]) == set(LANGUAGES)
    text = (DATA / "messages.toml").read_text(encoding="utf-8")
    assert text.index("\n[questions]\n") < text.index("\n[handout]\n")
