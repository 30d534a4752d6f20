"""Japanese and Russian texts beside the English quotes (data/timeline/quote_texts.toml,
geo.files.quote_texts.load_quote_texts, geo.text.history_text.quote_beside): every quote whose
authentic text is English has both, each names its kind and source, broken entries are named,
and the page shows the reader's language beside the quote."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.errors import DataError
from geo.files.quote_texts import QUOTE_TEXT_KINDS, load_quote_texts
from geo.text import history_text, markdown
from tests.conftest import ROOT, bundled_atlas

ATLAS = bundled_atlas()
TEXTS = load_quote_texts(ATLAS)
# Quotes whose authentic text is English (with French for Portsmouth, Art. XV): a Japanese and
# a Russian text must stand beside each.
ENGLISH_AUTHENTIC = (
    "configuration.1905",
    "configuration.1945",
    "configuration.1951",
    "event.potsdam-declaration",
    "event.instrument-of-surrender",
)
# English quotes that are translations and still lack a text in a language; timeline/README.md
# ("Quotes beside their translations") says what was searched. Remove an entry once it is found.
NOT_FOUND = {
    "configuration.1855": ("ru",),  # the Russian text of Art. 2 (1855)
    "configuration.1875": ("ja", "ru"),  # Japanese and Russian texts of Art. 2 (French authentic)
    "event.russia-suspends-talks-2022": ("ja",),  # a Japanese text of the MFA statement
}
# What each kind's label says, in the language of the text (shown to readers of that language).
LABEL_MARKS = {
    "official": {"ja": "正文ではない", "ru": "не аутентичный"},
    "published": {"ja": "アトラスによる訳ではない", "ru": "не перевод атласа"},
    "atlas": {"ja": "アトラスによる訳", "ru": "перевод атласа"},
}


def english_quotes() -> dict[str, str]:
    """{quote id: its own original-language code or ""} of every quote given in English."""
    found = {}
    for year, info in ATLAS.configurations.items():
        language = str(ATLAS.sources.loc[info.quote_source, "language"]) if info.quote else ""
        if "en" in language.split(";"):
            original = info.quote_original_source
            code = str(ATLAS.sources.loc[original, "language"]) if original else ""
            found[f"configuration.{year}"] = code
    for event in ATLAS.events:
        if event.quote and ATLAS.sources.loc[event.quote_source, "language"] == "en":
            found[f"event.{event.id}"] = ""
    return found


@pytest.mark.parametrize("quote", ENGLISH_AUTHENTIC)
def test_every_english_authentic_quote_has_a_japanese_and_a_russian_text(quote):
    assert quote in english_quotes()
    by_lang = {text.lang: text for text in TEXTS[quote]}
    assert set(by_lang) == {"ja", "ru"}
    for text in by_lang.values():
        assert text.kind in ("official", "published", "atlas"), (quote, text.lang)


def test_every_english_quote_has_both_languages_or_says_what_is_missing():
    for quote, original in english_quotes().items():
        have = {text.lang for text in TEXTS.get(quote, ())} | {original}
        missing = tuple(lang for lang in ("ja", "ru") if lang not in have)
        assert missing == NOT_FOUND.get(quote, ()), quote


@pytest.mark.parametrize("quote", sorted(TEXTS))
def test_each_text_names_its_kind_and_a_listed_source(quote):
    entry = ATLAS.configurations[int(quote.split(".")[1])] if quote.startswith("c") else None
    if entry is None:
        entry = next(e for e in ATLAS.events if f"event.{e.id}" == quote)
    for text in TEXTS[quote]:
        assert text.kind in QUOTE_TEXT_KINDS and len(text.note) > 40, (quote, text.lang)
        if text.kind == "atlas":
            assert text.source == ""
        else:
            assert text.source in entry.sources and text.source in ATLAS.sources.index
            assert ATLAS.sources.loc[text.source, "language"] == text.lang


@pytest.mark.parametrize("lang", ["ja", "ru"])
def test_the_label_says_what_the_text_is(lang):
    for quote, texts in TEXTS.items():
        shown = dict(history_text.quote_beside(ATLAS, quote, lang))
        for text in texts:
            if text.kind == "original":
                label = i18n.t(
                    "history.original_text",
                    lang,
                    language=i18n.t(f"history.name_{text.lang}", lang),
                )
                assert shown.get(label) == text.text, quote
            elif text.lang == lang:
                label = next(label for label, value in shown.items() if value == text.text)
                assert LABEL_MARKS[text.kind][lang] in label, (quote, label)
                if text.source:
                    assert ATLAS.sources.loc[text.source, "title"] in label
            else:
                assert text.text not in shown.values(), (quote, lang)


def test_english_readers_see_only_original_language_texts():
    for quote, texts in TEXTS.items():
        originals = tuple(t.text for t in texts if t.kind == "original")
        assert tuple(text for _, text in history_text.quote_beside(ATLAS, quote, "en")) == originals
        assert history_text.quote_note(ATLAS, quote, "en") == ""


def test_the_quote_kept_note_gives_way_to_the_atlas_translation():
    kept = i18n.t("history.quote_kept", "ru")
    assert history_text.quote_note(ATLAS, "configuration.1951", "ru") == ""  # atlas's translation
    assert history_text.quote_note(ATLAS, "configuration.1951", "ja") == i18n.t(
        "history.quote_kept", "ja"
    )
    assert history_text.quote_note(ATLAS, "configuration.1855", "ru") == kept


def test_a_broken_file_is_named_with_every_problem(tmp_path):
    path = tmp_path / "timeline" / "quote_texts.toml"
    path.parent.mkdir()
    path.write_text(
        """
[[text]]
quote = "configuration.2026"
lang = "ja"
kind = "atlas"
text = "x"
note = "the 2026 configuration has no quote"

[[text]]
quote = "configuration.1951"
lang = "de"
kind = "guess"
text = ""
note = "x"
colour = "red"

[[text]]
quote = "configuration.1951"
lang = "ru"
kind = "atlas"
text = "x"
source = "sf-treaty-1951-text"
note = "x"

[[text]]
quote = "configuration.1945"
lang = "ja"
kind = "published"
text = "x"
source = "jawiki-sfpt"
note = "x"

[[text]]
quote = "configuration.1945"
lang = "ru"
kind = "atlas"
text = "x"
note = "x"

[[text]]
quote = "configuration.1945"
lang = "ru"
kind = "atlas"
text = "y"
note = "y"
""",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load_quote_texts(ATLAS, path)
    message = str(caught.value)
    assert message.startswith("timeline/quote_texts.toml")
    for part in (
        "configuration.2026",
        "field 'lang'",
        "field 'kind'",
        "field 'text'",
        "colour",
        "no source of its own",
        "a source id listed in the sources of configuration.1945",
        "a second 'ru' text for configuration.1945",
    ):
        assert part in message, part


def test_a_file_without_text_tables_is_refused(tmp_path):
    path = tmp_path / "quote_texts.toml"
    path.write_text('text = "none"\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"quote_texts\.toml"):
        load_quote_texts(ATLAS, path)


# --------------------------------------------------------------------------- the page


def page_text(names: str, year: str) -> str:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"names": names, "year": year})
    at.run()
    assert not at.exception, at.exception
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


@pytest.mark.parametrize("names", ["en", "ja", "ru"])
def test_the_page_shows_the_readers_text_beside_the_1951_quote(names):
    text = page_text(names, "1951")
    info = ATLAS.configurations[1951]
    assert markdown.md_escape(info.quote) in text  # the English stays
    by_lang = {t.lang: t for t in TEXTS["configuration.1951"]}
    for lang, beside in by_lang.items():
        shown = markdown.md_escape(beside.text) in text
        assert shown == (lang == names), (names, lang)
    if names == "ru":
        assert markdown.md_escape(i18n.t("history.quote_atlas", "ru")) in text
