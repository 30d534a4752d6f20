"""``data/messages.toml``: the interface's own words in English, Japanese and Russian (the
catalogue :mod:`geo.i18n` fills in), read and checked. :func:`placeholders` checks the
``{placeholders}`` of any text the atlas fills in (the questions' texts too)."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from geo.errors import DataError, data_label, raise_problems
from geo.files.read import DATA_DIR, read_toml
from geo.files.schema import Expected, Loc, Record, check

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

_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FORMATTER = string.Formatter()
Text = Annotated[str, Expected("text")]


class Texts(Record):
    """One message in the three languages."""

    en: Text
    ja: Text
    ru: Text


class Catalogue(Record):
    """The file's sections (``[section]`` tables of ``key = { en, ja, ru }``), as ``sections``
    (the file's top level has no names of its own)."""

    sections: dict[
        str,
        Annotated[
            dict[str, Annotated[Texts, Expected("{en, ja, ru}")]],
            Expected("a table of messages"),
        ],
    ]


def _place(loc: Loc) -> tuple[str | None, Loc]:
    """``section.key`` for a message (its field: the language), ``[section]`` for a section."""
    loc = loc[1:]  # inside "sections"
    if not loc:
        return None, loc
    if len(loc) == 1:
        return f"[{loc[0]}]", ()
    return f"{loc[0]}.{loc[1]}", loc[2:]


@lru_cache(maxsize=4)
def load_messages(path: Path | None = None) -> dict[str, dict[str, str]]:
    """The catalogue as {"section.key": {"en": ..., "ja": ..., "ru": ...}}, validated.

    Every problem in the file is collected and reported together in one ``DataError``: an entry
    without one of the three languages, a non-text value, an unknown language, a placeholder
    that is not a plain ``{name}`` of :data:`PLACEHOLDERS` for that entry, or a translation
    whose placeholders differ from the English text.
    """
    path = path or DATA_DIR / "messages.toml"
    label = data_label(path)
    raw = read_toml(path, label)
    catalogue, problems = check(Catalogue, {"sections": raw}, label, place=_place)
    for key, texts in _in_three_languages(raw):
        problems += _placeholder_problems(key, texts, label)
    raise_problems(problems)
    assert catalogue is not None
    return {
        f"{section}.{key}": texts.model_dump()
        for section, entries in catalogue.sections.items()
        for key, texts in entries.items()
    }


def _in_three_languages(raw: dict) -> list[tuple[str, dict[str, str]]]:
    """Every message of the file with a text in each language ("section.key", texts), also
    where another message is broken, so that every problem of the file is listed together."""
    return [
        (f"{section}.{key}", texts)
        for section, entries in raw.items()
        if isinstance(entries, dict)
        for key, texts in entries.items()
        if isinstance(texts, dict) and all(isinstance(texts.get(lang), str) for lang in LANGUAGES)
    ]


def placeholders(text: str, allowed: tuple[str, ...], filler: str) -> tuple[set[str], list[str]]:
    """The ``{placeholder}`` names of a text the atlas fills in, and what is wrong with any of
    them: a stray brace, a placeholder that is not a plain ``{name}`` (an attribute, index,
    conversion or format spec could run code or take the server's memory), or a name not in
    ``allowed``. ``filler`` says who fills them in, as the problem words it ("this question
    fills in")."""
    try:
        parts = list(_FORMATTER.parse(text))
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
            wrong.append(f"placeholder {shown} is not one {filler}; expected only {expected}")
        else:
            names.add(name)
    return names, wrong


def _placeholder_problems(key: str, texts: dict[str, str], label: str) -> list[DataError]:
    """What is wrong with the placeholders of one message: each language's own, then any
    translation whose placeholders differ from the English."""
    allowed = PLACEHOLDERS.get(key, ())
    found, problems = {}, []
    for lang in LANGUAGES:
        found[lang], wrong = placeholders(
            texts[lang], allowed, "the atlas fills in for this message"
        )
        problems += [DataError(label, text, where=key, field=lang) for text in wrong]
    for lang in LANGUAGES[1:]:
        if found[lang] != found["en"]:
            problems.append(
                DataError(
                    label,
                    f"{lang} has placeholders {sorted(found[lang])}, "
                    f"English has {sorted(found['en'])}",
                    where=key,
                    field=lang,
                )
            )
    return problems
