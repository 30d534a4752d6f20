"""Questions for every step (issue 21): one or two questions whose answers come from the data,
and one discussion prompt, per configuration year, scenario and worldview.

``data/questions.toml`` (read and checked by :func:`geo.files.questions.load_questions`) holds,
per step, questions as a KIND with parameters and a question text in English, Japanese and
Russian (a template with ``{placeholders}``), never a typed answer: :func:`answer` computes the
answer from the step's snapshot (who administers or
claims a group, what share of the four islands' land a state holds, which groups changed
administrator, how a worldview's map draws a group, to whom a transfer was promised). The
discussion prompt is free text in the three languages with its ``sources`` (ids of
``timeline/sources.csv``) and a ``note`` saying where in them its facts are.

Kinds (and the steps they apply to):

- ``administrator`` (``group``): who administers the group; years and scenarios.
- ``claimants`` (``group``): who claims the group without administering it; years and
  scenarios.
- ``land_share`` (``state``, JP or RU): the state's land among the four disputed groups, in km²
  (atlas outlines, EPSG:6933) and % of the four, beside the published areas (MOFA / GSI);
  years and scenarios.
- ``changed`` (``among``: ``four`` or ``all``): the groups whose administrator differs from the
  previous configuration year (for a year; not the first) or from the present day (for a
  scenario).
- ``transfer`` (``group``): to whom a transfer of the group was promised (and on what
  condition); years and scenarios.
- ``drawn_as`` (``group``): how a worldview's map draws the group (JP, RU, UNDETERMINED or
  NOT_STATED, in the worldview snapshot's ``administered_by``); worldviews only.

Place names follow the names mode as the page's running text does
(:func:`geo.text.tables.area_name`: the name in ``ja`` / ``ru`` modes, the English name, which
pairs the Japanese and the Russian form, otherwise); in the ``local`` mode a Japanese or
Russian text gives both local names ("択捉島 / остров Итуруп"). States are named as at the time
in a year (USSR in 1956). Everything returned is plain text (never HTML or Markdown).

Nothing here imports Streamlit.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache

from geo.files.atlas import Atlas
from geo.files.codes import DISPUTED_GROUPS
from geo.files.official_areas import load_official_areas
from geo.files.questions import (
    ADMINISTRATOR,
    CHANGED,
    CLAIMANTS,
    DRAWN_AS,
    LAND_SHARE,
    STEP_KINDS,
    TRANSFER,
    Question,
    step_kinds,
)
from geo.files.style import Style, load_style
from geo.files.worldviews import load_for
from geo.i18n import DEFAULT_NAMES, LANGUAGES, NAME_MODES, place_name, t
from geo.model.compare import land_figures, official_pairs
from geo.model.snapshot import HISTORICAL, Snapshot, Unit, diff
from geo.model.timeline import configurations, historical_snapshot, names_of
from geo.text.history_text import names_of_the_time, snapshot_in, state_name
from geo.text.wording import list_separator, number, percent, state_label

# How a worldview's map draws a group (the worldview snapshot's ``administered_by``).
DRAWN_CODES = ("JP", "RU", "UNDETERMINED", "NOT_STATED")
_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class Answer:
    """A question's answer: plain text in the language, and the groups to mark on the map."""

    text: str
    groups: tuple[str, ...]


# --------------------------------------------------------------------------- steps


def worldview_ids(atlas: Atlas) -> tuple[str, ...]:
    """The ids of ``data/worldviews.toml`` (japan_official, russia_official, ...), in order,
    as :mod:`geo.files.worldviews` reads and checks the file."""
    return tuple(load_for(atlas))


def step_label(snapshot: Snapshot, atlas: Atlas, lang: str) -> str:
    """A step's label in ``lang``: its translated label (:func:`geo.text.history_text.snapshot_in`;
    a worldview's texts are history texts too)."""
    return snapshot_in(snapshot, lang, atlas).label


def step_ids(atlas: Atlas, scenarios: dict, worldviews: tuple[str, ...] | None = None) -> list[str]:
    """Every step, in order: the configuration years (as text), the scenarios, the
    worldviews (by default those of ``worldviews.toml``)."""
    return list(step_kinds(atlas, scenarios, worldviews))


# --------------------------------------------------------------------------- answers


def _fill(template: str, values: dict[str, object]) -> str:
    """A checked template with its placeholders replaced (never an attribute or format spec)."""
    out = []
    for literal, name, _spec, _conversion in _FORMATTER.parse(template):
        out.append(literal)
        if name is not None:
            out.append(str(values[name]))
    return "".join(out)


def place(group: str, atlas: Atlas, lang: str, names_mode: str = DEFAULT_NAMES) -> str:
    """A group's name in running text: the name in the ``ja`` / ``ru`` names modes and the
    English name in ``en`` (as the page names areas); in ``local``, the English name in an
    English text and both local names ("択捉島 / остров Итуруп") in a Japanese or Russian one."""
    row = names_of(atlas, "group").loc[group]
    if names_mode in LANGUAGES:
        return str(row[f"name_{names_mode}"])
    return str(row["name_en"]) if lang == "en" else place_name(row, "local")


def _style(atlas: Atlas, style: Style | None) -> Style:
    return style if style is not None else load_style(atlas.data_dir / "style.toml")


def state_in(code: str, snapshot: Snapshot, style: Style, lang: str) -> str:
    """A state's name in a snapshot: as at the time in a configuration year (USSR in 1956),
    else its short name. A joint holding keeps its aside ("Japan and Russian Empire
    (unpartitioned)" in 1855; "Japan and Russia (unpartitioned)" in a scenario)."""
    if code == "JOINT":
        joint = next((u for u in snapshot.units if u.administered_by == code), None)
        if snapshot.kind == HISTORICAL and joint is not None and joint.administering_state:
            return state_name(joint.administering_state, lang)
        return t("state_by.JOINT", lang)
    names = names_of_the_time(snapshot, style, lang)
    if code in names:
        return names[code]
    return state_label(code, style, lang)


# English names of the time that take "the" inside a sentence ("administered by the USSR").
_THE = ("USSR", "Russian Empire", "Russian Federation", "Empire of Japan")


def _in_sentence(name: str, lang: str) -> str:
    """A state's name inside an English sentence: "the USSR", "the Russian Empire"."""
    return f"the {name}" if lang == "en" and name in _THE else name


def _sentence(text: str) -> str:
    """A text starting with a capital ("Остров Итуруп: ..." from "остров Итуруп")."""
    return text[:1].upper() + text[1:]


def _holders(units: tuple[Unit, ...], snapshot: Snapshot, style: Style, lang: str) -> str:
    """Who administers a group's units: one state, or each part's state with its share."""
    if len(units) == 1:
        return state_in(units[0].administered_by, snapshot, style, lang)
    ordered = sorted(units, key=lambda u: -u.share)
    return list_separator(lang).join(
        t(
            "questions.part",
            lang,
            state=state_in(u.administered_by, snapshot, style, lang),
            share=percent(u.share, lang),
        )
        for u in ordered
    )


def _previous(snapshot: Snapshot, atlas: Atlas) -> Snapshot:
    """What ``changed`` compares with: the configuration before a year, the present day for a
    scenario."""
    years = configurations(atlas)
    if snapshot.kind == HISTORICAL:
        index = years.index(snapshot.year)
        if index == 0:
            raise ValueError(f"{snapshot.year} is the first configuration: nothing before it")
        return historical_snapshot(years[index - 1], atlas)
    return historical_snapshot(years[-1], atlas)


@lru_cache(maxsize=4)
def _official(atlas: Atlas) -> tuple[tuple[str, float], ...]:
    path = atlas.data_dir / "timeline" / "official_areas.csv"
    return official_pairs(load_official_areas(path, set(atlas.sources.index)))


def _check(question: Question, snapshot: Snapshot) -> None:
    if snapshot.id != question.step:
        raise ValueError(
            f"question {question.key} belongs to step {question.step!r}, "
            f"not to the snapshot {snapshot.id!r}"
        )
    if question.kind not in STEP_KINDS.get(snapshot.kind, ()):
        raise ValueError(f"a {snapshot.kind} snapshot cannot answer a {question.kind!r} question")


def question_text(
    question: Question,
    snapshot: Snapshot,
    atlas: Atlas,
    *,
    lang: str = "en",
    names_mode: str = DEFAULT_NAMES,
    style: Style | None = None,
) -> str:
    """The question in ``lang``, its placeholders filled in from the step's snapshot (ValueError
    for a snapshot of another step or an unknown names mode)."""
    if names_mode not in NAME_MODES:
        raise ValueError(f"names mode: expected one of {list(NAME_MODES)}, got {names_mode!r}")
    _check(question, snapshot)
    style = _style(atlas, style)
    values: dict[str, object] = {}
    if question.group:
        values["place"] = place(question.group, atlas, lang, names_mode)
    if question.state:
        values["state"] = _in_sentence(state_in(question.state, snapshot, style, lang), lang)
    if snapshot.kind == HISTORICAL:
        values["year"] = snapshot.year
        if question.kind == CHANGED:
            values["previous"] = _previous(snapshot, atlas).year
    return _sentence(_fill(question.template(lang), values))


def answer(
    question: Question,
    snapshot: Snapshot,
    atlas: Atlas,
    *,
    lang: str = "en",
    names_mode: str = DEFAULT_NAMES,
    style: Style | None = None,
) -> Answer:
    """The answer to ``question``, computed from ``snapshot`` (the question's step), as plain
    text in ``lang`` with places named in ``names_mode``, and the groups to mark on the map
    (the question's ``groups``, else the groups the answer is about).

    Raises ValueError for a snapshot of another step, or of a kind the question does not
    apply to, and for an unknown names mode.
    """
    if names_mode not in NAME_MODES:
        raise ValueError(f"names mode: expected one of {list(NAME_MODES)}, got {names_mode!r}")
    _check(question, snapshot)
    lang = lang if lang in LANGUAGES else "en"
    style = _style(atlas, style)
    compute = {
        ADMINISTRATOR: _administrator,
        CLAIMANTS: _claimants,
        LAND_SHARE: _land_share,
        CHANGED: _changed,
        TRANSFER: _transfer,
        DRAWN_AS: _drawn_as,
    }[question.kind]
    text, groups = compute(question, snapshot, atlas, style, lang, names_mode)
    return Answer(text=_sentence(text), groups=question.groups or tuple(groups))


def _administrator(question, snapshot, atlas, style, lang, names_mode):
    group = question.group
    units = snapshot.units_of(group)
    name = place(group, atlas, lang, names_mode)
    if len(units) > 1:
        parts = _holders(units, snapshot, style, lang)
        return t("questions.answer_divided", lang, place=name, parts=parts), (group,)
    code = snapshot.unit(group).administered_by
    state = _in_sentence(state_in(code, snapshot, style, lang), lang)
    return t("questions.answer_administrator", lang, place=name, state=state), (group,)


def _claimants(question, snapshot, atlas, style, lang, names_mode):
    group = question.group
    units = snapshot.units_of(group)
    name = place(group, atlas, lang, names_mode)
    claimants = tuple(dict.fromkeys(c for u in units for c in u.claimed_not_administered))
    if claimants:
        states = list_separator(lang).join(
            _in_sentence(state_in(c, snapshot, style, lang), lang) for c in claimants
        )
        return t("questions.answer_claimants", lang, place=name, states=states), (group,)
    holders = _in_sentence(_holders(units, snapshot, style, lang), lang)
    return t("questions.answer_no_claimant", lang, place=name, state=holders), (group,)


def _land_share(question, snapshot, atlas, style, lang, names_mode):
    code = question.state
    figures = land_figures(snapshot, atlas, _official(atlas))
    published_total = float(figures["official_km2"].sum())
    row = figures.loc[code]
    official = float(row["official_km2"])
    text = t(
        "questions.answer_land_share",
        lang,
        state=state_in(code, snapshot, style, lang),
        km2=number(float(row["km2"]), 1, lang),
        pct=percent(float(row["pct"]) / 100, lang),
        official=number(official, 0, lang),
        official_pct=percent(official / published_total if published_total else 0.0, lang),
    )
    groups = tuple(
        g for g in DISPUTED_GROUPS if any(u.administered_by == code for u in snapshot.units_of(g))
    )
    return text, groups


def _changed(question, snapshot, atlas, style, lang, names_mode):
    before = _previous(snapshot, atlas)
    scope = DISPUTED_GROUPS if question.among == "four" else snapshot.groups
    changes = [c for c in diff(before, snapshot) if c.changes_hands and c.group in scope]
    if not changes:
        return t("questions.answer_unchanged", lang), ()
    items = [
        t(
            "questions.changed_item",
            lang,
            area=place(c.group, atlas, lang, names_mode),
            old=_holders(c.before, before, style, lang),
            new=_holders(c.after, snapshot, style, lang),
        )
        for c in changes
    ]
    groups = tuple(c.group for c in changes)
    return t("questions.answer_changed", lang, areas=list_separator(lang).join(items)), groups


def _transfer(question, snapshot, atlas, style, lang, names_mode):
    group = question.group
    name = place(group, atlas, lang, names_mode)
    promised = [u for u in snapshot.units_of(group) if u.transfer_promised]
    if not promised:
        return t("questions.answer_no_transfer", lang, place=name), (group,)
    unit = promised[0]
    state = _in_sentence(state_in(unit.transfer_promised_to, snapshot, style, lang), lang)
    translated = snapshot_in(snapshot, lang, atlas)
    condition = next(
        (u.transfer_condition for u in translated.units if u.id == unit.id), unit.transfer_condition
    )
    if condition:
        text = t(
            "questions.answer_transfer_condition",
            lang,
            place=name,
            state=state,
            condition=condition,
        )
    else:
        text = t("questions.answer_transfer", lang, place=name, state=state)
    return text, (group,)


def _drawn_as(question, snapshot, atlas, style, lang, names_mode):
    group = question.group
    name = place(group, atlas, lang, names_mode)
    code = snapshot.unit(group).administered_by.upper()
    if code == "JP":
        text = t("questions.drawn_jp", lang, place=name)
    elif code == "RU":
        text = t("questions.drawn_ru", lang, place=name)
    elif code == "UNDETERMINED":
        text = t("questions.drawn_undetermined", lang, place=name)
    elif code == "NOT_STATED":
        text = t("questions.drawn_not_stated", lang, place=name)
    else:
        raise ValueError(
            f"worldview {snapshot.id!r}, group {group!r}: expected one of {list(DRAWN_CODES)}, "
            f"found {code!r}"
        )
    return text, (group,)


__all__ = [
    "Answer",
    "answer",
    "place",
    "question_text",
    "state_in",
    "step_ids",
    "step_label",
    "worldview_ids",
]
