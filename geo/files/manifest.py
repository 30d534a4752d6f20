"""``data/manifest.json``: where every data file comes from, its licence and its checksum."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import ConfigDict, Field

from geo.errors import DataError, data_label, raise_problems
from geo.files.read import DATA_DIR, check_items, read_json
from geo.files.schema import Expected, Loc, Record, Sha256, Text, WholeNumber, check

# The geometry files the map draws: each must be listed (the map shows their attribution).
MANIFEST_GEOMETRY = ("basemap.geojson", "areas.geojson", "lines.geojson")


class ManifestEntry(Record):
    """One data file: its provenance (the build may add more keys, e.g. ``source_url``)."""

    model_config = ConfigDict(extra="allow")

    path: Text
    kind: Text
    source: Text
    licence: Text
    attribution: Text
    derived_by: Text
    sha256: Sha256
    bytes: WholeNumber


class Manifest(Record):
    files: Annotated[
        list[ManifestEntry], Field(min_length=1), Expected("a non-empty list of file entries")
    ]


def load_manifest(path: Path | str | None = None) -> dict:
    """Read ``data/manifest.json``: where every data file comes from, its licence and checksum.

    Every entry needs ``path``, ``kind``, ``source``, ``licence``, ``attribution`` and
    ``derived_by`` as text, ``sha256`` as 64 hex digits and ``bytes`` as a whole number; the
    three geometry files must be listed (the map shows their attribution). Checksums are not
    compared here (tests/test_manifest.py does that), so editing a data file does not stop the
    app. Every problem is collected and raised together in one DataError.
    """
    path = Path(path) if path is not None else DATA_DIR / "manifest.json"
    label = data_label(path)
    doc = read_json(path, label)
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, list) or not files:
        found = files if isinstance(doc, dict) else doc
        raise DataError(
            label, field="files", expected="a non-empty list of file entries", found=found
        )
    check_items(len(files), path, label, "entries", field="files")

    def place(loc: Loc) -> tuple[str | None, Loc]:
        if len(loc) > 1 and loc[0] == "files" and isinstance(loc[1], int):
            entry = files[loc[1]]
            name = entry.get("path") if isinstance(entry, dict) else None
            where = f"entry #{loc[1]}" + (f" ({name})" if isinstance(name, str) else "")
            return where, loc[2:]
        return None, loc

    _, problems = check(Manifest, doc, label, place=place)
    listed = {e.get("path") for e in files if isinstance(e, dict)}
    missing = [name for name in MANIFEST_GEOMETRY if name not in listed]
    if missing:
        problems.append(
            DataError(label, f"expected an entry for each of {missing}, found none", field="files")
        )
    raise_problems(problems)
    return doc
