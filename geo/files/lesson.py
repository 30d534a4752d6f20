"""A lesson file (``data/lesson.toml``, or one a teacher downloaded from the Lesson view and
opens again): its schema and its check. :mod:`geo.state.lesson_plan` reads the file and makes
the lesson of it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from pydantic import BeforeValidator, StringConstraints

from geo.files.fields import NonEmpty, TomlList, known_in
from geo.files.schema import Expected, Loc, Record, rule, validate

MAX_STEPS = 24
MAX_NOTE = 160
MAX_TITLE = 120
# A snapshot a step shows or sets beside: one of the context's ``choices`` (the atlas's years,
# scenarios and worldviews; for ``beside`` also "", none).
SHOWN = "a year, scenario or country's map of the atlas"


def _at_most_steps(value: object) -> object:
    if isinstance(value, list | tuple) and len(value) > MAX_STEPS:
        raise rule(f"expected at most {MAX_STEPS} [[step]] tables, found {len(value)}")
    return value


Shown = Annotated[str, known_in("choices", "snapshot", f"expected {SHOWN}"), Expected(SHOWN)]
Note = Annotated[
    str,
    StringConstraints(max_length=MAX_NOTE, pattern=r"^[^\n]*$"),
    Expected(f"one line of at most {MAX_NOTE} characters"),
]


class LessonStep(Record):
    """One ``[[step]]``: the snapshot it shows, the one it is set beside (optional), the
    teacher's line, and whether it opens with its question asked."""

    show: Shown
    beside: Annotated[str, known_in("beside", "snapshot", f"expected {SHOWN}"), Expected(SHOWN)] = (
        ""
    )
    note: Note = ""
    ask: Annotated[bool, Expected("true or false")] = False


class LessonFile(Record):
    """A lesson file: its title and its steps."""

    title: Annotated[
        str,
        StringConstraints(max_length=MAX_TITLE),
        Expected(f"text of at most {MAX_TITLE} characters"),
    ] = ""
    step: Annotated[
        tuple[Annotated[LessonStep, Expected("a table")], ...],
        TomlList,
        NonEmpty,
        BeforeValidator(_at_most_steps),
        Expected("at least one [[step]] table"),
    ]


def _place(loc: Loc) -> tuple[str | None, Loc]:
    if len(loc) > 1 and loc[0] == "step" and isinstance(loc[1], int):
        return f"[[step]] #{loc[1] + 1}", loc[2:]
    return None, loc


def check_lesson(doc: dict, choices: Iterable[str], label: str) -> LessonFile:
    """``doc`` (a parsed lesson file) checked: every problem named with its step and field
    (one :class:`~geo.errors.DataError`); ``choices``: the snapshots a step may show."""
    known = set(choices)
    context = {"choices": known, "beside": {*known, ""}}
    return validate(LessonFile, doc, label, place=_place, context=context)
