"""``data/glossary.toml``: the atlas's choice of terms in English, Japanese and Russian, and the
names of the states of the time (USSR → ソ連 / СССР), read and checked."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from geo.errors import data_label, raise_problems
from geo.files.fields import OneOf, TomlList
from geo.files.read import DATA_DIR, read_toml
from geo.files.schema import Expected, Loc, Record, Text, check, duplicates

GLOSSARY_PATH = DATA_DIR / "glossary.toml"
GLOSSARY_KINDS = ("term", "state_name")


def _pattern(value: str) -> str:
    """``value`` if it is a regular expression Python can compile."""
    try:
        re.compile(value)
    except re.error as exc:
        words = f"expected a regular expression ({exc}), found {value!r}"
        raise PydanticCustomError("rule", words) from None
    return value


Pattern = Annotated[str, AfterValidator(_pattern), Expected("a regular expression")]


class Term(Record):
    """A term (``kind`` "term") or a state's name of the time ("state_name") in the three
    languages, why it was chosen, and optional regular expressions for the tests: wherever an
    English history text matches ``check_en``, its translation must match ``check_ja`` /
    ``check_ru``."""

    id: Text
    kind: Annotated[str, OneOf(GLOSSARY_KINDS)]
    en: Text
    ja: Text
    ru: Text
    why: Text
    check_en: Pattern = ""
    check_ja: Pattern = ""
    check_ru: Pattern = ""


class Glossary(Record):
    term: Annotated[tuple[Term, ...], TomlList, Expected("[[term]] tables")] = ()


def _place(loc: Loc) -> tuple[str | None, Loc]:
    """A term as ``[[term]] 3`` (counted from 1)."""
    if len(loc) > 1 and loc[0] == "term" and isinstance(loc[1], int):
        return f"[[term]] {loc[1] + 1}", loc[2:]
    return None, loc


@lru_cache(maxsize=4)
def load_glossary(path: Path | None = None) -> tuple[Term, ...]:
    """The glossary's terms (``[[term]]``: id, kind, en, ja, ru, why; optional check_en,
    check_ja, check_ru regular expressions for the tests), validated: every problem of the file
    raised together, an id used twice among them."""
    path = path or GLOSSARY_PATH
    label = data_label(path)
    raw = read_toml(path, label)
    glossary, problems = check(Glossary, raw, label, place=_place)
    rows = raw.get("term")
    rows = rows if isinstance(rows, list) else []
    ids = [
        (f"[[term]] {n}", row["id"])
        for n, row in enumerate(rows, start=1)
        if isinstance(row, dict) and isinstance(row.get("id"), str)
    ]
    problems += duplicates(ids, label, lambda i: f"expected an id used once, found {i!r}", "id")
    raise_problems(problems)
    assert glossary is not None
    return glossary.term
