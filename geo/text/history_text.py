"""History texts (configurations, readings, events, status notes, scenarios) in English,
Japanese and Russian. Nothing here imports Streamlit.

The English in the data files is the reference. Japanese and Russian are translations made for
this atlas (not official texts), kept in ``data/timeline/translations/ja.toml`` and ``ru.toml``.
Each entry is keyed by a stable id of the English text it translates (e.g.
``configuration.1956.summary``, ``event.potsdam-declaration.title``,
``status.1945.etorofu.note``, ``scenario.decl_1956.label``; :func:`history_texts` lists every
id) and records the first 12 hex digits of the SHA-256 of that English text (``en_sha256``).
A translation is used only while its English is unchanged: when the English is corrected, the
entry goes *stale*, the page shows the English with a visible marker, and a test fails until
the translation is brought up to date (see :func:`stale_entries`).

Lookup is by the English text's hash, so one entry serves every row with the same English
(70 status rows share about 60 distinct notes).

Quotes of treaties and statements are never translated here: a quote stays in the edition the
data quotes (its ``quote_translation`` note, which says what edition it is, is translated).
Beside a quote the page may show a Japanese or Russian text from ``quote_texts.toml`` (the
original, an official text, an existing translation, or the atlas's own translation of the
English, each labelled as what it is): see :func:`quote_beside`.

``data/glossary.toml`` records the choice of terms once (with a one-line reason for each) and
the names of the states of the time (USSR → ソ連 / СССР); tests check that the translations use
the glossary's terms where the English uses the source term.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator
from dataclasses import replace
from functools import lru_cache
from typing import Any

from geo.files.atlas import Atlas, Configuration, Event, QuoteText, Reading
from geo.files.glossary import load_glossary
from geo.files.quote_texts import load_quote_texts
from geo.files.style import Style
from geo.files.translations import HASH_CHARS, TRANSLATED, load_translations
from geo.i18n import LANGUAGES, t
from geo.model.snapshot import HISTORICAL, Snapshot, Unit

CONFIGURATION_FIELDS = (
    "label",
    "instrument_en",
    "key_article",
    "quote_translation",
    "summary",
    "changes",
)
READING_FIELDS = ("topic", "japan", "russia", "scholarship")
EVENT_FIELDS = ("title", "summary", "instrument", "article", "japan_reading", "russia_reading")
STATUS_FIELDS = ("basis_instrument", "basis_article", "basis_note", "note", "transfer_condition")
SCENARIO_FIELDS = ("label", "proposer", "description", "verification")
# Texts of the reader's own custom division (geo.model.custom.custom_scenario): not history, so
# they are catalogue entries, looked up by their English.
CATALOGUE_TEXTS = ("custom.title", "custom.subtitle", "custom.description")
# A worldview's texts (geo.model.worldviews); each group's note is translated too.
WORLDVIEW_FIELDS = ("label", "series", "description", "boundaries", "verification", "line_label")
QUOTED_SHARE_FIELDS = ("said_by",)  # its "wording" is a quote: never translated


def english_hash(text: str) -> str:
    """The short hash a translation records of the English it translates."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:HASH_CHARS]


def state_name(english: str, lang: str) -> str:
    """A state's name of the time ("USSR", "Empire of Japan") in ``lang``, from the glossary.

    A name the glossary lacks stays as it is (in English), with the untranslated marker.
    """
    if lang not in TRANSLATED or not english:
        return english
    for term in load_glossary():
        if term.kind == "state_name" and term.en == english:
            return getattr(term, lang)
    for term in load_glossary():  # already in this language
        if term.kind == "state_name" and getattr(term, lang) == english:
            return english
    return mark_untranslated(english, lang)


# --------------------------------------------------------------------------- the reference


def history_texts(
    atlas: Atlas, scenarios: dict | None = None, worldviews: dict | None = None
) -> dict[str, str]:
    """Every history text of the atlas as {id: English text} (empty texts left out): the
    reference that the translation files follow. ``worldviews``: the loaded
    ``data/worldviews.toml`` (:func:`geo.files.worldviews.load_worldviews`)."""
    found = itertools.chain(
        _configuration_texts(atlas),
        _event_and_status_texts(atlas),
        _scenario_texts(scenarios or {}),
        _worldview_texts(worldviews or {}),
    )
    return {key: value for key, value in found if value and value.strip()}


def _configuration_texts(atlas: Atlas) -> Iterator[tuple[str, str]]:
    for year, info in atlas.configurations.items():
        for name in CONFIGURATION_FIELDS:
            yield f"configuration.{year}.{name}", getattr(info, name)
        for number, reading in enumerate(info.readings, start=1):
            for name in READING_FIELDS:
                yield f"configuration.{year}.reading{number}.{name}", getattr(reading, name)


def _event_and_status_texts(atlas: Atlas) -> Iterator[tuple[str, str]]:
    for event in atlas.events:
        for name in EVENT_FIELDS:
            yield f"event.{event.id}.{name}", getattr(event, name)
    for row in atlas.status.to_dict("records"):
        for name in STATUS_FIELDS:
            yield f"status.{row['year']}.{row['group']}.{name}", str(row.get(name) or "")


def _scenario_texts(scenarios: dict) -> Iterator[tuple[str, str]]:
    for scenario in scenarios.values():
        if scenario.custom:
            continue
        for name in SCENARIO_FIELDS:
            yield f"scenario.{scenario.id}.{name}", getattr(scenario, name)
        for number, share in enumerate(scenario.quoted_shares, start=1):
            for name in QUOTED_SHARE_FIELDS:
                yield f"scenario.{scenario.id}.quoted{number}.{name}", getattr(share, name, "")


def _worldview_texts(worldviews: dict) -> Iterator[tuple[str, str]]:
    for worldview in worldviews.values():
        for name in WORLDVIEW_FIELDS:
            yield f"worldview.{worldview.id}.{name}", getattr(worldview, name)
        for drawn in worldview.groups:
            yield f"worldview.{worldview.id}.{drawn.group}.note", drawn.note


def stale_entries(lang: str, reference: dict[str, str]) -> dict[str, str]:
    """Entries of ``lang`` whose English has changed since they were translated, or whose id
    no longer exists: {id: why}."""
    found = {}
    for key, (digest, _) in load_translations(lang).entries.items():
        if key not in reference:
            found[key] = "no English text has this id any more"
        elif english_hash(reference[key]) != digest:
            found[key] = "the English text changed since it was translated"
    return found


def missing_entries(lang: str, reference: dict[str, str]) -> list[str]:
    """Ids of the reference whose English has no current translation in ``lang``."""
    known = load_translations(lang).by_hash
    return [key for key, english in reference.items() if english_hash(english) not in known]


# --------------------------------------------------------------------------- lookup


def mark_untranslated(english: str, lang: str) -> str:
    """The English text with a visible marker saying no translation is available yet."""
    return f"{english} {t('history.untranslated', lang)}"


def translate(english: str, lang: str) -> str:
    """``english`` in ``lang``: the current translation, or the English with a visible marker
    when there is none (missing, or stale after a correction of the English).

    English in, English out; an empty text stays empty; a text that is already a translation
    of this language is returned as it is (so that translating twice changes nothing).
    """
    if lang not in TRANSLATED or not english or not english.strip():
        return english
    for key in CATALOGUE_TEXTS:  # the reader's custom division: the interface's words
        if english == t(key, "en"):
            return t(key, lang)
    translations = load_translations(lang)
    found = translations.by_hash.get(english_hash(english))
    if found is not None:
        return found
    if english in translations.texts or english.endswith(t("history.untranslated", lang)):
        return english
    return mark_untranslated(english, lang)


def is_translation(lang: str) -> bool:
    """Whether history texts in ``lang`` are translations made for the atlas."""
    return lang in TRANSLATED


def translation_note(lang: str) -> str:
    """The file's own note on what its texts are (shown on the page)."""
    return load_translations(lang).note if lang in TRANSLATED else ""


def reading_in(reading: Reading, lang: str) -> Reading:
    texts: dict[str, Any] = {n: translate(getattr(reading, n), lang) for n in READING_FIELDS}
    return replace(reading, **texts)


def configuration_in(info: Configuration, lang: str) -> Configuration:
    """A configuration with its texts in ``lang`` (quotes and instrument names unchanged)."""
    if lang not in TRANSLATED:
        return info
    fields: dict[str, Any] = {n: translate(getattr(info, n), lang) for n in CONFIGURATION_FIELDS}
    fields.pop("instrument_en")
    return replace(info, **fields, readings=tuple(reading_in(r, lang) for r in info.readings))


def instrument_name(info: Configuration, lang: str) -> tuple[str, bool]:
    """The instrument's name in ``lang`` and whether it is the atlas's translation (True) or
    the instrument's own name in that language (False)."""
    own = getattr(info, f"instrument_{lang}", "") if lang in LANGUAGES else info.instrument_en
    if own:
        return own, False
    return translate(info.instrument_en, lang), lang in TRANSLATED


def configuration_label(info: Configuration, lang: str) -> str:
    return translate(info.label, lang)


def event_in(event: Event, lang: str) -> Event:
    """An event with its texts in ``lang`` (its quote unchanged)."""
    if lang not in TRANSLATED:
        return event
    texts: dict[str, Any] = {n: translate(getattr(event, n), lang) for n in EVENT_FIELDS}
    return replace(event, **texts)


@lru_cache(maxsize=4)
def quote_texts(atlas: Atlas) -> dict[str, tuple[QuoteText, ...]]:
    """The Japanese and Russian texts beside the atlas's quotes, by quote id (validated)."""
    return load_quote_texts(atlas)


def quote_beside(
    atlas: Atlas, quote: str, lang: str, ui: str | None = None
) -> tuple[tuple[str, str], ...]:
    """What to show under a quote (``configuration.<year>`` or ``event.<id>``) for a reader of
    history texts in ``lang``, as (label in ``ui``, text) pairs: first the quote's
    original-language texts (for every reader), then the text in the reader's own language (an
    official text, an existing translation or the atlas's translation), each labelled as what it
    is, with its source's title. English readers get only the originals."""
    ui = ui or lang
    shown = []
    for item in sorted(quote_texts(atlas).get(quote, ()), key=lambda i: i.kind != "original"):
        if item.kind == "original":
            language = t(f"history.name_{item.lang}", ui)
            shown.append((t("history.original_text", ui, language=language), item.text))
        elif item.lang == lang:
            title = str(atlas.sources.loc[item.source, "title"]) if item.source else ""
            shown.append((t(f"history.quote_{item.kind}", ui, source=title), item.text))
    return tuple(shown)


def quote_in(atlas: Atlas, info: Configuration, lang: str) -> tuple[str, str]:
    """A year's quote for a reader of ``lang`` (a speaker's note): a text in that language
    where the data has one (an authentic original, an official or published text, or the
    atlas's translation), else the quote as the data gives it; with its kind ("original",
    "official", "published", "atlas", or "quote" for the data's own edition)."""
    if lang != "en":
        for item in quote_texts(atlas).get(f"configuration.{info.year}", ()):
            if item.lang == lang:
                return item.text, item.kind
        source = info.quote_original_source
        if info.quote_original and source and atlas.sources.loc[source, "language"] == lang:
            return info.quote_original, "original"
    return info.quote, "quote"


def quote_note(atlas: Atlas, quote: str, lang: str, ui: str | None = None) -> str:
    """The note under a quote for a reader of translated history texts: the atlas keeps quotes
    in the edition it quotes ("" in English, and where the atlas's own translation is shown
    beside the quote: its label says what it is)."""
    texts = quote_texts(atlas).get(quote, ())
    if not is_translation(lang) or any(i.kind == "atlas" and i.lang == lang for i in texts):
        return ""
    return t("history.quote_kept", ui or lang)


def event_basis(event: Event, lang: str) -> str:
    """The event's instrument and article on one line ("…, Paragraph 8"; "…、第8項")."""
    separator = "、" if lang == "ja" else ", "
    return separator.join(v for v in (event.instrument, event.article) if v)


_MONTHS_RU = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
_MONTHS_RU_NOMINATIVE = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)


def date_text(value: str, lang: str) -> str:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) as a reader of ``lang`` writes it."""
    parts = [int(p) for p in value.split("-")]
    if lang == "ja":
        return "".join(f"{n}{unit}" for n, unit in zip(parts, ("年", "月", "日")))
    if lang == "ru":
        if len(parts) == 3:
            return f"{parts[2]} {_MONTHS_RU[parts[1] - 1]} {parts[0]} г."
        if len(parts) == 2:
            return f"{_MONTHS_RU_NOMINATIVE[parts[1] - 1]} {parts[0]} г."
        return f"{parts[0]} г."
    return value


def event_when(event: Event, lang: str) -> str:
    """The event's date as a reader of ``lang`` sees it ("1855年2月7日以前", "до 7 февраля
    1855 г.")."""
    if lang not in TRANSLATED:
        return event.when
    text = date_text(event.date, lang)
    if event.end_date:
        text = f"{text}\u2013{date_text(event.end_date, lang)}"
    if event.date_qualifier == "before":
        return f"{text}以前" if lang == "ja" else f"до {text}"
    return text[:1].upper() + text[1:]  # "Октябрь 1973 г." at the head of a title


# --------------------------------------------------------------------------- snapshots

# Words the scenario code composes in English (geo/model/scenarios.py), with their catalogue keys.
_COMPOSED_PREFIXES = {
    "Left to negotiation under this scenario; as today.": "history.scenario_negotiation",
    "Unchanged by this scenario; as today.": "history.scenario_unchanged",
}
_SCENARIO_BASIS = "Scenario: "
_PROPOSED_BY = "Proposed or stated by: "


def _unit_text(value: str, lang: str) -> str:
    for english, key in _COMPOSED_PREFIXES.items():
        if value.startswith(english):
            rest = value[len(english) :].strip()
            return " ".join(v for v in (t(key, lang), translate(rest, lang)) if v)
    if value.startswith(_SCENARIO_BASIS):
        return t("compare.scenario", lang, label=translate(value[len(_SCENARIO_BASIS) :], lang))
    if value.startswith(_PROPOSED_BY):
        return t("history.proposed_by", lang, proposer=translate(value[len(_PROPOSED_BY) :], lang))
    return translate(value, lang)


def unit_in(unit: Unit, lang: str) -> Unit:
    """A unit with its state name of the time, basis and notes in ``lang``."""
    if lang not in TRANSLATED:
        return unit
    texts: dict[str, Any] = {n: _unit_text(getattr(unit, n), lang) for n in STATUS_FIELDS}
    return replace(unit, administering_state=state_name(unit.administering_state, lang), **texts)


def snapshot_in(snapshot: Snapshot, lang: str, atlas: Atlas | None = None) -> Snapshot:
    """A snapshot with its title, subtitle, description and every unit's texts in ``lang``.

    Translating twice changes nothing; English (and the ``local`` names mode's English
    interface) returns the snapshot unchanged.
    """
    if lang not in TRANSLATED or snapshot.language == lang:
        return snapshot
    subtitle = snapshot.subtitle
    if snapshot.kind == "historical" and atlas is not None and snapshot.id.isdigit():
        info = atlas.configurations.get(int(snapshot.id))
        if info is not None and subtitle == info.instrument_en:
            subtitle = instrument_name(info, lang)[0]
    elif snapshot.kind == "scenario" and subtitle:
        proposer, sep, date = subtitle.rpartition(", ")
        if sep and re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", date):
            subtitle = f"{translate(proposer, lang)}, {date_text(date, lang)}"
        else:
            subtitle = translate(subtitle, lang)
    else:
        subtitle = translate(subtitle, lang)
    return replace(
        snapshot,
        label=translate(snapshot.label, lang),
        subtitle=subtitle,
        description=translate(snapshot.description, lang),
        tag=_TAGS[snapshot.kind](lang) if snapshot.kind in _TAGS else snapshot.tag,
        line_label=translate(snapshot.line_label, lang),
        cut_label=t("history.cut_label", lang) if snapshot.cut_label else "",
        units=tuple(unit_in(u, lang) for u in snapshot.units),
        language=lang,
    )


# The tag of a snapshot that is not a year: "Scenario", "This map" (a worldview).
_TAGS = {
    "scenario": lambda lang: t("history.scenario_tag", lang),
    "worldview": lambda lang: t("history.worldview_tag", lang),
}


def names_of_the_time(snapshot: Snapshot, style: Style, lang: str) -> dict[str, str]:
    """State code -> the state's name at a year's date, from the areas it administers then
    (RU in 1956: USSR), without an aside ("Japan (Tokugawa shogunate)" -> "Japan"); none for a
    scenario (its states are the present ones)."""
    if snapshot.kind != HISTORICAL:
        return {}
    names: dict[str, str] = {}
    for unit in snapshot.units:
        if unit.administering_state and unit.administered_by not in names:
            full = (
                unit.administering_state
                if lang == "en"
                else state_name(unit.administering_state, lang)
            )
            names[unit.administered_by] = without_aside(full)
    return names


def without_aside(name: str) -> str:
    """A state's name without its closing aside: "Japan (Tokugawa shogunate)" → "Japan" (a
    label beside an island or a list of claimants has room for the name only; the card and the
    table give it whole)."""
    return re.sub(r"\s*[(（][^()（）]*[)）]$", "", name)
