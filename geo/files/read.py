"""Reading data files: every file's size limit, and one reader per format (TOML, JSON, CSV)
that refuses what is too large, too deep, not UTF-8 or not well formed, naming the file."""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from geo.errors import DataError, raise_problems

# The atlas's data folder (``data/`` beside the package); a loader takes another folder's files.
DATA_DIR = Path(__file__).resolve().parents[2] / "data"

KB = 1024
MB = 1024 * KB


@dataclass(frozen=True)
class FileLimit:
    """How large one data file may be: ``max_bytes`` (checked before the file is read) and
    ``max_items``, its rows (CSV), features (GeoJSON), entries (manifest.json) or tables
    (TOML: every ``[section]``, ``[[entry]]`` and ``{ inline table }``)."""

    max_bytes: int
    max_items: int


# Several times what each file holds today (data/README.md, "Limits"): room for an atlas of
# the region to grow, never a file that takes the server minutes or gigabytes to read, or a
# basemap that every visitor's browser must fetch and draw. Today's size in the comments.
FILE_LIMITS = {
    "areas.geojson": FileLimit(1 * MB, 300),  # 140 KB, 15 features
    "lines.geojson": FileLimit(256 * KB, 200),  # 3 KB, 5 features
    "basemap.geojson": FileLimit(1 * MB, 200),  # 216 KB, 1 feature (served to every visitor)
    "manifest.json": FileLimit(256 * KB, 200),  # 14 KB, 20 entries
    "messages.toml": FileLimit(1 * MB, 2000),  # 73 KB, 372 tables
    "scenarios.toml": FileLimit(256 * KB, 500),  # 9 KB, 13 tables
    "questions.toml": FileLimit(512 * KB, 1000),  # 62 KB, 91 tables
    "style.toml": FileLimit(64 * KB, 200),  # 2 KB, 17 tables
    "worldviews.toml": FileLimit(256 * KB, 300),  # 29 KB, 33 tables
    "glossary.toml": FileLimit(256 * KB, 1000),  # 11 KB, 25 tables
    "configurations.toml": FileLimit(512 * KB, 1000),  # 38 KB, 18 tables
    "quote_texts.toml": FileLimit(256 * KB, 500),  # 13 KB, 13 tables
    "events.csv": FileLimit(512 * KB, 1000),  # 28 KB, 19 rows
    "names.csv": FileLimit(256 * KB, 1000),  # 10 KB, 28 rows
    "official_areas.csv": FileLimit(64 * KB, 100),  # 2 KB, 4 rows
    "residents_1945.csv": FileLimit(64 * KB, 500),  # 2 KB, 10 rows
    "residents_census.csv": FileLimit(256 * KB, 1000),  # 18 KB, 53 rows
    "source_kinds.csv": FileLimit(256 * KB, 5000),  # 7 KB, 173 rows
    "sources.csv": FileLimit(2 * MB, 5000),  # 115 KB, 173 rows
    "status.csv": FileLimit(1 * MB, 2000),  # 38 KB, 70 rows
}
# timeline/translations/<language>.toml: 148 KB, 227 tables.
TRANSLATION_LIMIT = FileLimit(2 * MB, 3000)
# Any other file read through read_text (none today).
DEFAULT_LIMIT = FileLimit(1 * MB, 5000)
# Levels of [ ] and { } in a JSON or TOML file: a GeoJSON MultiPolygon needs 9, the TOML files
# 5. Deeper nesting is refused before anything walks it (Python's parsers and shapely recurse).
MAX_NESTING = 32


def file_limit(path: Path | str) -> FileLimit:
    """The limit of a data file, by its name (a translation by its folder)."""
    path = Path(path)
    if path.parent.name == "translations":
        return TRANSLATION_LIMIT
    return FILE_LIMITS.get(path.name, DEFAULT_LIMIT)


def read_limited(path: Path | str, label: str) -> bytes:
    """A data file's bytes, refused before reading when it is larger than its limit.

    Raises DataError naming ``label`` (never the server path) for a missing, unreadable or
    too large file. At most the limit (plus one byte) is read, even from a file that grows
    while it is read or reports no size (a pipe, a device).
    """
    limit = file_limit(path).max_bytes
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size <= limit:
                raw = f.read(limit + 1)
                size = max(size, len(raw))
    except FileNotFoundError:
        raise DataError(label, "file is missing") from None
    except IsADirectoryError:
        raise DataError(label, expected="a file", found="a folder") from None
    except OSError as exc:  # str(exc) would name the server path
        raise DataError(label, f"cannot be read ({exc.strerror or type(exc).__name__})") from None
    if size > limit:
        raise DataError(
            label,
            f"expected at most {limit:,} bytes, found {size:,} bytes "
            "(the atlas's limit for this file: data/README.md, Limits)",
        )
    return raw


def check_items(count: int, path: Path | str, label: str, unit: str, **where) -> None:
    """Raise DataError if ``count`` rows / features / entries / tables exceed the file's limit."""
    limit = file_limit(path).max_items
    if count > limit:
        raise DataError(
            label,
            f"expected at most {limit:,} {unit}, found {count:,} "
            "(the atlas's limit for this file: data/README.md, Limits)",
            **where,
        )


def _nesting(doc: object, label: str) -> int:
    """The number of tables (dicts) in a parsed JSON / TOML document; DataError if it is
    nested deeper than MAX_NESTING. Walks without recursion."""
    tables, deepest, stack = 0, 0, [(doc, 1)]
    children: Iterable[object]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            tables += 1
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    if deepest > MAX_NESTING:
        raise DataError(
            label,
            f"expected at most {MAX_NESTING} levels of nested [ ] and {{ }}, "
            f"found {deepest:,} levels",
        )
    return tables


def _too_deep(label: str) -> DataError:
    """A file Python's parser gave up on (RecursionError): named like every broken file."""
    return DataError(
        label,
        f"expected at most {MAX_NESTING} levels of nested [ ] and {{ }}, found so many that "
        "the file cannot be read",
    )


def read_text(path: Path | str, label: str) -> str:
    """A data file's text: UTF-8, with or without a byte-order mark, any line endings (CRLF).

    Raises DataError naming ``label`` (never the server path) for a missing, unreadable or
    empty file, one larger than its limit (:func:`file_limit`, checked before reading), or one
    that is not UTF-8 (saying which byte, and what it looks like).
    """
    return decode_text(read_limited(path, label), label)


def decode_text(raw: bytes, label: str) -> str:
    """UTF-8 bytes as text with LF line endings (see :func:`read_text`)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError(label, "is UTF-16 text, not UTF-8; save it as UTF-8")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = raw[exc.start]
        looks = ""
        if b"\x00" in raw[:400]:
            looks = ", it looks like UTF-16"
        else:
            try:
                raw.decode("cp1252")
                looks = ", it looks like Latin-1 / Windows-1252"
            except UnicodeDecodeError:
                pass
        raise DataError(
            label,
            f"is not UTF-8 text (byte 0x{byte:02X} at offset {exc.start}{looks}); save it as UTF-8",
        ) from None
    if "\x00" in text:
        raise DataError(
            label, "is not UTF-8 text (it holds NUL bytes, as UTF-16 does); save it as UTF-8"
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DataError(label, "file is empty")
    return text


def read_toml(path: Path | str, label: str) -> dict:
    """A TOML data file as a dict (see :func:`read_text` for encodings and the size limit);
    at most the file's limit of tables, nested at most MAX_NESTING levels."""
    text = read_text(path, label)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(label, f"is not valid TOML ({exc})") from None
    except RecursionError:
        raise _too_deep(label) from None
    check_items(_nesting(doc, label), path, label, "tables ([sections], [[entries]], { })")
    return doc


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def read_json(path: Path | str, label: str):
    """A JSON data file (see :func:`read_text`); NaN and Infinity are refused, and so is
    nesting deeper than MAX_NESTING levels."""
    text = read_text(path, label)
    try:
        doc = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise DataError(
            label, f"is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:
        raise _too_deep(label) from None
    except ValueError as exc:
        raise DataError(label, f"is not valid JSON ({exc})") from None
    _nesting(doc, label)
    return doc


def read_csv(path: Path, label: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file as dicts of stripped text: the atlas's one CSV reader.

    A byte-order mark and CRLF line endings are accepted. Raises DataError (naming ``label``)
    for a missing or unreadable file, one over its limit of bytes or rows (:func:`file_limit`),
    a missing column, or rows with the wrong number of fields (each such row listed).
    """
    text = read_text(path, label)
    max_rows, count, rows = file_limit(path).max_items, 0, []
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        columns = [c.strip() for c in reader.fieldnames or []]
        reader.fieldnames = columns
        for row in reader:  # counted to the end, kept only up to the limit
            count += 1
            if count <= max_rows:
                rows.append(row)
    except csv.Error as exc:
        raise DataError(label, f"cannot be read as CSV ({exc})") from None
    check_items(count, path, label, "rows")
    missing = [c for c in required if c not in columns]
    if missing:
        raise DataError(
            label,
            f"missing column(s) {missing}; expected columns {list(required)}, found {columns}",
        )
    doubled = sorted({c for c in columns if columns.count(c) > 1})
    if doubled:
        raise DataError(label, f"expected each column once, found {doubled} more than once")
    problems = []
    for number, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            found = len(columns) + len(row.get(None, [])) - sum(v is None for v in row.values())
            problems.append(
                DataError(
                    label,
                    f"wrong number of fields: expected {len(columns)}, found {found}",
                    where=f"line {number}",
                )
            )
            continue
        for key in row:
            row[key] = row[key].strip()
    raise_problems(problems)
    return rows
