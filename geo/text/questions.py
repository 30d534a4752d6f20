"""Questions for every step (issue 21): one or two questions whose answers come from the data,
and one discussion prompt, per configuration year, scenario and worldview.

``data/questions.toml`` holds, per step, questions as a KIND with parameters and a question
text in English, Japanese and Russian (a template with ``{placeholders}``), never a typed
answer: :func:`answer` computes the answer from the step's snapshot (who administers or
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
from pathlib import Path

from geo.errors import data_label
from geo.files.atlas import Atlas
from geo.files.codes import DISPUTED_GROUPS
from geo.files.official_areas import load_official_areas
from geo.files.problems import Problems
from geo.files.read import DATA_DIR, read_toml
from geo.files.style import load_style
from geo.i18n import DEFAULT_NAMES, LANGUAGES, NAME_MODES, place_name, t
from geo.model.compare import land_figures, official_pairs
from geo.model.snapshot import HISTORICAL, SCENARIO, WORLDVIEW, Snapshot, Unit, diff
from geo.model.timeline import configurations, historical_snapshot, names_of
from geo.model.worldviews import load_for
from geo.text.history_text import names_of_the_time, snapshot_in, state_name
from geo.text.wording import list_separator, number, percent, state_label

QUESTIONS_PATH = DATA_DIR / "questions.toml"

ADMINISTRATOR = "administrator"
CLAIMANTS = "claimants"
LAND_SHARE = "land_share"
CHANGED = "changed"
TRANSFER = "transfer"
DRAWN_AS = "drawn_as"
KINDS = (ADMINISTRATOR, CLAIMANTS, LAND_SHARE, CHANGED, TRANSFER, DRAWN_AS)

# The parameter each kind takes (exactly one), and the kinds each kind of step allows.
KIND_PARAMETER = {
    ADMINISTRATOR: "group",
    CLAIMANTS: "group",
    LAND_SHARE: "state",
    CHANGED: "among",
    TRANSFER: "group",
    DRAWN_AS: "group",
}
STEP_KINDS = {
    HISTORICAL: (ADMINISTRATOR, CLAIMANTS, LAND_SHARE, CHANGED, TRANSFER),
    SCENARIO: (ADMINISTRATOR, CLAIMANTS, LAND_SHARE, CHANGED, TRANSFER),
    WORLDVIEW: (DRAWN_AS,),
}
LAND_STATES = ("JP", "RU")
AMONG = ("four", "all")
# How a worldview's map draws a group (the worldview snapshot's ``administered_by``).
DRAWN_CODES = ("JP", "RU", "UNDETERMINED", "NOT_STATED")

# The placeholders a question text of each kind may use; {year} and {previous} only in a
# configuration year's questions ({previous}: the configuration before it).
QUESTION_PLACEHOLDERS = {
    ADMINISTRATOR: ("place", "year"),
    CLAIMANTS: ("place", "year"),
    LAND_SHARE: ("state", "year"),
    CHANGED: ("year", "previous"),
    TRANSFER: ("place", "year"),
    DRAWN_AS: ("place",),
}
YEAR_ONLY = ("year", "previous")

STEP_KEYS = ("id", "question", "prompt")
QUESTION_KEYS = ("kind", "group", "state", "among", "text", "groups")
PROMPT_KEYS = (*LANGUAGES, "sources", "note")
MIN_QUESTIONS, MAX_QUESTIONS = 1, 2

_FORMATTER = string.Formatter()


# --------------------------------------------------------------------------- data model


@dataclass(frozen=True)
class Question:
    """One question of a step: a kind with its parameter, and its text in each language.

    Attributes
    ----------
    step : str. The step id ("1951", "decl_1956", "japan_official").
    number : int. 1 or 2, its place in the step.
    kind : str. One of :data:`KINDS`.
    group : str. The group asked about (administrator, claimants, transfer, drawn_as).
    state : str. JP or RU (land_share).
    among : str. ``four`` (the four disputed groups) or ``all`` (changed).
    texts : (language, template) pairs for en, ja, ru.
    groups : the groups to mark on the map with the answer; empty: the answer's own groups.
    """

    step: str
    number: int
    kind: str
    texts: tuple[tuple[str, str], ...]
    group: str = ""
    state: str = ""
    among: str = ""
    groups: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """A stable id, e.g. ``1951.q1``."""
        return f"{self.step}.q{self.number}"

    def template(self, lang: str) -> str:
        """The question's text in ``lang`` (English for an unknown language), unfilled."""
        return _in_language(self.texts, lang)


def _in_language(texts: tuple[tuple[str, str], ...], lang: str) -> str:
    found = dict(texts)
    return found.get(lang) or found["en"]


@dataclass(frozen=True)
class Prompt:
    """A step's discussion prompt: free text in en, ja, ru, its sources and where in them its
    facts are (``note``, English, for whoever checks it)."""

    step: str
    texts: tuple[tuple[str, str], ...]
    sources: tuple[str, ...]
    note: str

    @property
    def key(self) -> str:
        """A stable id, e.g. ``1951.prompt``."""
        return f"{self.step}.prompt"

    def text(self, lang: str) -> str:
        """The prompt in ``lang`` (English for an unknown language)."""
        return _in_language(self.texts, lang)


@dataclass(frozen=True)
class Step:
    """The questions and the prompt of one step; ``kind`` is the snapshot kind of the step
    (historical, scenario or worldview)."""

    id: str
    kind: str
    questions: tuple[Question, ...]
    prompt: Prompt


@dataclass(frozen=True)
class Answer:
    """A question's answer: plain text in the language, and the groups to mark on the map."""

    text: str
    groups: tuple[str, ...]


# --------------------------------------------------------------------------- steps


def worldview_ids(atlas: Atlas) -> tuple[str, ...]:
    """The ids of ``data/worldviews.toml`` (japan_official, russia_official, ...), in order,
    as :mod:`geo.model.worldviews` reads and checks the file."""
    return tuple(load_for(atlas))


def step_label(snapshot: Snapshot, atlas: Atlas, lang: str) -> str:
    """A step's label in ``lang``: its translated label (:func:`geo.text.history_text.snapshot_in`;
    a worldview's texts are history texts too)."""
    return snapshot_in(snapshot, lang, atlas).label


def step_ids(atlas: Atlas, scenarios: dict, worldviews: tuple[str, ...] | None = None) -> list[str]:
    """Every step, in order: the configuration years (as text), the scenarios, the
    worldviews (by default those of ``worldviews.toml``)."""
    worldviews = worldview_ids(atlas) if worldviews is None else tuple(worldviews)
    return [str(y) for y in configurations(atlas)] + list(scenarios) + list(worldviews)


def _step_kinds(atlas: Atlas, scenarios: dict, worldviews: tuple[str, ...]) -> dict[str, str]:
    kinds = {str(y): HISTORICAL for y in configurations(atlas)}
    kinds |= {s: SCENARIO for s in scenarios}
    kinds |= {w: WORLDVIEW for w in worldviews}
    return kinds


# --------------------------------------------------------------------------- loading


def load_questions(
    atlas: Atlas,
    scenarios: dict,
    worldviews: tuple[str, ...] | None = None,
    path: Path | str | None = None,
) -> dict[str, Step]:
    """Read and check ``data/questions.toml``: {step id: Step}, in file order.

    Parameters
    ----------
    atlas : Atlas (configuration years, groups, source ids).
    scenarios : the loaded scenarios (``load_scenarios``): their ids are steps.
    worldviews : the worldview ids; by default those of ``worldviews.toml`` in the atlas's
        data folder.
    path : the file (default ``data/questions.toml``).

    Every problem is reported together in one DataError naming the file, the entry and the
    field: a file over its size or table limit, an unknown key, an unknown or repeated step
    id, fewer than 1 or more than 2 questions, an unknown kind or a kind the step does not
    allow (``changed`` in the first year, ``drawn_as`` outside worldviews...), an unknown
    group, state or ``among``, a text missing in a language, a placeholder the kind does not
    fill in (or not the same in every language), a prompt without a language, sources or
    note, an unknown source id. A step without an entry is not an error here (the tests ask
    for every step).
    """
    path = Path(path) if path is not None else QUESTIONS_PATH
    label = data_label(path)
    raw = read_toml(path, label)
    worldviews = worldview_ids(atlas) if worldviews is None else tuple(worldviews)
    kinds = _step_kinds(atlas, scenarios, worldviews)
    problems = Problems(label)
    problems.unknown_keys(raw, ("step",), None)
    entries = raw.get("step")
    if not isinstance(entries, list) or not entries:
        problems.add(where="[[step]]", expected="at least one [[step]] table", found=entries)
        problems.raise_all()
    context = _Context(
        atlas=atlas,
        groups=tuple(atlas.groups),
        sources=frozenset(atlas.sources.index),
        first_year=str(configurations(atlas)[0]),
    )
    steps: dict[str, Step] = {}
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.add(where=f"[[step]] #{index}", expected="a table", found=entry)
            continue
        step_id = entry.get("id")
        where = f"[[step]] #{index} ({step_id})"
        before = len(problems)
        problems.unknown_keys(entry, STEP_KEYS, where)
        kind = kinds.get(step_id) if isinstance(step_id, str) else None
        if kind is None:
            problems.add(
                where=where,
                field="id",
                expected=f"a step id: a configuration year, scenario or worldview {list(kinds)}",
                found=step_id,
            )
        elif step_id in seen:
            problems.add(
                where=where, field="id", expected="each step once", found=f"a second {step_id!r}"
            )
        seen.add(step_id)
        questions = _questions(entry, str(step_id), kind, where, problems, context)
        prompt = _prompt(entry, str(step_id), where, problems, context)
        if len(problems) == before and kind is not None:
            steps[step_id] = Step(id=step_id, kind=kind, questions=questions, prompt=prompt)
    problems.raise_all()
    return steps


@dataclass(frozen=True)
class _Context:
    atlas: Atlas
    groups: tuple[str, ...]
    sources: frozenset[str]
    first_year: str


def _questions(
    entry: dict, step: str, kind: str | None, where: str, problems: Problems, context: _Context
) -> tuple[Question, ...]:
    tables = entry.get("question")
    if (
        not isinstance(tables, list)
        or not MIN_QUESTIONS <= len(tables) <= MAX_QUESTIONS
        or not all(isinstance(q, dict) for q in tables)
    ):
        problems.add(
            where=where,
            field="question",
            expected=f"{MIN_QUESTIONS} or {MAX_QUESTIONS} [[step.question]] tables",
            found=tables if not isinstance(tables, list) else f"{len(tables)} entries",
        )
        return ()
    found = []
    for position, table in enumerate(tables, start=1):
        where_q = f"{where} question {position}"
        question = _question(table, step, position, kind, where_q, problems, context)
        if question is not None:
            found.append(question)
    return tuple(found)


def _question(
    table: dict,
    step: str,
    position: int,
    step_kind: str | None,
    where: str,
    problems: Problems,
    context: _Context,
) -> Question | None:
    before = len(problems)
    problems.unknown_keys(table, QUESTION_KEYS, where)
    kind = table.get("kind")
    if kind not in KINDS:
        problems.add(where=where, field="kind", expected=f"one of {list(KINDS)}", found=kind)
        return None
    allowed_kinds = STEP_KINDS.get(step_kind, KINDS)
    if step_kind is not None and kind not in allowed_kinds:
        problems.add(
            f"a {step_kind} step takes only the kinds {list(allowed_kinds)}, found {kind!r}",
            where=where,
            field="kind",
        )
    if kind == CHANGED and step_kind == HISTORICAL and step == context.first_year:
        problems.add(
            f"the first configuration year ({step}) has no year before it to compare with",
            where=where,
            field="kind",
        )
    parameter = KIND_PARAMETER[kind]
    for key in ("group", "state", "among"):
        if key != parameter and key in table:
            problems.add(f"kind {kind!r} takes {parameter!r}, not {key!r}", where=where, field=key)
    value = table.get(parameter)
    choices = {"group": context.groups, "state": LAND_STATES, "among": AMONG}[parameter]
    if value not in choices:
        problems.add(where=where, field=parameter, expected=f"one of {list(choices)}", found=value)
    texts = _texts(table.get("text"), kind, step_kind, where, problems)
    groups = table.get("groups", [])
    if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
        problems.add(where=where, field="groups", expected="a list of group ids", found=groups)
        groups = []
    unknown = [g for g in groups if g not in context.groups]
    if unknown:
        problems.add(
            f"unknown group(s) {unknown}; expected groups of areas.geojson {list(context.groups)}",
            where=where,
            field="groups",
        )
    if len(problems) != before:
        return None
    return Question(
        step=step,
        number=position,
        kind=kind,
        texts=texts,
        groups=tuple(groups),
        **{parameter: value},
    )


def _texts(
    value: object, kind: str, step_kind: str | None, where: str, problems: Problems
) -> tuple[tuple[str, str], ...]:
    """The question texts {en, ja, ru}, each a template whose placeholders the kind fills in."""
    if not isinstance(value, dict):
        problems.add(where=where, field="text", expected="a table { en, ja, ru }", found=value)
        return ()
    problems.unknown_keys(value, LANGUAGES, f"{where}: field 'text'")
    allowed = QUESTION_PLACEHOLDERS[kind]
    if step_kind not in (HISTORICAL, None):
        allowed = tuple(p for p in allowed if p not in YEAR_ONLY)
    found: dict[str, set[str]] = {}
    texts = []
    for lang in LANGUAGES:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            problems.add(where=where, field=f"text.{lang}", expected="non-empty text", found=text)
            continue
        names, wrong = _placeholders(text, allowed)
        for problem in wrong:
            problems.add(problem, where=where, field=f"text.{lang}")
        found[lang] = names
        texts.append((lang, text.strip()))
    for lang, names in found.items():
        if "en" in found and names != found["en"]:
            problems.add(
                f"{lang} has placeholders {sorted(names)}, English has {sorted(found['en'])}",
                where=where,
                field=f"text.{lang}",
            )
    return tuple(texts)


def _placeholders(text: str, allowed: tuple[str, ...]) -> tuple[set[str], list[str]]:
    """The placeholder names of a template, and what is wrong with any of them."""
    try:
        parts = list(_FORMATTER.parse(text))
    except ValueError as exc:
        return set(), [f"has a stray brace ({exc}); write {{{{ or }}}} for a literal one"]
    names, wrong = set(), []
    expected = ", ".join("{" + a + "}" for a in allowed) or "none"
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion or name not in allowed:
            shown = name if len(name) <= 30 else name[:29] + "…"
            wrong.append(
                f"placeholder {{{shown}}} is not one this question fills in; expected only "
                f"{expected} (each a plain {{name}})"
            )
        else:
            names.add(name)
    return names, wrong


def _prompt(
    entry: dict, step: str, where: str, problems: Problems, context: _Context
) -> Prompt | None:
    table = entry.get("prompt")
    where = f"{where} prompt"
    if not isinstance(table, dict):
        problems.add(where=where, expected="a [step.prompt] table", found=table)
        return None
    problems.unknown_keys(table, PROMPT_KEYS, where)
    texts = tuple((lang, problems.text(table, lang, where)) for lang in LANGUAGES)
    sources = problems.id_list(table, "sources", where, set(context.sources))
    note = problems.text(table, "note", where)
    return Prompt(step=step, texts=texts, sources=sources, note=note)


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


def _style(atlas: Atlas, style: dict | None) -> dict:
    return style if style is not None else load_style(atlas.data_dir / "style.toml")


def state_in(code: str, snapshot: Snapshot, style: dict, lang: str) -> str:
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


def _holders(units: tuple[Unit, ...], snapshot: Snapshot, style: dict, lang: str) -> str:
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
    style: dict | None = None,
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
    style: dict | None = None,
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
    "KINDS",
    "Answer",
    "Prompt",
    "Question",
    "Step",
    "answer",
    "load_questions",
    "place",
    "question_text",
    "state_in",
    "step_ids",
    "step_label",
    "worldview_ids",
]
