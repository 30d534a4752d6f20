"""The atlas's sources and names: ``timeline/sources.csv`` (every source cited anywhere),
``timeline/source_kinds.csv`` (what kind of source each one is) and ``timeline/names.csv`` (the
names of every feature and group in English, Japanese and Russian)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Annotated

import pandas as pd
from pydantic import StringConstraints

from geo.errors import DataError, raise_problems
from geo.files.codes import NAME_KINDS, SAFE_URL, SOURCE_KINDS
from geo.files.fields import KnownSourceId, OneOf, SourceIdCells
from geo.files.schema import (
    Expected,
    OptionalText,
    Row,
    Text,
    cells,
    check_rows,
    duplicates,
    read_rows,
)

HttpUrl = Annotated[str, StringConstraints(pattern=SAFE_URL.pattern), Expected("an http(s) URL")]


class SourceRow(Row):
    """A row of ``sources.csv``: an id, a title and a link or a bibliographic reference."""

    id: Annotated[
        str,
        StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*$"),
        Expected("a lowercase id (a-z, 0-9, '-', '.', '_')"),
    ]
    title: Annotated[Text, Expected("a title")]
    author: OptionalText = ""
    publisher: OptionalText = ""
    date: OptionalText = ""
    url: HttpUrl = ""
    language: OptionalText = ""
    note: OptionalText = ""


class SourceKindRow(Row):
    """A row of ``source_kinds.csv``: the kind of one source of sources.csv."""

    id: KnownSourceId
    kind: Annotated[str, OneOf(SOURCE_KINDS)]


class NameRow(Row):
    """A row of ``names.csv``: the names of one feature, group, undrawn islet or set of groups."""

    id: Annotated[Text, Expected("an id")]
    kind: Annotated[str, OneOf(NAME_KINDS)]
    name_en: Annotated[Text, Expected("a name")]
    name_ja: Annotated[Text, Expected("a name")]
    name_ja_latn: Annotated[Text, Expected("a name")]
    name_ru: Annotated[Text, Expected("a name")]
    name_ru_latn: Annotated[Text, Expected("a name")]
    note: OptionalText = ""
    sources: SourceIdCells


def _by_id(row: Mapping[str, str]) -> str:
    return row["id"]


def load_sources(path: Path, label: str) -> pd.DataFrame:
    """Read ``sources.csv`` (every row checked, every problem raised together in one
    DataError): the sources as text, indexed by id."""
    rows = read_rows(SourceRow, path, label)
    checked, problems = check_rows(SourceRow, rows, label, name=_by_id)
    problems += duplicates(cells(checked, rows, "id"), label, lambda i: f"duplicate id {i!r}", "id")
    raise_problems(problems)
    return pd.DataFrame(rows, columns=list(SourceRow.model_fields)).set_index("id", drop=False)


def add_source_kinds(path: Path, label: str, sources: pd.DataFrame) -> pd.DataFrame:
    """``sources`` with the ``kind`` of every source from ``source_kinds.csv`` (``id,kind``).

    Kept out of sources.csv so that file stays append-only (it merges as a union). Every id
    must be a source, listed once; every source must have a kind.
    """
    rows = read_rows(SourceKindRow, path, label)
    context = {"source_ids": set(sources.index)}
    checked, problems = check_rows(SourceKindRow, rows, label, name=_by_id, context=context)
    problems += duplicates(cells(checked, rows, "id"), label, lambda i: f"duplicate id {i!r}", "id")
    listed = {row["id"] for row in rows}
    missing = [i for i in sources.index if i not in listed]
    if missing:
        problems.append(DataError(label, f"no kind for source(s) {missing}", field="kind"))
    raise_problems(problems)
    sources = sources.copy()
    sources["kind"] = sources.index.map({r.id: r.kind for _, r in checked if r})
    return sources


def load_names(path: Path, label: str, source_ids: set[str]) -> pd.DataFrame:
    """Read ``names.csv``: five names of every id (each id once per kind), each row with its
    sources (ids of sources.csv). The names as text."""
    rows = read_rows(NameRow, path, label)
    context = {"source_ids": source_ids}
    checked, problems = check_rows(NameRow, rows, label, name=_by_id, context=context)
    problems += duplicates(
        cells(checked, rows, "kind", "id"), label, lambda k: f"duplicate {k[0]} id {k[1]!r}", "id"
    )
    raise_problems(problems)
    return pd.DataFrame(rows, columns=list(NameRow.model_fields))


def check_names_cover(
    names: pd.DataFrame,
    features: Iterable[str],
    groups: Iterable[str],
    label: str,
    areas_label: str,
) -> None:
    """Every drawn feature and group of areas.geojson has names, and names.csv names no other
    feature or group (an undrawn islet or a set of groups is not drawn); DataError otherwise."""
    features, groups = tuple(features), tuple(groups)
    drawn = {("feature", i) for i in features} | {("group", g) for g in groups}
    named = set(zip(names["kind"], names["id"]))
    problems = [
        DataError(label, f"no names for {kind} {item!r} of {areas_label}", where=f"id {item}")
        for kind, ids in (("feature", features), ("group", groups))
        for item in ids
        if (kind, item) not in named
    ]
    drawn_ids = {item for _, item in drawn}
    for kind, item in sorted(named, key=lambda k: (k[1], k[0])):
        if kind in ("undrawn", "collective") and item in drawn_ids:
            problems.append(
                DataError(
                    label,
                    f"{item!r} is drawn in {areas_label} but marked {kind!r}",
                    where=f"id {item}",
                    field="kind",
                )
            )
        elif kind not in ("undrawn", "collective") and (kind, item) not in drawn:
            problems.append(
                DataError(
                    label,
                    f"names for unknown {kind} {item!r}; expected only ids of {areas_label}",
                    where=f"id {item}",
                    field="id",
                )
            )
    raise_problems(problems)
