"""Languages: place names in English, Japanese, Russian or both local names, and the interface's
own words from one message catalogue (``data/messages.toml``).

A *names mode* says how places are named: ``local`` (the default: the Japanese and the Russian
name side by side, so neither side's name is hidden), ``en``, ``ja`` or ``ru``. The interface
language follows it (English for ``local``). Nothing here imports Streamlit.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from babel import Locale

from geo.errors import DataError, data_label
from geo.files.problems import Problems
from geo.files.read import DATA_DIR, read_toml

NAME_MODES = ("local", "en", "ja", "ru")
DEFAULT_NAMES = "local"
LANGUAGES = ("en", "ja", "ru")

# The values the atlas fills into each message of the catalogue, by key: a message may use only
# these, each as a plain {name} (no attribute, index, conversion or format spec), checked when
# the catalogue is read; a key not listed takes none. The code passes exactly these
# (tests/test_i18n.py reads every call); "map." messages are filled in by the map's script.
PLACEHOLDERS: dict[str, tuple[str, ...]] = {
    "map.legend_hatch": ("admin", "claimant"),
    "map.legend_marked": ("admin", "claimant"),
    "plan.opened": ("title",),
    "plan.step_line": ("label", "n"),
    "plan.step_beside": ("beside", "label", "n"),
    "card.drawn": ("state", "tag"),
    "card.claim_marked": ("states",),
    "detail.title_worldview": ("area", "label"),
    "change.shown": ("new", "old"),
    "change.claims_shown": ("new", "old"),
    "compare.land_map": ("state",),
    "compare.contested_map": ("state",),
    "compare.official_map": ("state",),
    "compare.islands_map": ("state",),
    "compare.sea_map": ("state",),
    "card.administered": ("state", "tag"),
    "card.claimed": ("states",),
    "card.claimed_elsewhere": ("states",),
    "card.transfer": ("state",),
    "card.part": ("share",),
    "card.basis": ("basis",),
    "lesson.changed": ("year",),
    "lesson.more": ("changes", "count"),
    "lesson.differs": ("baseline",),
    "lesson.summary_admin": ("place", "state"),
    "lesson.summary_claim": ("states",),
    "lesson.summary_transfer": ("state",),
    "lesson.summary_part": ("share",),
    "app.step_of": ("n", "total"),
    "app.every_area": ("year",),
    "app.sources_for": ("label",),
    "table.not_administering": ("state",),
    "detail.title_year": ("area", "year"),
    "detail.title_scenario": ("area", "label"),
    "detail.part_title": ("area", "state"),
    "detail.feature_list": ("area", "features"),
    "detail.land_area_value": ("km2",),
    "change.line": ("area", "changes"),
    "change.administered": ("new", "old"),
    "change.renamed": ("new", "old"),
    "change.claimed": ("new", "old"),
    "change.transfer": ("state",),
    "change.divided": ("shares",),
    "change.none": ("after", "before"),
    "compare.land": ("state",),
    "compare.contested": ("state",),
    "compare.official": ("state",),
    "compare.islands": ("state",),
    "compare.sea": ("state",),
    "compare.scenario": ("label",),
    "compare.move": ("km2", "new", "old"),
    "compare.residents": ("count", "residents"),
    "compare.hand_line": ("area", "moves", "people"),
    "compare.sea_move": ("km2", "new", "old"),
    "compare.sea_move_map": ("km2", "new", "old"),
    "compare.totals": ("listed", "published", "total"),
    "compare.split": ("area", "label", "shares"),
    "compare.quoted": ("area", "date", "said_by", "share"),
    "questions.page": ("n", "total"),
    "questions.continued": ("label",),
    "questions.answer_administrator": ("place", "state"),
    "questions.answer_divided": ("parts", "place"),
    "questions.part": ("share", "state"),
    "questions.answer_claimants": ("place", "states"),
    "questions.answer_no_claimant": ("place", "state"),
    "questions.answer_land_share": ("km2", "official", "official_pct", "pct", "state"),
    "questions.answer_changed": ("areas",),
    "questions.changed_item": ("area", "new", "old"),
    "questions.answer_transfer": ("place", "state"),
    "questions.answer_transfer_condition": ("condition", "place", "state"),
    "questions.answer_no_transfer": ("place",),
    "questions.drawn_jp": ("place",),
    "questions.drawn_ru": ("place",),
    "questions.drawn_undetermined": ("place",),
    "questions.drawn_not_stated": ("place",),
    "handout.caption": ("instrument", "year"),
    "handout.present_day": ("year",),
    "handout.four_held": ("admin",),
    "handout.four_contested": ("admin", "claimants"),
    "handout.group_status": ("admin", "name"),
    "handout.transfer": ("groups", "state"),
    "handout.four_drawn": ("state",),
    "handout.divided": ("shares",),
    "handout.sources_cited": ("numbers",),
    "handout.scale_km": ("km",),
    "handout.legend_hatch_drawn": ("admin", "claimant"),
    "history.instrument_translated": ("language",),
    "history.key_text_article": ("article",),
    "history.original_text": ("language",),
    "history.computed": ("after", "before"),
    "history.readings": ("topic",),
    "history.numbers_sides": ("left", "right"),
    "history.numbers_alt": ("left", "right"),
    "history.table_alt": ("year",),
    "history.about_side": ("side",),
    "history.proposed_by": ("proposer",),
    "history.quote_official": ("source",),  # as history.quote_{kind}
    "history.quote_published": ("source",),
    "residents.divided": ("count",),
    "residents.no_figure": ("features",),
    "residents.named_only": ("features",),
    "people.japanese_1945": ("area", "count", "date", "residents"),
    "people.japanese_1945_total": ("count", "date", "residents"),
    "people.count": ("area", "count", "inhabitants", "what"),
    "people.count_civilians": ("area", "count", "inhabitants", "what"),
    "people.count_besides_guards": ("area", "count", "inhabitants", "what"),
    "people.count_japanese": ("area", "count", "residents", "what"),
    "people.total": ("count", "inhabitants", "what"),
    "people.none_permanent": ("area", "what"),
    "people.none_civilians": ("area", "what"),
    "people.none_besides_guards": ("area", "what"),
    "people.no_japanese_now": ("year",),
    "people.settlement": ("area", "count", "inhabitants", "place", "what"),
    "people.census": ("year",),
    "people.estimate_on": ("date",),
    "people.estimate_in": ("year",),
    "people.statement_on": ("date",),
    "people.statement_in": ("year",),
    "people.approximately": ("count",),
    "people.earliest_after": ("step", "year"),
    "people.no_island_figure": ("year",),
    "people.no_figure": ("step",),
}
_FORMATTER = string.Formatter()
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@lru_cache(maxsize=4096)
def _parts(text: str) -> tuple[tuple[str, str | None, str | None, str | None], ...]:
    """A message split into (literal, name, format spec, conversion) parts; ValueError for a
    stray brace."""
    return tuple(_FORMATTER.parse(text))


def _placeholders(text: str, allowed: tuple[str, ...]) -> tuple[set[str], list[str]]:
    """The placeholder names of a message text, and what is wrong with any of them."""
    try:
        parts = _parts(text)
    except ValueError as exc:
        return set(), [f"has a stray brace ({exc}); write {{{{ or }}}} for a literal one"]
    names: set[str] = set()
    wrong: list[str] = []
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        shown = "{" + name + (f"!{conversion}" if conversion else "")
        shown += (f":{spec}" if spec else "") + "}"
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        if not _PLAIN_NAME.fullmatch(name) or spec or conversion:
            wrong.append(
                f"placeholder {shown} is not allowed: expected a plain {{name}}, without "
                "attribute, index, conversion or format spec"
            )
        elif name not in allowed:
            expected = ", ".join("{" + a + "}" for a in allowed) or "none"
            wrong.append(
                f"placeholder {shown} is not one the atlas fills in for this message; "
                f"expected only {expected}"
            )
        else:
            names.add(name)
    return names, wrong


def ui_language(names_mode: str) -> str:
    """The interface language of a names mode: English for ``local`` and unknown modes."""
    return names_mode if names_mode in LANGUAGES else "en"


def place_lines(row: Mapping, names_mode: str) -> list[str]:
    """A place's name as one or two lines (two for ``local``: Japanese, then Russian).

    ``row`` is a row of names.csv (``name_en``, ``name_ja``, ``name_ru``).
    """
    if names_mode in LANGUAGES:
        return [str(row[f"name_{names_mode}"])]
    return [str(row["name_ja"]), str(row["name_ru"])]


def place_name(row: Mapping, names_mode: str) -> str:
    """A place's name on one line, e.g. "択捉島 / остров Итуруп" for ``local``."""
    return " / ".join(place_lines(row, names_mode))


@lru_cache(maxsize=4)
def load_messages(path: Path | None = None) -> dict[str, dict[str, str]]:
    """The catalogue as {"section.key": {"en": ..., "ja": ..., "ru": ...}}, validated.

    Every problem in the file is collected and reported together in one ``DataError``: an entry
    without one of the three languages, a non-text value, a placeholder that is not a plain
    ``{name}`` of :data:`PLACEHOLDERS` for that entry, or a translation whose placeholders
    differ from the English text.
    """
    path = path or DATA_DIR / "messages.toml"
    label = data_label(path)
    raw = read_toml(path, label)
    messages: dict[str, dict[str, str]] = {}
    problems = Problems(label)
    for section, entries in raw.items():
        if not isinstance(entries, dict):
            problems.add(where=f"[{section}]", expected="a table of messages", found=entries)
            continue
        for key, texts in entries.items():
            where = f"{section}.{key}"
            if not isinstance(texts, dict):
                problems.add(where=where, expected="{en, ja, ru}", found=texts)
                continue
            missing = [lang for lang in LANGUAGES if lang not in texts]
            bad = [lang for lang in LANGUAGES if lang in texts and not isinstance(texts[lang], str)]
            extra = sorted(set(texts) - set(LANGUAGES))
            if missing or bad or extra:
                problems.add(
                    f"needs text in {', '.join(LANGUAGES)}"
                    + (f"; missing {missing}" if missing else "")
                    + (f"; not text: {bad}" if bad else "")
                    + (f"; unknown languages {extra}" if extra else ""),
                    where=where,
                )
                continue
            allowed = PLACEHOLDERS.get(where, ())
            found = {}
            for lang in LANGUAGES:
                found[lang], wrong = _placeholders(texts[lang], allowed)
                for text in wrong:
                    problems.add(text, where=where, field=lang)
            for lang in LANGUAGES[1:]:
                if found[lang] != found["en"]:
                    problems.add(
                        f"{lang} has placeholders {sorted(found[lang])}, "
                        f"English has {sorted(found['en'])}",
                        where=where,
                        field=lang,
                    )
            messages[where] = dict(texts)
    problems.raise_all()
    return messages


def t(key: str, lang: str = "en", **values) -> str:
    """The message ``key`` ("section.key") in ``lang``, with ``{placeholders}`` filled in.

    Without ``values`` the text is given as written (the map's script fills in its own). Each
    ``{name}`` is replaced by ``str(values[name])``: no attribute or index is ever looked up and
    no format spec applied (the catalogue allows none, :func:`load_messages`). An unknown
    language falls back to English. A key the catalogue lacks, or a placeholder without a
    value, raises a ``DataError`` naming ``data/messages.toml`` and the entry (an entry deleted
    from the data, or a bug in the code).
    """
    messages = load_messages()
    if key not in messages:
        section, _, name = key.rpartition(".")
        raise DataError(
            data_label(DATA_DIR / "messages.toml"),
            where=f"[{section}]",
            field=name,
            expected="an entry { en = ..., ja = ..., ru = ... }",
            found=None,
        )
    texts = messages[key]
    text = texts[lang if lang in LANGUAGES else "en"] or texts["en"]
    if not values:
        return text
    filled = []
    for literal, name, _spec, _conversion in _parts(text):
        filled.append(literal)
        if name is None:
            continue
        if name not in values:
            raise DataError(
                data_label(DATA_DIR / "messages.toml"),
                f"placeholder {{{name}}} has no value here; expected only "
                + (", ".join("{" + v + "}" for v in values)),
                where=key,
                field=lang,
            )
        filled.append(str(values[name]))
    return "".join(filled)


def catalogue_section(name: str, lang: str = "en") -> dict[str, str]:
    """Every message of one catalogue section in ``lang``, keyed without the section prefix."""
    prefix = name + "."
    return {key[len(prefix) :]: t(key, lang) for key in load_messages() if key.startswith(prefix)}


@lru_cache(maxsize=4)
def plural_categories(lang: str) -> frozenset[str]:
    """The CLDR plural categories of ``lang`` (Babel's rules), e.g. Russian one/few/many/other."""
    return frozenset(Locale.parse(lang).plural_form.tags) | {"other"}


def plural_forms(key: str, lang: str) -> dict[str, str]:
    """The forms of the catalogue's ``[plural]`` entry ``key`` in ``lang``: {category: word}."""
    forms = {}
    for part in t(f"plural.{key}", lang).split("|"):
        category, _, word = part.partition(":")
        forms[category.strip()] = word.strip()
    return forms


def plural(key: str, count: float, lang: str = "en") -> str:
    """The word of ``[plural]`` ``key`` that goes with ``count`` in ``lang``, chosen by the
    language's CLDR plural rules (Babel): ``plural("changes", 5, "ru")`` → "изменений"."""
    lang = lang if lang in LANGUAGES else "en"
    forms = plural_forms(key, lang)
    category = Locale.parse(lang).plural_form(count)
    return forms.get(category) or forms.get("other") or next(iter(forms.values()), "")
