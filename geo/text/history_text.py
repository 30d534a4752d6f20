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
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.errors import data_label
from geo.files.atlas import Atlas, Configuration, Event, QuoteText, Reading
from geo.files.problems import Problems
from geo.files.quote_texts import load_quote_texts
from geo.files.read import DATA_DIR, read_toml
from geo.i18n import LANGUAGES, t
from geo.model.snapshot import HISTORICAL, Snapshot, Unit

TRANSLATED = ("ja", "ru")
TRANSLATIONS_DIR = DATA_DIR / "timeline" / "translations"
GLOSSARY_PATH = DATA_DIR / "glossary.toml"
HASH_CHARS = 12
_ID = re.compile(r"^[a-z]+(\.[A-Za-z0-9_\-]+)+$")
_HASH = re.compile(rf"^[0-9a-f]{{{HASH_CHARS}}}$")
ENTRY_KEYS = ("en_sha256", "text")
ABOUT_KEYS = ("language", "reference", "status", "note")

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
# Texts of the reader's own custom division (geo.model.scenarios.custom_scenario): not history, so
# they are catalogue entries, looked up by their English.
CATALOGUE_TEXTS = ("custom.title", "custom.subtitle", "custom.description")
# A worldview's texts (geo.model.worldviews); each group's note is translated too.
WORLDVIEW_FIELDS = ("label", "series", "description", "boundaries", "verification", "line_label")
QUOTED_SHARE_FIELDS = ("said_by",)  # its "wording" is a quote: never translated


def english_hash(text: str) -> str:
    """The short hash a translation records of the English it translates."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:HASH_CHARS]


# --------------------------------------------------------------------------- files


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key
class Translations:
    """One language's translation file: its note and its entries."""

    lang: str
    status: str
    note: str
    entries: dict[str, tuple[str, str]]  # id -> (en_sha256, text)

    @property
    def by_hash(self) -> dict[str, str]:
        return _by_hash(self)

    @property
    def texts(self) -> frozenset[str]:
        return frozenset(text for _, text in self.entries.values())


@lru_cache(maxsize=8)
def _by_hash(translations: Translations) -> dict[str, str]:
    return {h: text for h, text in translations.entries.values()}


def translation_path(lang: str, directory: Path | None = None) -> Path:
    return (directory or TRANSLATIONS_DIR) / f"{lang}.toml"


@lru_cache(maxsize=8)
def load_translations(lang: str, directory: Path | None = None) -> Translations:
    """The translation file of ``lang`` (``ja`` or ``ru``), validated.

    Every problem is reported together in one ``DataError`` naming the file, the entry and the
    field: an ``[about]`` table without the language, the reference language (``en``) or the
    status of the texts; an id that is not ``section.part...``; an entry without a 12-digit
    ``en_sha256`` or a non-empty ``text``; an unknown key.
    """
    if lang not in TRANSLATED:
        raise ValueError(f"no translation file for language {lang!r}")
    path = translation_path(lang, directory)
    label = data_label(path)
    raw = read_toml(path, label)
    problems = Problems(label)
    about = raw.pop("about", None)
    status = note = ""
    if not isinstance(about, dict):
        problems.add(
            where="[about]",
            expected="a table naming language, reference, status, note",
            found=about,
        )
    else:
        for key in ABOUT_KEYS:
            value = about.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.add(where="[about]", field=key, expected="a text", found=value)
        if about.get("language") not in (None, lang) and isinstance(about.get("language"), str):
            problems.add(
                where="[about]", field="language", expected=repr(lang), found=about.get("language")
            )
        if about.get("reference") not in (None, "en"):
            problems.add(
                where="[about]", field="reference", expected="'en'", found=about.get("reference")
            )
        extra = sorted(set(about) - set(ABOUT_KEYS))
        if extra:
            problems.add(where="[about]", expected=f"only {list(ABOUT_KEYS)}", found=extra)
        status, note = str(about.get("status", "")), str(about.get("note", ""))
    entries: dict[str, tuple[str, str]] = {}
    for key, entry in raw.items():
        where = f'["{key}"]'
        if not _ID.match(key):
            problems.add(where=where, expected="an id like 'configuration.1956.summary'", found=key)
            continue
        if not isinstance(entry, dict):
            problems.add(where=where, expected="a table with en_sha256 and text", found=entry)
            continue
        digest, text = entry.get("en_sha256"), entry.get("text")
        ok = True
        if not isinstance(digest, str) or not _HASH.match(digest):
            problems.add(
                where=where,
                field="en_sha256",
                expected=f"the first {HASH_CHARS} hex digits of the English text's SHA-256",
                found=digest,
            )
            ok = False
        if not isinstance(text, str) or not text.strip():
            problems.add(where=where, field="text", expected="the translated text", found=text)
            ok = False
        extra = sorted(set(entry) - set(ENTRY_KEYS))
        if extra:
            problems.add(where=where, expected=f"only {list(ENTRY_KEYS)}", found=extra)
            ok = False
        if ok:
            entries[key] = (digest, text)
    problems.raise_all()
    return Translations(lang=lang, status=status, note=note, entries=entries)


@dataclass(frozen=True)
class Term:
    id: str
    kind: str
    en: str
    ja: str
    ru: str
    why: str
    check_en: str = ""
    check_ja: str = ""
    check_ru: str = ""


GLOSSARY_KINDS = ("term", "state_name")


@lru_cache(maxsize=4)
def load_glossary(path: Path | None = None) -> tuple[Term, ...]:
    """The glossary's terms (``[[term]]``: id, kind, en, ja, ru, why; optional check_en,
    check_ja, check_ru regular expressions for the tests), validated."""
    path = path or GLOSSARY_PATH
    label = data_label(path)
    raw = read_toml(path, label)
    problems = Problems(label)
    terms = []
    seen: set[str] = set()
    for number, row in enumerate(raw.get("term", []), start=1):
        where = f"[[term]] {number}"
        if not isinstance(row, dict):
            problems.add(where=where, expected="a table", found=row)
            continue
        values = {}
        for key in ("id", "kind", "en", "ja", "ru", "why"):
            value = row.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.add(where=where, field=key, expected="a text", found=value)
            values[key] = str(value or "")
        for key in ("check_en", "check_ja", "check_ru"):
            value = row.get(key, "")
            if not isinstance(value, str):
                problems.add(where=where, field=key, expected="a regular expression", found=value)
                value = ""
            try:
                re.compile(value)
            except re.error as exc:
                problems.add(
                    where=where, field=key, expected=f"a regular expression ({exc})", found=value
                )
                value = ""
            values[key] = value
        extra = sorted(set(row) - set(Term.__dataclass_fields__))
        if extra:
            problems.add(
                where=where, expected="only id, kind, en, ja, ru, why, check_*", found=extra
            )
        if values["kind"] and values["kind"] not in GLOSSARY_KINDS:
            problems.add(
                where=where,
                field="kind",
                expected=f"one of {list(GLOSSARY_KINDS)}",
                found=values["kind"],
            )
        if values["id"] in seen:
            problems.add(where=where, field="id", expected="an id used once", found=values["id"])
        seen.add(values["id"])
        terms.append(Term(**values))
    problems.raise_all()
    return tuple(terms)


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
    ``data/worldviews.toml`` (:func:`geo.model.worldviews.load_worldviews`)."""
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


def names_of_the_time(snapshot: Snapshot, style: dict, lang: str) -> dict[str, str]:
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
