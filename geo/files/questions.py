"""``data/questions.toml``: one or two questions and a discussion prompt for every step of the
atlas (a configuration year, a scenario, a worldview), read and checked into frozen
:class:`Step` records. :mod:`geo.text.questions` fills in the questions and computes their
answers from the step's snapshot.

A question is a KIND with its parameter and a text in English, Japanese and Russian (a template
with ``{placeholders}``), never a typed answer. Kinds and the steps they apply to:
``administrator``, ``claimants`` and ``transfer`` (``group``), ``land_share`` (``state``: JP
or RU), ``changed`` (``among``: ``four`` or ``all``; not in the first year) for years and
scenarios; ``drawn_as`` (``group``) for worldviews. The prompt is free text in the three
languages with its ``sources`` and a ``note`` saying where in them its facts are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from geo.errors import DataError, data_label, raise_problems
from geo.files.atlas import Atlas
from geo.files.codes import HISTORICAL, SCENARIO, WORLDVIEW
from geo.files.fields import NonEmpty, OneOf, SourceIdList, TomlList, known_in
from geo.files.messages import LANGUAGES, placeholders
from geo.files.read import DATA_DIR, read_toml
from geo.files.schema import (
    Expected,
    Loc,
    Record,
    Text,
    check,
    duplicates,
    mismatch,
    rule,
)
from geo.files.worldviews import load_for

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
MIN_QUESTIONS, MAX_QUESTIONS = 1, 2


# --------------------------------------------------------------------------- records


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
        return in_language(self.texts, lang)


def in_language(texts: tuple[tuple[str, str], ...], lang: str) -> str:
    """The text of ``lang`` among (language, text) pairs; English for an unknown language."""
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
        return in_language(self.texts, lang)


@dataclass(frozen=True)
class Step:
    """The questions and the prompt of one step; ``kind`` is the snapshot kind of the step
    (historical, scenario or worldview)."""

    id: str
    kind: str
    questions: tuple[Question, ...]
    prompt: Prompt


# --------------------------------------------------------------------------- the file's schema


class Texts(Record):
    """A text in the three languages."""

    en: Text
    ja: Text
    ru: Text


class QuestionEntry(Record):
    """One ``[[step.question]]``. Its rules need its step's kind and id, given in the
    validation context (``step_kind``, ``step``, with ``first_year`` and ``groups``)."""

    kind: Annotated[str, OneOf(KINDS)]
    group: Annotated[str | None, Expected("a group id")] = Field(None, validate_default=True)
    state: Annotated[str | None, Expected("JP or RU")] = Field(None, validate_default=True)
    among: Annotated[str | None, Expected("four or all")] = Field(None, validate_default=True)
    text: Annotated[Texts, Expected("a table { en, ja, ru }")]
    groups: Annotated[
        tuple[str, ...],
        TomlList,
        known_in("groups", "group"),
        Expected("a list of group ids"),
    ] = ()

    @field_validator("kind")
    @classmethod
    def _allowed_in_its_step(cls, kind: str, info: ValidationInfo) -> str:
        """A kind the step's kind takes; ``changed`` never in the first configuration year."""
        context = info.context or {}
        step_kind, step = context.get("step_kind"), context.get("step")
        allowed = STEP_KINDS.get(str(step_kind), KINDS)
        if step_kind is not None and kind not in allowed:
            raise rule(f"a {step_kind} step takes only the kinds {list(allowed)}, found {kind!r}")
        if kind == CHANGED and step_kind == HISTORICAL and step == context.get("first_year"):
            raise rule(
                f"the first configuration year ({step}) has no year before it to compare with"
            )
        return kind

    @field_validator("group", "state", "among")
    @classmethod
    def _its_parameter(cls, value: str | None, info: ValidationInfo) -> str | None:
        """The kind's one parameter, one of its choices; no other parameter."""
        kind, key = info.data.get("kind"), info.field_name
        if kind is None:  # an unknown kind: named as such
            return value
        parameter = KIND_PARAMETER[kind]
        if key != parameter:
            if value is not None:
                raise rule(f"kind {kind!r} takes {parameter!r}, not {key!r}")
            return value
        groups = (info.context or {}).get("groups", ())
        choices = {"group": groups, "state": LAND_STATES, "among": AMONG}[key]
        if value not in choices:
            raise mismatch(f"one of {list(choices)}", value)
        return value


def _one_or_two(value: object) -> object:
    if isinstance(value, list | tuple) and not MIN_QUESTIONS <= len(value) <= MAX_QUESTIONS:
        raise rule(
            f"expected {MIN_QUESTIONS} or {MAX_QUESTIONS} [[step.question]] tables, "
            f"found {len(value)} entries"
        )
    return value


class PromptEntry(Record):
    """A step's ``[step.prompt]``."""

    en: Text
    ja: Text
    ru: Text
    sources: SourceIdList
    note: Text


class StepEntry(Record):
    """One ``[[step]]``: its id, its questions and its prompt."""

    id: Annotated[
        str,
        known_in("steps", "step"),
        Expected("a step id"),
    ]
    question: Annotated[
        tuple[Annotated[QuestionEntry, Expected("a table")], ...],
        TomlList,
        BeforeValidator(_one_or_two),
        Expected(f"{MIN_QUESTIONS} or {MAX_QUESTIONS} [[step.question]] tables"),
    ]
    prompt: Annotated[PromptEntry, Expected("a [step.prompt] table")]


class QuestionsFile(Record):
    """The file: its ``[[step]]`` tables (each checked with its step's kind)."""

    step: Annotated[
        tuple[Annotated[dict[str, Any], Expected("a table")], ...],
        TomlList,
        NonEmpty,
        Expected("at least one [[step]] table"),
    ]


# --------------------------------------------------------------------------- loading


def step_kinds(
    atlas: Atlas, scenarios: Mapping, worldviews: tuple[str, ...] | None = None
) -> dict[str, str]:
    """Every step id and its kind, in order: the configuration years (as text), the scenarios,
    the worldviews (by default those of ``worldviews.toml``)."""
    worldviews = tuple(load_for(atlas)) if worldviews is None else tuple(worldviews)
    kinds = {str(y): HISTORICAL for y in atlas.configurations}
    kinds |= {s: SCENARIO for s in scenarios}
    kinds |= {w: WORLDVIEW for w in worldviews}
    return kinds


def load_questions(
    atlas: Atlas,
    scenarios: Mapping,
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
    _, problems = check(QuestionsFile, raw, label, place=_file_place)
    kinds = step_kinds(atlas, scenarios, worldviews)
    context = {
        "steps": kinds,
        "groups": tuple(atlas.groups),
        "source_ids": set(atlas.sources.index),
        "first_year": str(next(iter(atlas.configurations))),
    }
    entries = raw.get("step")
    entries = entries if isinstance(entries, list) else []
    steps: dict[str, Step] = {}
    ids = []
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            continue  # named by the file's schema
        step_id = entry.get("id")
        where = f"[[step]] #{index} ({step_id})"
        found, entry_problems = _check_step(entry, where, label, kinds, context)
        if isinstance(step_id, str) and step_id in kinds:
            ids.append((where, step_id))
        if found is not None and not entry_problems:
            steps.setdefault(found.id, _step(found, kinds[found.id]))
        problems += entry_problems
    problems += duplicates(
        ids, label, lambda i: f"expected each step once, found a second {i!r}", "id"
    )
    raise_problems(problems)
    return steps


def _file_place(loc: Loc) -> tuple[str | None, Loc]:
    if len(loc) > 1 and loc[0] == "step" and isinstance(loc[1], int):
        return f"[[step]] #{loc[1] + 1}", loc[2:]
    return None, loc


def _check_step(
    entry: dict, where: str, label: str, kinds: Mapping[str, str], context: dict
) -> tuple[StepEntry | None, list[DataError]]:
    """One ``[[step]]`` checked with its step's kind, and the placeholders of its questions."""
    step = entry.get("id")
    step_kind = kinds.get(step) if isinstance(step, str) else None

    def place(loc: Loc) -> tuple[str | None, Loc]:
        if len(loc) > 1 and loc[0] == "question" and isinstance(loc[1], int):
            return f"{where} question {loc[1] + 1}", loc[2:]
        if loc and loc[0] == "prompt":
            return f"{where} prompt", loc[1:]
        return where, loc

    context = {**context, "step": step, "step_kind": step_kind}
    found, problems = check(StepEntry, entry, label, place=place, context=context)
    tables = entry.get("question")
    tables = tables if isinstance(tables, list) else []
    for number, table in enumerate(tables[:MAX_QUESTIONS], start=1):
        problems += _placeholder_problems(table, step_kind, f"{where} question {number}", label)
    return found, problems


def _placeholder_problems(
    table: object, step_kind: str | None, where: str, label: str
) -> list[DataError]:
    """What is wrong with the placeholders of a question's texts: each language's own (the
    kind fills in only its own, {year} and {previous} only in a year's step), then any
    language whose placeholders differ from the English."""
    if not isinstance(table, dict) or table.get("kind") not in KINDS:
        return []
    texts = table.get("text")
    texts = texts if isinstance(texts, dict) else {}
    allowed = QUESTION_PLACEHOLDERS[table["kind"]]
    if step_kind not in (HISTORICAL, None):
        allowed = tuple(p for p in allowed if p not in YEAR_ONLY)
    found: dict[str, set[str]] = {}
    problems = []
    for lang in LANGUAGES:
        if isinstance(texts.get(lang), str) and texts[lang].strip():
            found[lang], wrong = placeholders(texts[lang], allowed, "this question fills in")
            problems += [DataError(label, w, where=where, field=f"text.{lang}") for w in wrong]
    for lang, names in found.items():
        if "en" in found and names != found["en"]:
            problems.append(
                DataError(
                    label,
                    f"{lang} has placeholders {sorted(names)}, English has {sorted(found['en'])}",
                    where=where,
                    field=f"text.{lang}",
                )
            )
    return problems


def _step(entry: StepEntry, kind: str) -> Step:
    questions = tuple(
        Question(
            step=entry.id,
            number=number,
            kind=q.kind,
            texts=tuple((lang, getattr(q.text, lang)) for lang in LANGUAGES),
            groups=q.groups,
            **{KIND_PARAMETER[q.kind]: getattr(q, KIND_PARAMETER[q.kind])},
        )
        for number, q in enumerate(entry.question, start=1)
    )
    prompt = entry.prompt
    return Step(
        id=entry.id,
        kind=kind,
        questions=questions,
        prompt=Prompt(
            step=entry.id,
            texts=tuple((lang, getattr(prompt, lang)) for lang in LANGUAGES),
            sources=prompt.sources,
            note=prompt.note,
        ),
    )
