"""Schemas of the data files on pydantic v2, and the one translation of its errors into DataError.

A file's schema is a :class:`Record` (a pydantic model: unknown keys refused, types strict, every
problem of a document collected). Each field says in words what it expects with
:class:`Expected` in its ``Annotated`` type, so that a broken file reads as before::

    data/manifest.json: entry #3 (areas.geojson): field 'bytes': expected a whole number,
    found '139853'

:func:`validate` runs a schema over a parsed document and turns every pydantic error into a
:class:`~geo.errors.DataError` problem: the file's label, the place (``where``, named by the
caller's ``place`` function from the error's location, e.g. "entry #3 (areas.geojson)"), the
field, what was expected (the field's :class:`Expected`, else pydantic's own words) and what was
found (pydantic's input; "nothing" for a missing key).

Checks that need another file (a source id must be listed in ``sources.csv``) are written once,
as annotated types that read the validation ``context`` (:data:`SourceIds`).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from geo.errors import DataError, raise_problems

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)
_UNSET = object()


class Expected:
    """What a field expects, in the words of a message: ``Annotated[int, Expected("a whole
    number")]``. Used for every error of that field (wrong type, too short, out of range,
    missing)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Expected({self.text!r})"


class Record(BaseModel):
    """The base of every file schema: unknown keys are an error, types are strict (the text
    "3" is not the number 3, ``true`` is not 1), and a loaded record cannot be changed."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Row(BaseModel):
    """The base of a CSV row's schema: every cell is text, so numbers are read from text
    ("1945" is 1945); unknown columns are an error like unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- common types

Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), Expected("non-empty text")
]
OptionalText = Annotated[str, StringConstraints(strip_whitespace=True), Expected("text")]
WholeNumber = Annotated[int, Field(ge=0), Expected("a whole number")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$"), Expected("64 hex digits")]
Colour = Annotated[
    str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$"), Expected("a '#RRGGBB' colour")
]


def _known_sources(ids: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
    """Every id must be in the context's ``source_ids`` (the ids of sources.csv), when given."""
    known = (info.context or {}).get("source_ids")
    unknown = [i for i in ids if known is not None and i not in known]
    if unknown:
        raise PydanticCustomError(
            "unknown_source",
            "unknown source id(s) {unknown}; every source must be listed in sources.csv",
            {"unknown": unknown},
        )
    return ids


SourceId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# A non-empty list of source ids, each listed in sources.csv (pass ``source_ids`` in the context).
SourceIds = Annotated[
    tuple[SourceId, ...],
    Field(min_length=1),
    Expected("a list of source ids"),
    AfterValidator(_known_sources),
]
# The same, possibly empty.
OptionalSourceIds = Annotated[
    tuple[SourceId, ...], Expected("a list of source ids"), AfterValidator(_known_sources)
]


# --------------------------------------------------------------------------- validation


def validate(
    model: type[M],
    doc: object,
    label: str,
    *,
    place: Callable[[Loc], tuple[str | None, Loc]] | None = None,
    context: Mapping[str, Any] | None = None,
) -> M:
    """``doc`` checked against ``model``; DataError (every problem of the file) otherwise.

    ``place`` names the part of the document an error is in: it gets the error's location
    (``("files", 3, "bytes")``) and returns the place as a message shows it ("entry #3
    (areas.geojson)") and the rest of the location, whose text keys name the field. Without
    it the place is the location's first keys, as in ``[section]``.
    """
    record, problems = check(model, doc, label, place=place, context=context)
    raise_problems(problems)
    assert record is not None
    return record


def check(
    model: type[M],
    doc: object,
    label: str,
    *,
    place: Callable[[Loc], tuple[str | None, Loc]] | None = None,
    context: Mapping[str, Any] | None = None,
) -> tuple[M | None, list[DataError]]:
    """Like :func:`validate`, but the problems are returned (with None) instead of raised, for
    a loader that adds its own cross-checks before raising them all together."""
    try:
        return model.model_validate(doc, context=dict(context or {})), []
    except ValidationError as exc:
        return None, problems_of(exc, model, label, place=place)


def validate_rows(
    model: type[M],
    rows: Sequence[Mapping[str, str]],
    label: str,
    *,
    name: Callable[[Mapping[str, str]], str] | None = None,
    context: Mapping[str, Any] | None = None,
    first_line: int = 2,
) -> list[M]:
    """Every CSV row checked against ``model`` (a :class:`Row`); DataError naming each bad row
    by its line ("line 4 (habomai)": ``name`` gives the text in brackets) otherwise. Empty
    cells are read as missing, so that a required column left empty says "found nothing"."""
    records, problems = [], []
    for number, row in enumerate(rows, start=first_line):
        cells = {k: v for k, v in row.items() if v != ""}
        try:
            records.append(model.model_validate(cells, context=dict(context or {})))
        except ValidationError as exc:
            where = f"line {number}" + (f" ({name(row) or 'no id'})" if name else "")
            problems += problems_of(exc, model, label, place=_at(where))
    raise_problems(problems)
    return records


def _at(where: str) -> Callable[[Loc], tuple[str | None, Loc]]:
    """A ``place`` function that names every error's place ``where`` (a CSV row)."""

    def place(loc: Loc) -> tuple[str | None, Loc]:
        return where, loc

    return place


def problems_of(
    exc: ValidationError,
    model: type[BaseModel],
    label: str,
    *,
    place: Callable[[Loc], tuple[str | None, Loc]] | None = None,
) -> list[DataError]:
    """Each error of ``exc`` as a DataError problem (see :func:`validate`); the unknown keys of
    one table are named together in one problem."""
    problems: list[DataError] = []
    unknown: dict[tuple[str | None, Loc], list[str]] = {}
    for error in exc.errors(include_url=False):
        loc: Loc = tuple(error["loc"])
        where, rest = place(loc) if place else _default_place(loc)
        if error["type"] == "extra_forbidden":
            unknown.setdefault((where, rest[:-1]), []).append(str(rest[-1]))
            continue
        field = ".".join(str(part) for part in rest if isinstance(part, str)) or None
        expected = _expected(model, loc)
        found = None if error["type"] == "missing" else error.get("input")
        if error["type"] in _OWN_WORDS or expected is None:
            problems.append(DataError(label, _words(error), where=where, field=field))
        else:
            problems.append(
                DataError(label, where=where, field=field, expected=expected, found=found)
            )
    for (where, parent), keys in unknown.items():
        allowed = list(_fields_at(model, parent))
        problems.append(
            DataError(
                label,
                f"found unknown key(s) {sorted(keys)}; expected only {allowed}",
                where=where,
            )
        )
    return problems


# Errors whose own text says more than the field's Expected (a cross-file check, a rule).
_OWN_WORDS = {"unknown_source", "value_error", "assertion_error", "rule"}


def _words(error: Mapping[str, Any]) -> str:
    """Pydantic's message as a problem text: a rule's own words, or "expected ..." ."""
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if error["type"] in _OWN_WORDS:
        return message
    found = "nothing" if error["type"] == "missing" else repr(error.get("input"))
    return f"expected {message[:1].lower()}{message[1:]}, found {found}"


def _default_place(loc: Loc) -> tuple[str | None, Loc]:
    """``[section]`` for an error inside a top-level table, none for a top-level key."""
    if len(loc) > 1 and isinstance(loc[0], str):
        return f"[{loc[0]}]", loc[1:]
    return None, loc


def _expected(model: type[BaseModel], loc: Loc) -> str | None:
    """The :class:`Expected` words of the field at ``loc``, or None."""
    info = _annotation_at(model, loc)
    if info is None:
        return None
    for meta in info:
        if isinstance(meta, Expected):
            return meta.text
    return None


def _annotation_at(model: type[BaseModel], loc: Loc) -> list[Any] | None:
    """The metadata of the field at ``loc`` (walking models, lists, tuples and dicts)."""
    current: Any = model
    metadata: list[Any] = []
    for part in loc:
        current, metadata = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return None
            current, metadata = field.annotation, list(field.metadata)
            metadata += _unwrap(current)[1]
            continue
        args = typing.get_args(current)
        origin = typing.get_origin(current)
        if origin in (list, tuple, Sequence) and args:
            current, metadata = args[0], []
        elif origin in (dict, Mapping) and len(args) == 2:
            current, metadata = args[1], []
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in args if a is not type(None)]
            current, metadata = (models[0], []) if models else (current, [])
        else:
            return metadata or None
        metadata += _unwrap(current)[1]
    return metadata


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """An ``Annotated[T, ...]`` as (T, its metadata); any other type as (it, [])."""
    if typing.get_origin(annotation) is Annotated:
        base, *meta = typing.get_args(annotation)
        inner, inner_meta = _unwrap(base)
        return inner, [*meta, *inner_meta]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return annotation, []


def _fields_at(model: type[BaseModel], loc: Loc) -> tuple[str, ...]:
    """The field names (aliases where given) of the model at ``loc``."""
    current: Any = model
    for part in loc:
        current, _ = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            current = field.annotation if field else None
        else:
            args = typing.get_args(current)
            current = args[-1] if args else None
    current, _ = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return tuple(f.alias or name for name, f in current.model_fields.items())
    return ()


def rule(text: str) -> PydanticCustomError:
    """A broken rule in a validator, worded as the message should read (no "Value error, ")."""
    return PydanticCustomError("rule", text)
