"""People then and now in words: one plain-text sentence per figure of a step (issue 21).

The figures and the rule of which ones a step may show are :mod:`geo.model.people`; this module
words them in a names mode's language, with their source ids.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.files.atlas import format_date
from geo.files.residents_census import SETTLEMENT, TOGETHER
from geo.i18n import DEFAULT_NAMES, plural, t, ui_language
from geo.model.people import PUBLISHED_1945, RULE_NONE, RULE_PERIOD, People, PeopleRow
from geo.text.history_text import date_text
from geo.text.wording import number

# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class PeopleLine:
    """One plain-text sentence and the source ids that back it (none for the atlas's own
    sentences: "no count", "the earliest after it is from …")."""

    text: str
    sources: tuple[str, ...] = ()


def people_lines(
    people: People, lang: str = DEFAULT_NAMES, names: pd.DataFrame | None = None
) -> tuple[PeopleLine, ...]:
    """One short sentence per figure of ``people``, in plain text, with its source ids.

    ``lang``: a names mode (``local``, ``en``, ``ja``, ``ru``; geo.i18n): the words are in its
    interface language (English for ``local``) and the groups are named as
    geo.text.tables.area_name names them (the English name, which pairs the Japanese and the
    Russian form, for ``en`` and ``local``). ``names``: the group names,
    ``geo.model.timeline.names_of(atlas, "group")`` (required when there are rows). Settlements are
    named from the catalogue (``people.place_<id>``). Numbers are grouped as the language
    writes them (a no-break space in Russian), and the word after a number follows the
    language's plural rules.
    """
    ui = ui_language(lang)
    lines: list[PeopleLine] = []
    if people.rule == RULE_NONE:
        return (PeopleLine(_first_upper(t("people.no_figure", ui, step=people.step))),)
    if people.rule == RULE_PERIOD and people.year != people.step:
        text = t("people.earliest_after", ui, step=people.step, year=people.year)
        lines.append(PeopleLine(_first_upper(text)))
    for row in people.rows:
        text = _row_text(row, ui, _area_name(row.group, lang, names) if row.group else "")
        lines.append(PeopleLine(_first_upper(text), row.sources))
    if people.rule == RULE_PERIOD and not any(r.area_kind != SETTLEMENT for r in people.rows):
        lines.append(PeopleLine(_first_upper(t("people.no_island_figure", ui, year=people.year))))
    return tuple(lines)


def _area_name(group: str, lang: str, names: pd.DataFrame | None) -> str:
    if names is None:
        raise TypeError("people_lines needs the group names (geo.model.timeline.names_of)")
    return str(names.loc[group, f"name_{ui_language(lang)}"])


def _first_upper(text: str) -> str:
    """The line with its first letter a capital ("Остров Итуруп: …" at the head of a line)."""
    return text[:1].upper() + text[1:]


def _date(value: str, lang: str) -> str:
    return format_date(value) if lang == "en" else date_text(value, lang)


def _what(row: PeopleRow, lang: str) -> str:
    """The kind of a figure with its date or year: "2010 census", "estimate for 1 January
    2023", "as stated for 2018"."""
    if row.kind == "census":
        return t("people.census", lang, year=row.year)
    if row.kind == "estimate":
        if row.date:
            return t("people.estimate_on", lang, date=_date(row.date, lang))
        return t("people.estimate_in", lang, year=row.year)
    if row.date:
        return t("people.statement_on", lang, date=_date(row.date, lang))
    return t("people.statement_in", lang, year=row.year)


def _count(row: PeopleRow, lang: str) -> str:
    text = number(row.count, 0, lang)
    if row.qualifier == "approximately":
        return t("people.approximately", lang, count=text)
    return text


def _row_text(row: PeopleRow, lang: str, area: str) -> str:
    """The sentence of one figure (``area``: its group's name, "" for the four together)."""
    count = _count(row, lang)
    if row.kind == PUBLISHED_1945:
        residents = plural("residents", row.count, lang)
        date = _date(row.date, lang)
        if row.area_kind == TOGETHER:
            return t(
                "people.japanese_1945_total", lang, count=count, date=date, residents=residents
            )
        return t(
            "people.japanese_1945", lang, area=area, count=count, date=date, residents=residents
        )
    what = _what(row, lang)
    inhabitants = plural("inhabitants", row.count, lang)
    if row.area_kind == SETTLEMENT:
        place = t(f"people.place_{row.area}", lang)
        return t(
            "people.settlement",
            lang,
            place=place,
            area=area,
            count=count,
            inhabitants=inhabitants,
            what=what,
        )
    if row.counts == "japanese_residents":
        if row.area_kind == TOGETHER and row.count == 0:
            return t("people.no_japanese_now", lang, year=row.year)
        area = area or t("people.four_islands", lang)
        residents = plural("residents", row.count, lang)
        return t(
            "people.count_japanese", lang, area=area, count=count, residents=residents, what=what
        )
    if row.area_kind == TOGETHER:
        return t("people.total", lang, count=count, inhabitants=inhabitants, what=what)
    if row.count == 0:
        if row.counts == "civilian_residents":
            return t("people.none_civilians", lang, area=area, what=what)
        if row.counts == "residents_excluding_border_guards":
            return t("people.none_besides_guards", lang, area=area, what=what)
        return t("people.none_permanent", lang, area=area, what=what)
    if row.counts == "civilian_residents":
        return t(
            "people.count_civilians",
            lang,
            area=area,
            count=count,
            inhabitants=inhabitants,
            what=what,
        )
    if row.counts == "residents_excluding_border_guards":
        return t(
            "people.count_besides_guards",
            lang,
            area=area,
            count=count,
            inhabitants=inhabitants,
            what=what,
        )
    return t("people.count", lang, area=area, count=count, inhabitants=inhabitants, what=what)
