"""Annotated types and checks that several files' schemas share, beside those of
:mod:`geo.files.schema`: a code from a list, an id another file must know (written once, read
from the validation context), a real date, a whole number written as digits, a TOML list read
as a tuple, a CSV cell's ``;`` list, the rows of a CSV file checked one by one for checks
across rows, and the placeholders of a text the atlas fills in (messages, questions)."""

from __future__ import annotations

import datetime
import re
import string
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from geo.errors import DataError
from geo.files.schema import Expected, check

M = TypeVar("M", bound=BaseModel)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DIGITS = re.compile(r"^\d+$")
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FORMATTER = string.Formatter()


def one_of(choices: Sequence[str], expected: str | None = None) -> Any:
    """A text that is one of ``choices`` (a code from a list), as an annotated type; a broken
    one reads "expected one of ['JP', 'RU'], found 'USSR'" (or ``expected``'s words)."""
    return Annotated[Literal[tuple(choices)], Expected(expected or f"one of {list(choices)}")]


def known_ids(key: str, problem: str) -> AfterValidator:
    """A check of another file, written once: a value, or every value of a tuple, must be one
    of the validation context's ``key`` (the groups of areas.geojson, the steps of the atlas),
    when the context gives it. ``problem`` words a refusal and may name ``{value}`` (the value
    as Python shows it), ``{unknown}`` (the unknown values) and ``{known}`` (the context's)::

        Annotated[str, known_ids("groups", "expected one of {known}, found {value}")]
    """

    def check(value: Any, info: ValidationInfo) -> Any:
        known = (info.context or {}).get(key)
        values = value if isinstance(value, tuple) else (value,)
        unknown = [v for v in values if known is not None and v not in known]
        if unknown:
            words = {"value": repr(value), "unknown": unknown, "known": list(known)}
            raise PydanticCustomError("rule", problem, words)
        return value

    return AfterValidator(check)


def is_real_date(text: str) -> bool:
    """Whether ``text`` is a date YYYY-MM-DD that exists (not 1956-02-30)."""
    try:
        return bool(_DATE.match(text)) and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


def _real_date(text: str) -> str:
    if not is_real_date(text):
        raise PydanticCustomError("not_a_day", "not a day of the calendar")
    return text


# The check of a real date YYYY-MM-DD, for a type that words what it expects its own way.
RealDate = AfterValidator(_real_date)
IsoDate = Annotated[str, RealDate, Expected("a real date YYYY-MM-DD")]


def _digits(value: object) -> object:
    if isinstance(value, str) and not _DIGITS.match(value):
        raise PydanticCustomError("not_digits", "not a whole number written in digits")
    return value


# A CSV cell that must be written in digits only ("986"; not "+986", "986.0" or "9_86").
Digits = BeforeValidator(_digits)
# A whole number in a CSV cell.
Count = Annotated[int, Digits, Field(ge=0), Expected("a whole number ≥ 0")]


def split_cells(value: object) -> object:
    """A CSV cell's ``;``-separated list as a tuple of its stripped, non-empty parts
    (``"a; b;"`` is ``("a", "b")``); any other value unchanged."""
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(";") if part.strip())
    return value


# A CSV cell read as a ``;``-separated list (``SourceIds`` from "a;b").
Cells = BeforeValidator(split_cells)


def _non_empty(value: object) -> object:
    if isinstance(value, list | tuple) and not value:
        raise PydanticCustomError("too_short", "an empty list")
    return value


# A list that must hold at least one item. Unlike ``Field(min_length=1)``, a list whose items
# are all broken is not also called too short (pydantic counts the items that passed).
NonEmpty = BeforeValidator(_non_empty)
# A TOML list accepted as a tuple (a strict record takes only a tuple as a tuple); its items
# are checked as strictly as ever, and a broken list is shown as the file has it.
TomlList = Field(strict=False)


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


def check_rows(
    model: type[M],
    rows: Sequence[Mapping[str, str]],
    label: str,
    *,
    name: Callable[[Mapping[str, str]], str] | None = None,
    context: Mapping[str, Any] | None = None,
    first_line: int = 2,
) -> tuple[list[tuple[str, M | None]], list[DataError]]:
    """Like :func:`geo.files.schema.validate_rows`, but each row's place ("line 4 (habomai)")
    is returned with its record (None for a row with problems) and the problems are returned
    instead of raised, for a loader that adds checks across rows (a duplicate id, a missing
    row)."""
    checked: list[tuple[str, M | None]] = []
    problems: list[DataError] = []
    for number, row in enumerate(rows, start=first_line):
        cells = {k: v for k, v in row.items() if v != ""}  # an empty cell is a missing one
        where = f"line {number}" + (f" ({name(row) or 'no id'})" if name else "")
        record, found = check(
            model, cells, label, place=lambda loc, w=where: (w, loc), context=context
        )
        checked.append((where, record))
        problems += found
    return checked, problems
