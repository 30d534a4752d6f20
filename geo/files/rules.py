"""Annotated types and checks that several files' schemas share, beside those of
:mod:`geo.files.schema`: a code from a list, an id another file must know (written once, read
from the validation context), a real date, a whole number written as digits, a TOML list read
as a tuple, and the placeholders of a text the atlas fills in (messages, questions)."""

from __future__ import annotations

import datetime
import re
import string
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from geo.files.schema import Expected

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


# The check of a real date YYYY-MM-DD; the type using it says what it expects in its words.
RealDate = AfterValidator(_real_date)


def _digits(value: object) -> object:
    if isinstance(value, str) and not _DIGITS.match(value):
        raise PydanticCustomError("not_digits", "not a whole number written in digits")
    return value


# A CSV cell that must be written in digits only ("986"; not "+986", "986.0" or "9_86").
Digits = BeforeValidator(_digits)


def _list_as_tuple(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


# A TOML list as a tuple (a strict record takes only a tuple as a tuple).
TomlList = BeforeValidator(_list_as_tuple)


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
