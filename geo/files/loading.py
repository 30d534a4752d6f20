"""Read and validate every data file of the atlas.

All files live in one data directory (``data/`` beside this package by default):

- ``areas.geojson``: one feature per drawn area (``id``, ``group``), EPSG:4326.
- ``lines.geojson``: treaty and boundary lines (``id``, ``years``, ``label``).
- ``timeline/names.csv``: names of every feature and group in English, Japanese, Russian.
- ``timeline/sources.csv``: every source cited anywhere.
- ``timeline/source_kinds.csv``: the kind of every source (government, treaty, scholarship...).
- ``timeline/configurations.toml``: one entry per configuration year (instrument, quote...).
- ``timeline/status.csv``: who administers / claims each group in each configuration.
- ``timeline/quote_texts.toml``: Japanese and Russian texts beside the quotes
  (:func:`load_quote_texts`, read on demand, not by :func:`load_atlas`).

:func:`load_atlas` checks every file and every cross-reference and raises one
:class:`~geo.errors.DataError` naming the file, the row or feature, the field and what was
expected.
"""

from __future__ import annotations

import math
from pathlib import Path

from geo.errors import DataError, data_label
from geo.files.atlas import (
    Atlas,
    OfficialArea,
    QuoteText,
)
from geo.files.codes import (
    DISPUTED_GROUPS,
)
from geo.files.configurations import load_configurations
from geo.files.events import load_events
from geo.files.geometry import check_basemap, load_areas, load_lines
from geo.files.problems import Problems
from geo.files.read import DATA_DIR, read_csv, read_toml
from geo.files.sources import add_source_kinds, check_names_cover, load_names, load_sources
from geo.files.status import load_status

# --------------------------------------------------------------------------- helpers


def _rel(path: Path, data_dir: Path) -> str:
    try:
        return str(Path(data_dir.name) / path.relative_to(data_dir))
    except ValueError:
        return data_label(path)


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


def _check_sources(
    ids: tuple[str, ...], known: set[str], problems: Problems, where: str, field_name: str
) -> None:
    if not ids:
        problems.add(where=where, field=field_name, expected="at least one source id", found="")
        return
    unknown = [s for s in ids if s not in known]
    if unknown:
        problems.add(
            f"unknown source id(s) {unknown}; every source must be listed in sources.csv",
            where=where,
            field=field_name,
        )


# --------------------------------------------------------------------------- files


# --------------------------------------------------------------------------- the atlas


def load_atlas(data_dir: Path | str | None = None) -> Atlas:
    """Read and cross-check every data file in ``data_dir`` (default: the bundled ``data/``).

    Raises
    ------
    DataError
        naming the file, the row or feature, the field and what was expected.
    """
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    timeline = data_dir / "timeline"

    def label(path: Path) -> str:
        return _rel(path, data_dir)

    sources = load_sources(timeline / "sources.csv", label(timeline / "sources.csv"))
    kinds_path = timeline / "source_kinds.csv"
    sources = add_source_kinds(kinds_path, label(kinds_path), sources)
    source_ids = set(sources.index)
    names_path = timeline / "names.csv"
    names = load_names(names_path, label(names_path), source_ids)

    areas_path = data_dir / "areas.geojson"
    areas = load_areas(areas_path, label(areas_path))
    check_basemap(data_dir / "basemap.geojson", label(data_dir / "basemap.geojson"))
    groups = tuple(dict.fromkeys(areas["group"]))  # in file order
    check_names_cover(names, areas["id"], groups, label(names_path), label(areas_path))

    config_path = timeline / "configurations.toml"
    configurations = load_configurations(config_path, label(config_path), source_ids)
    status_path = timeline / "status.csv"
    status = load_status(
        status_path, label(status_path), set(configurations), set(groups), source_ids
    )
    lines_path = data_dir / "lines.geojson"
    lines = load_lines(lines_path, label(lines_path), set(configurations))
    return Atlas(
        data_dir=data_dir,
        areas=areas,
        lines=lines,
        names=names,
        sources=sources,
        configurations=configurations,
        status=status,
        groups=groups,
        events=load_events(
            timeline / "events.csv",
            label(timeline / "events.csv"),
            configurations,
            set(groups),
            source_ids,
        ),
    )


# --------------------------------------------------------------------------- official areas

OFFICIAL_AREA_COLUMNS = ("group", "area_km2", "island_only_km2", "basis", "source", "note")


def load_official_areas(
    path: Path | str | None = None,
    source_ids: set[str] | frozenset[str] | None = None,
    groups: tuple[str, ...] = DISPUTED_GROUPS,
) -> dict[str, OfficialArea]:
    """Read ``data/timeline/official_areas.csv``: one published area per disputed group.

    Every problem (unknown or missing group, a number that is not positive, an unknown source
    id) is collected and raised together in one DataError.
    """
    path = Path(path) if path is not None else DATA_DIR / "timeline" / "official_areas.csv"
    label = data_label(path)
    rows = read_csv(path, label, OFFICIAL_AREA_COLUMNS)
    problems, areas = Problems(label), {}
    for number, row in enumerate(rows, start=2):
        where = f"line {number}"
        if row["group"] not in groups or row["group"] in areas:
            problems.add(
                where=where,
                field="group",
                expected=f"one of {list(groups)} once",
                found=row["group"],
            )
            continue
        numbers = {}
        for key in ("area_km2", "island_only_km2"):
            try:
                numbers[key] = float(row[key])
            except ValueError:
                numbers[key] = float("nan")
            if not (math.isfinite(numbers[key]) and numbers[key] > 0):
                problems.add(where=where, field=key, expected="a positive number", found=row[key])
        ids = _split(row["source"])
        unknown = [s for s in ids if source_ids is not None and s not in source_ids]
        if not ids or unknown:
            problems.add(
                where=where, field="source", expected="known source ids", found=row["source"]
            )
        areas[row["group"]] = OfficialArea(
            row["group"],
            numbers["area_km2"],
            numbers["island_only_km2"],
            row["basis"],
            ids,
            row["note"],
        )
    missing = [g for g in groups if g not in areas]
    if missing:
        problems.add(f"expected a row for each of {missing}, found none", field="group")
    problems.raise_all()
    return areas


# --------------------------------------------------------------------------- texts beside quotes

QUOTE_TEXT_KEYS = ("quote", "lang", "kind", "text", "source", "note")
QUOTE_TEXT_LANGS = ("ja", "ru")
# original: the instrument's or statement's own text in that language (an authentic text);
# official: a government's official text in that language, not one of the authentic texts;
# published: an existing translation made by others; atlas: the atlas's own translation of the
# English quote (no source of its own; the page labels it as such).
QUOTE_TEXT_KINDS = ("original", "official", "published", "atlas")


def load_quote_texts(
    atlas: Atlas, path: Path | str | None = None
) -> dict[str, tuple[QuoteText, ...]]:
    """Read ``timeline/quote_texts.toml`` into {quote id: its texts}.

    Every problem is raised together in one DataError naming the file, the entry and the field:
    a quote id that is not a configuration or event with a quote; a language or kind not
    listed above; an empty text or note; a source that is not an id of ``sources.csv`` listed
    among that configuration's or event's sources (or any source on the atlas's translation);
    two texts in one language for one quote; an unknown key.
    """
    path = Path(path) if path is not None else atlas.data_dir / "timeline" / "quote_texts.toml"
    label = _rel(path, atlas.data_dir)
    entries = read_toml(path, label).get("text")
    if not isinstance(entries, list):
        raise DataError(label, expected="[[text]] tables", found=entries)
    quoted = {f"configuration.{y}": c.sources for y, c in atlas.configurations.items() if c.quote}
    quoted |= {f"event.{e.id}": e.sources for e in atlas.events if e.quote}
    problems, found = Problems(label), {}
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.add(where=f"[[text]] #{index}", expected="a table", found=entry)
            continue
        where = f"[[text]] #{index} ({entry.get('quote')}, {entry.get('lang')})"
        before = len(problems)
        problems.unknown_keys(entry, QUOTE_TEXT_KEYS, where)
        values = {
            k: problems.text(entry, k, where, required=k != "source") for k in QUOTE_TEXT_KEYS
        }
        quote, lang, kind, source = (values[k] for k in ("quote", "lang", "kind", "source"))
        if quote and quote not in quoted:
            problems.add(
                where=where,
                field="quote",
                expected="configuration.<year> or event.<id> of an entry with a quote",
                found=quote,
            )
        for key, allowed in (("lang", QUOTE_TEXT_LANGS), ("kind", QUOTE_TEXT_KINDS)):
            if values[key] and values[key] not in allowed:
                problems.add(
                    where=where, field=key, expected=f"one of {list(allowed)}", found=values[key]
                )
        if kind == "atlas" and source:
            problems.add(
                "the atlas's translation has no source of its own", where=where, field="source"
            )
        elif (
            kind in QUOTE_TEXT_KINDS
            and kind != "atlas"
            and source not in quoted.get(quote, [source])
        ):
            problems.add(
                where=where,
                field="source",
                expected=f"a source id listed in the sources of {quote}",
                found=source,
            )
        if (quote, lang) in found:
            problems.add(f"a second {lang!r} text for {quote}", where=where, field="lang")
        if len(problems) == before:
            found[quote, lang] = QuoteText(**values)
    problems.raise_all()
    texts: dict[str, tuple[QuoteText, ...]] = {}
    for (quote, _), text in found.items():
        texts[quote] = (*texts.get(quote, ()), text)
    return texts
