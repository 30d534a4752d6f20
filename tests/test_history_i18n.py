"""The history texts in Japanese and Russian (geo/text/history_text.py, data/timeline/translations/,
data/glossary.toml): complete, not stale, using the glossary's terms, and shown on the page."""

from __future__ import annotations

import re
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

import geo
from geo import i18n
from geo.errors import DataError
from geo.files import worldviews
from geo.files.glossary import load_glossary
from geo.files.scenarios import load_scenarios
from geo.files.translations import load_translations
from geo.maps import mapview
from geo.model import compare
from geo.text import history_text, markdown
from tests.conftest import DATA, ROOT, bundled_atlas
from tests.maps import map_data

ATLAS = bundled_atlas()
SCENARIOS = load_scenarios(source_ids=set(ATLAS.sources.index))
WORLDVIEWS = worldviews.load_for(ATLAS)
REFERENCE = history_text.history_texts(ATLAS, SCENARIOS, WORLDVIEWS)
TERMS = [t for t in load_glossary() if t.check_en]
# A passage in single quotes of four words or more: a quote of a source, in English (shorter
# ones are terms, e.g. 'the Kurile Islands', translated by the glossary).
QUOTE = re.compile(r"(?<![A-Za-z])'[^']*\s[^']*\s[^']*\s[^']*'(?![A-Za-z])")
# The label of a quote the atlas translated, or of one given in its original language.
QUOTE_MARKERS = {
    "ja": ("アトラスによる訳", "日本語の原文"),
    "ru": ("переводе атласа", "по русскому тексту"),
}
# An English sentence: three English words in a row.
ENGLISH_RUN = re.compile(r"\b[A-Za-z]{2,}\b[ ,]+\b[A-Za-z]{2,}\b[ ,]+\b[A-Za-z]{3,}\b")


def test_reference_covers_every_kind_of_history_text():
    kinds = {key.split(".")[0] for key in REFERENCE}
    assert kinds == {"configuration", "event", "status", "scenario", "worldview"}
    for year in ATLAS.configurations:
        assert f"configuration.{year}.summary" in REFERENCE
        assert f"configuration.{year}.label" in REFERENCE


@pytest.mark.parametrize("lang", history_text.TRANSLATED)
def test_every_history_text_has_a_current_translation(lang):
    missing = history_text.missing_entries(lang, REFERENCE)
    assert not missing, f"{len(missing)} texts without a {lang} translation, e.g. {missing[:5]}"


@pytest.mark.parametrize("lang", history_text.TRANSLATED)
def test_no_translation_is_stale(lang):
    """A corrected English makes its translation stale: revise it, set en_sha256 = "new" and
    run `python scripts/translations.py stamp <lang>`."""
    assert history_text.stale_entries(lang, REFERENCE) == {}


@pytest.mark.parametrize("lang", history_text.TRANSLATED)
def test_a_changed_english_is_detected_as_stale(lang):
    key, english = next(iter(REFERENCE.items()))
    changed = {**REFERENCE, key: english + " Corrected."}
    assert key in history_text.stale_entries(lang, changed)
    assert history_text.translate(english + " Corrected.", lang).endswith(
        i18n.t("history.untranslated", lang)
    )


@pytest.mark.parametrize("lang", history_text.TRANSLATED)
def test_translation_files_say_they_are_made_for_the_atlas(lang):
    raw = tomllib.loads((DATA / "timeline" / "translations" / f"{lang}.toml").read_text("utf-8"))
    assert raw["about"]["reference"] == "en"
    assert "not official" in raw["about"]["status"]
    assert history_text.translation_note(lang)


@pytest.mark.parametrize("lang", history_text.TRANSLATED)
def test_translations_use_the_glossarys_terms(lang):
    entries = load_entries(lang)
    wrong = []
    for term in TERMS:
        wanted = re.compile(getattr(term, f"check_{lang}"), re.I)
        for key, english in REFERENCE.items():
            text = entries.get(key)
            if text and re.search(term.check_en, english, re.I) and not wanted.search(text):
                wrong.append(f"{key}: {term.id}")
    assert not wrong, wrong


@pytest.mark.parametrize("lang", history_text.TRANSLATED)
def test_quotes_translated_for_the_atlas_are_labelled(lang):
    """A quote of a source, in English in the reference, is either kept in its original
    wording or labelled as the atlas's translation."""
    entries = load_entries(lang)
    unlabelled = [
        key
        for key, english in REFERENCE.items()
        if QUOTE.search(english)
        and key in entries
        and not any(marker in entries[key] for marker in QUOTE_MARKERS[lang])
        and not all(q.strip("'") in entries[key] for q in QUOTE.findall(english))
    ]
    assert not unlabelled, unlabelled


def load_entries(lang: str) -> dict[str, str]:
    """{id: text} for every reference id, looked up by its English (shared texts included)."""
    by_hash = load_translations(lang).by_hash
    return {
        key: by_hash[history_text.english_hash(english)]
        for key, english in REFERENCE.items()
        if history_text.english_hash(english) in by_hash
    }


def test_glossary_terms_have_three_languages_and_a_reason():
    for term in load_glossary():
        assert term.en and term.ja and term.ru and len(term.why) > 10, term.id
    names = {t.en for t in load_glossary() if t.kind == "state_name"}
    assert set(ATLAS.status["administering_state"]) <= names


def test_state_names_of_the_time():
    assert history_text.state_name("USSR", "ja") == "ソ連"
    assert history_text.state_name("USSR", "ru") == "СССР"
    assert history_text.state_name("USSR", "en") == "USSR"


def test_a_broken_translation_file_is_named_with_every_problem(tmp_path):
    (tmp_path / "ja.toml").write_text(
        '[about]\nlanguage = "ru"\nreference = "en"\nstatus = "x"\n\n'
        '["configuration.1855.label"]\nen_sha256 = "zz"\ntext = ""\n',
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_translations("ja", tmp_path)
    message = str(caught.value)
    assert message.startswith("ja.toml")
    for part in ("field 'note'", "field 'language'", "field 'en_sha256'", "field 'text'"):
        assert part in message


def test_translating_twice_changes_nothing():
    snapshot = geo.historical_snapshot(1945, bundled_atlas())
    once = history_text.snapshot_in(snapshot, "ru", ATLAS)
    assert history_text.snapshot_in(once, "ru", ATLAS) is once
    assert once.label == history_text.translate(snapshot.label, "ru")
    assert history_text.translate(once.label, "ru") == once.label


def test_russian_plurals_follow_babels_rules():
    assert [i18n.plural("changes", n, "ru") for n in (1, 3, 5, 11, 21, 22)] == [
        "изменение",
        "изменения",
        "изменений",
        "изменений",
        "изменение",
        "изменения",
    ]
    for key in ("changes", "sources", "residents"):
        for lang in i18n.LANGUAGES:
            assert set(i18n.plural_forms(key, lang)) == i18n.plural_categories(lang), (key, lang)


@pytest.mark.parametrize("lang", ["ja", "ru"])
def test_dates_are_written_as_the_language_writes_them(lang):
    event = next(e for e in ATLAS.events if e.date_qualifier == "before")
    when = history_text.event_when(event, lang)
    assert when == {"ja": "1855年2月7日以前", "ru": "до 7 февраля 1855 г."}[lang]


# --------------------------------------------------------------------------- the page


def open_page(names: str, year: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"names": names, "year": year})
    at.run()
    assert not at.exception, at.exception
    return at


def configuration_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [s.value for s in at.subheader] + [e.label for e in at.expander]
    return "\n".join(parts)


@pytest.mark.parametrize("names", ["ja", "ru"])
@pytest.mark.parametrize("year", ["1945", "1956"])
def test_the_timeline_page_shows_no_english_history_sentence(names, year):
    at = open_page(names, year)
    info = ATLAS.configurations[int(year)]
    text = configuration_text(at)
    english = [info.summary, info.changes, *(r.japan for r in info.readings)]
    english += [e.title for e in geo.model.timeline.events_for(int(year), ATLAS)]
    for sentence in english:
        assert markdown.md_escape(sentence) not in text
    assert markdown.md_escape(history_text.translate(info.summary, names)) in text
    assert i18n.t("history.untranslated", names) not in text
    assert markdown.md_escape(i18n.t("history.japan", names)) in text
    # the English reference is one click away
    at.toggle(key="history_en").set_value(True).run()
    assert markdown.md_escape(info.summary) in configuration_text(at)


def test_the_maps_step_bar_names_the_years_in_the_interface_language():
    at = open_page("ja", "1905")
    data = map_data(at)["timeline_map"]
    labels = mapview.read_published_config(data["config_url"])["step_labels"]
    assert labels["1905"]["title"] == labels["1905"]["option"] == "1905年:ポーツマス条約"


@pytest.mark.parametrize("lang", ["ja", "ru"])
def test_the_readers_custom_division_is_named_in_the_class_language(lang):
    """Its title, subtitle and description come from the catalogue (they showed the
    stale-translation marker in English)."""
    atlas = bundled_atlas()
    loaded = load_scenarios(source_ids=set(atlas.sources.index))
    custom = compare.resolve_snapshot(compare.CUSTOM, atlas, loaded)
    shown = history_text.snapshot_in(custom, lang, atlas)
    assert shown.label == i18n.t("custom.title", lang)
    assert shown.subtitle == i18n.t("custom.subtitle", lang)
    assert shown.description == i18n.t("custom.description", lang)
    assert "〔" not in shown.label + shown.subtitle + shown.description
