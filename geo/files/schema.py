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
as annotated types that read the validation ``context`` (:data:`SourceIds`; any other with
:func:`geo.files.fields.known_in`, beside the other shared types of geo/files/fields.py).
A rule of a record is a validator that raises :func:`rule` (its own words) or :func:`mismatch`
(expected and found); a rule about one field is best a ``field_validator`` of that field, so that
every broken rule of a record is listed, each with its field.

CSV files: :func:`read_rows` reads a file whose columns are a :class:`Row`'s fields, and
:func:`validate_rows` / :func:`check_rows` check its rows, naming each bad row by its line.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from geo.errors import DataError, raise_problems
from geo.files.read import read_csv

Loc = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)
_UNSET = object()


class Expected:
    """What a field expects, in the words of a message: ``Annotated[int, Expected("a whole
    number")]``. Used for every error of that field (wrong type, too short, out of range,
    missing). The outermost one wins, so a common type can be worded for one field:
    ``Annotated[Text, Expected("a title")]``. A subclass adds its check to its words
    (:class:`~geo.files.fields.OneOf`: ``Annotated[str, OneOf(STATE_CODES)]``)."""

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
    Strict(False),  # a list of a TOML or JSON file is a tuple (its items stay strict)
]
# The same, possibly empty.
OptionalSourceIds = Annotated[
    tuple[SourceId, ...],
    Expected("a list of source ids"),
    AfterValidator(_known_sources),
    Strict(False),  # a list of a TOML or JSON file is a tuple (its items stay strict)
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
    it the place is the location's first key, as in ``[section]`` (none for an item of a
    top-level list: its keys name the field, "entry.name").
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
    checked, problems = check_rows(
        model, rows, label, name=name, context=context, first_line=first_line
    )
    raise_problems(problems)
    return [record for _, record in checked if record is not None]


def check_rows(
    model: type[M],
    rows: Sequence[Mapping[str, str]],
    label: str,
    *,
    name: Callable[[Mapping[str, str]], str] | None = None,
    context: Mapping[str, Any] | None = None,
    first_line: int = 2,
) -> tuple[list[tuple[str, M | None]], list[DataError]]:
    """Like :func:`validate_rows`, but each row's place ("line 4 (habomai)") is returned with
    its record (None for a row with problems), and the problems are returned instead of
    raised, for a loader that adds checks across rows (see :func:`duplicates`)."""
    checked: list[tuple[str, M | None]] = []
    problems: list[DataError] = []
    for number, row in enumerate(rows, start=first_line):
        cells = {k: v for k, v in row.items() if v != ""}
        where = f"line {number}" + (f" ({name(row) or 'no id'})" if name else "")
        try:
            checked.append((where, model.model_validate(cells, context=dict(context or {}))))
        except ValidationError as exc:
            checked.append((where, None))
            problems += problems_of(exc, model, label, place=at(where))
    return checked, problems


def csv_columns(model: type[BaseModel]) -> tuple[str, ...]:
    """The columns of a CSV file whose rows ``model`` checks: its fields (aliases where
    given), in their order."""
    return tuple(f.alias or name for name, f in model.model_fields.items())


def read_rows(model: type[BaseModel], path: Path, label: str) -> list[dict[str, str]]:
    """The rows of a CSV file whose columns are ``model``'s fields (:func:`csv_columns`), read
    by :func:`~geo.files.read.read_csv` (limits, encodings, every column present); a column
    the model does not know is refused once, naming it (not in every row)."""
    columns = csv_columns(model)
    rows = read_csv(path, label, columns)
    unknown = [c for c in (rows[0] if rows else ()) if c not in columns]
    if unknown:
        raise DataError(label, f"found unknown column(s) {unknown}; expected only {list(columns)}")
    return rows


def duplicates(
    keyed: Iterable[tuple[str, Hashable]],
    label: str,
    text: Callable[[Any], str],
    field: str | None = None,
) -> list[DataError]:
    """A problem for every place whose key an earlier place already had: ``keyed`` gives each
    place (e.g. "line 4 (habomai)") with its key, ``text(key)`` words the problem ("duplicate
    id 'habomai'")."""
    seen: set[Hashable] = set()
    problems = []
    for where, key in keyed:
        if key in seen:
            problems.append(DataError(label, text(key), where=where, field=field))
        seen.add(key)
    return problems


def cells(
    checked: Sequence[tuple[str, BaseModel | None]],
    rows: Sequence[Mapping[str, str]],
    *columns: str,
) -> Iterable[tuple[str, Any]]:
    """Each CSV row's place (from :func:`check_rows`) with its text in ``columns`` (one cell, or
    a tuple of several), for :func:`duplicates`: rows with problems are compared too, rows whose
    cells are all empty are not."""
    for (where, _), row in zip(checked, rows, strict=True):
        key = tuple(row[c] for c in columns)
        if any(key):
            yield where, key[0] if len(key) == 1 else key


def at(where: str) -> Callable[[Loc], tuple[str | None, Loc]]:
    """A ``place`` function that names every error's place ``where`` (a CSV row, a feature)
    and keeps the whole location as the field's."""

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
            unknown.setdefault((where, loc[:-1]), []).append(str(loc[-1]))
            continue
        problems.append(_problem(error, model, label, where, rest))
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


def _problem(
    error: Mapping[str, Any], model: type[BaseModel], label: str, where: str | None, rest: Loc
) -> DataError:
    """One pydantic error as a DataError: its field is the text keys of ``rest`` (and the
    field a rule names); its words the field's Expected and the input, or its own."""
    ctx = error.get("ctx") or {}
    parts = [str(part) for part in rest if isinstance(part, str)]
    if ctx.get(_FIELD):  # a rule about another field: of the record, or beside this one
        on_record = not parts or bool(_fields_at(model, tuple(error["loc"])))
        parts = [*(parts if on_record else parts[:-1]), ctx[_FIELD]]
    field = ".".join(parts) or None
    if error["type"] == "mismatch":
        expected, found = ctx["expected"], ctx["found"]
    else:
        expected = _expected(model, tuple(error["loc"]), error["type"])
        found = None if error["type"] == "missing" else error.get("input")
    if error["type"] in _OWN_WORDS or expected is None:
        return DataError(label, _words(error), where=where, field=field)
    return DataError(label, where=where, field=field, expected=expected, found=found)


# Errors whose own text says more than the field's Expected (a cross-file check, a rule).
_OWN_WORDS = {"unknown_source", "value_error", "assertion_error", "rule"}


def _words(error: Mapping[str, Any]) -> str:
    """Pydantic's message as a problem text: a rule's own words, or "expected ..." ."""
    message = str((error.get("ctx") or {}).get("text", error["msg"]))  # a rule's own text
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if error["type"] in _OWN_WORDS:
        return message
    found = "nothing" if error["type"] == "missing" else repr(error.get("input"))
    return f"expected {message[:1].lower()}{message[1:]}, found {found}"


def _default_place(loc: Loc) -> tuple[str | None, Loc]:
    """``[section]`` for an error inside a top-level table, none for a top-level key or an
    item of a top-level list (whose keys then name the field)."""
    if len(loc) > 1 and isinstance(loc[0], str) and not isinstance(loc[1], int):
        return f"[{loc[0]}]", loc[1:]
    return None, loc


# Errors of a value that should be a table (a model) but is something else.
_NOT_A_TABLE = {"model_type", "model_attributes_type", "dict_type"}


def _expected(model: type[BaseModel], loc: Loc, kind: str = "") -> str | None:
    """The :class:`Expected` words of the field at ``loc`` (the outermost, when a type is
    re-worded), or None. An item of a list without words of its own takes its list's words; a
    table's (a model's) are "a table"."""
    words = [m.text for m in _annotation_at(model, loc) or () if isinstance(m, Expected)]
    if words:
        return words[-1]
    if kind in _NOT_A_TABLE:
        return "a table"
    if loc and isinstance(loc[-1], int):
        return _expected(model, loc[:-1])
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
            args = [a for a in typing.get_args(current) if a is not Ellipsis]
            mapping = typing.get_origin(current) in (dict, Mapping)
            current = (args[-1] if mapping else args[0]) if args else None
    current, _ = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return tuple(f.alias or name for name, f in current.model_fields.items())
    return ()


# The context key of an error that names its field (a rule of a record about one field).
_FIELD = "atlas_field"


def rule(text: str, *, field: str | None = None) -> PydanticCustomError:
    """A broken rule in a validator, worded as the message should read (no "Value error, ").

    ``field`` names the field the rule is about, when it is raised by a validator of the whole
    record or of another field of it ("field 'basis_note': expected a basis_note ...")."""
    ctx = {"text": text, _FIELD: field} if field else {"text": text}
    return PydanticCustomError("rule", text, ctx)


def mismatch(expected: str, found: object, *, field: str | None = None) -> PydanticCustomError:
    """A broken rule in a validator, as what was expected and what was found ("expected a
    source id listed in the sources of configuration.1945, found 'x'"); ``field`` as in
    :func:`rule`."""
    ctx: dict[str, Any] = {"expected": expected, "found": found}
    if field:
        ctx[_FIELD] = field
    return PydanticCustomError("mismatch", "expected {expected}", ctx)
