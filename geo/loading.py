"""Read and validate every data file of the atlas.

All files live in one data directory (``data/`` beside this package by default):

- ``areas.geojson``: one feature per drawn area (``id``, ``group``), EPSG:4326.
- ``lines.geojson``: treaty and boundary lines (``id``, ``years``, ``label``).
- ``timeline/names.csv``: names of every feature and group in English, Japanese, Russian.
- ``timeline/sources.csv``: every source cited anywhere.
- ``timeline/source_kinds.csv``: the kind of every source (government, treaty, scholarship...).
- ``timeline/configurations.toml``: one entry per configuration year (instrument, quote...).
- ``timeline/status.csv``: who administers / claims each group in each configuration.

:func:`load_atlas` checks every file and every cross-reference and raises one
:class:`~geo.errors.DataError` naming the file, the row or feature, the field and what was
expected.
"""

from __future__ import annotations

import csv
import json
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import shape

from geo.errors import DataError

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

STATE_CODES = ("JP", "RU", "JOINT", "NONE")
DISPUTED_GROUPS = ("habomai", "shikotan", "kunashiri", "etorofu")
# feature: a drawn area; group: a status unit; undrawn: a named islet that the source geometry
# does not contain at its resolution (named, listed, never drawn); collective: a name for a set of
# groups (e.g. the four disputed groups: 北方領土 / Южные Курилы), never drawn.
NAME_KINDS = ("feature", "group", "undrawn", "collective")
# What a source is (sources.csv ``kind``): government = published by a government, parliament or
# government agency; official-statement = a named official's own words (head of government,
# minister, spokesperson) read in a third-party copy (news agency, database, transcription);
# treaty = the text of an international instrument; scholarship = academic work; press = news
# reporting; reference = encyclopedias, Wikipedia, libraries, private transcriptions and the rest.
SOURCE_KINDS = ("government", "official-statement", "treaty", "scholarship", "press", "reference")
# Kinds that count as a government's own voice in a reading's ``japan`` / ``russia`` column.
GOVERNMENT_VOICE_KINDS = ("government", "official-statement")
NAME_FIELDS = ("name_en", "name_ja", "name_ja_latn", "name_ru", "name_ru_latn")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$")


@dataclass(frozen=True)
class Reading:
    """How Japan's and Russia's governments each read an instrument on one topic.

    ``japan`` and ``russia`` hold government positions only; ``scholarship`` (optional) holds
    scholarly or encyclopedic views, labelled as such. ``sources`` is every source of the reading;
    ``japan_sources`` / ``russia_sources`` / ``scholarship_sources`` say which back which column
    (empty when the data gives only the combined list).
    """

    topic: str
    japan: str
    russia: str
    sources: tuple[str, ...]
    japan_sources: tuple[str, ...] = ()
    russia_sources: tuple[str, ...] = ()
    scholarship: str = ""
    scholarship_sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Configuration:
    """One moment of the timeline: the instrument or event that set the statuses."""

    year: int
    date: str
    label: str
    summary: str
    sources: tuple[str, ...]
    instrument_en: str = ""
    instrument_ja: str = ""
    instrument_ru: str = ""
    key_article: str = ""
    quote: str = ""
    quote_translation: str = ""
    quote_source: str = ""
    quote_original: str = ""
    quote_original_source: str = ""
    changes: str = ""
    readings: tuple[Reading, ...] = ()


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: a cache key
class Atlas:
    """Every validated table of the atlas. Treat as read-only; accessors hand out copies."""

    data_dir: Path
    areas: gpd.GeoDataFrame
    lines: gpd.GeoDataFrame
    names: pd.DataFrame
    sources: pd.DataFrame
    configurations: dict[int, Configuration]
    status: pd.DataFrame
    groups: tuple[str, ...] = field(default=())
    events: tuple[Event, ...] = field(default=())


# --------------------------------------------------------------------------- helpers


def _rel(path: Path, data_dir: Path) -> str:
    try:
        return str(path.relative_to(data_dir.parent))
    except ValueError:
        return str(path)


def read_csv(path: Path, label: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a UTF-8 CSV file as dicts of stripped text: the atlas's one CSV reader.

    Raises DataError (naming ``label``) for a missing or unreadable file, a missing column or
    a row with the wrong number of fields.
    """
    if not path.exists():
        raise DataError(label, "file is missing")
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            columns = reader.fieldnames or []
            rows = list(reader)
    except (UnicodeDecodeError, csv.Error) as exc:
        raise DataError(label, f"cannot be read as UTF-8 CSV ({exc})") from exc
    missing = [c for c in required if c not in columns]
    if missing:
        raise DataError(label, f"missing column(s) {missing}; expected columns {list(required)}")
    for number, row in enumerate(rows, start=2):
        if None in row or any(v is None for v in row.values()):
            raise DataError(label, "wrong number of fields", where=f"line {number}")
        for key in row:
            row[key] = row[key].strip()
    return rows


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip())


def _check_sources(
    ids: tuple[str, ...], known: set[str], label: str, where: str, field_name: str
) -> None:
    if not ids:
        raise DataError(label, "expected at least one source id", where=where, field=field_name)
    unknown = [s for s in ids if s not in known]
    if unknown:
        raise DataError(
            label,
            f"unknown source id(s) {unknown}; every source must be listed in sources.csv",
            where=where,
            field=field_name,
        )


def _read_geojson(path: Path, label: str) -> list[dict]:
    if not path.exists():
        raise DataError(label, "file is missing")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(label, f"is not valid JSON ({exc})") from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise DataError(label, "expected a GeoJSON FeatureCollection")
    crs = doc.get("crs")
    if crs is not None:
        name = str(crs.get("properties", {}).get("name", "")) if isinstance(crs, dict) else ""
        if not (name.endswith("CRS84") or name.endswith("4326")):
            raise DataError(label, f"expected EPSG:4326 (lon/lat), found CRS {name!r}")
    features = doc.get("features")
    if not isinstance(features, list) or not features:
        raise DataError(label, "expected a non-empty list of features")
    return features


def _feature_geometry(feature: dict, label: str, where: str, kinds: tuple[str, ...]):
    try:
        geom = shape(feature["geometry"])
    except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.GEOSException) as exc:
        raise DataError(
            label, f"unreadable geometry ({exc})", where=where, field="geometry"
        ) from exc
    if geom.geom_type not in kinds:
        raise DataError(
            label,
            f"expected {' or '.join(kinds)}, got {geom.geom_type}",
            where=where,
            field="geometry",
        )
    if geom.is_empty:
        raise DataError(label, "geometry is empty", where=where, field="geometry")
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        raise DataError(label, f"invalid geometry ({reason})", where=where, field="geometry")
    minx, miny, maxx, maxy = geom.bounds
    if not all(math.isfinite(v) for v in geom.bounds) or not (
        -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    ):
        raise DataError(
            label,
            "coordinates outside lon/lat range: expected EPSG:4326",
            where=where,
            field="geometry",
        )
    return geom


# --------------------------------------------------------------------------- files


def _load_names(path: Path, label: str) -> pd.DataFrame:
    rows = read_csv(path, label, ("id", "kind", *NAME_FIELDS, "sources"))
    seen: set[tuple[str, str]] = set()
    for number, row in enumerate(rows, start=2):
        where = f"line {number} ({row['id'] or 'no id'})"
        if not row["id"]:
            raise DataError(label, "expected an id", where=where, field="id")
        if (row["id"], row["kind"]) in seen:
            raise DataError(
                label, f"duplicate {row['kind']} id {row['id']!r}", where=where, field="id"
            )
        seen.add((row["id"], row["kind"]))
        if row["kind"] not in NAME_KINDS:
            raise DataError(
                label,
                f"expected one of {list(NAME_KINDS)}, got {row['kind']!r}",
                where=where,
                field="kind",
            )
        for name_field in NAME_FIELDS:
            if not row[name_field]:
                raise DataError(label, "expected a name", where=where, field=name_field)
    return pd.DataFrame(rows)


def _load_sources(path: Path, label: str) -> pd.DataFrame:
    rows = read_csv(path, label, ("id", "title", "url"))
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        where = f"line {number} ({row['id'] or 'no id'})"
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", row["id"]):
            raise DataError(
                label,
                f"expected a lowercase id (a-z, 0-9, '-', '.', '_'), got {row['id']!r}",
                where=where,
                field="id",
            )
        if row["id"] in seen:
            raise DataError(label, f"duplicate id {row['id']!r}", where=where, field="id")
        seen.add(row["id"])
        if not row["title"]:
            raise DataError(label, "expected a title", where=where, field="title")
        if row["url"] and not SAFE_URL.match(row["url"]):
            raise DataError(
                label, f"expected an http(s) URL, got {row['url']!r}", where=where, field="url"
            )
    return pd.DataFrame(rows).set_index("id", drop=False)


def _load_source_kinds(path: Path, label: str, sources: pd.DataFrame) -> pd.DataFrame:
    """Add the ``kind`` of every source from ``source_kinds.csv`` (``id,kind``).

    Kept out of sources.csv so that file stays append-only (it merges as a union).
    """
    rows = read_csv(path, label, ("id", "kind"))
    kinds: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        where = f"line {number} ({row['id'] or 'no id'})"
        if row["id"] in kinds:
            raise DataError(label, f"duplicate id {row['id']!r}", where=where, field="id")
        if row["id"] not in sources.index:
            raise DataError(label, f"unknown source id {row['id']!r}", where=where, field="id")
        if row["kind"] not in SOURCE_KINDS:
            raise DataError(
                label,
                f"expected one of {list(SOURCE_KINDS)}, got {row['kind']!r}",
                where=where,
                field="kind",
            )
        kinds[row["id"]] = row["kind"]
    missing = [i for i in sources.index if i not in kinds]
    if missing:
        raise DataError(label, f"no kind for source(s) {missing}", field="kind")
    sources = sources.copy()
    sources["kind"] = sources.index.map(kinds)
    return sources


def _load_configurations(path: Path, label: str, source_ids: set[str]) -> dict[int, Configuration]:
    if not path.exists():
        raise DataError(label, "file is missing")
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DataError(label, f"is not valid TOML ({exc})") from exc
    entries = doc.get("configuration")
    if not isinstance(entries, list) or not entries:
        raise DataError(label, "expected at least one [[configuration]] table")
    text_keys = ("date", "label", "summary")
    optional_keys = (
        "instrument_en",
        "instrument_ja",
        "instrument_ru",
        "key_article",
        "quote",
        "quote_translation",
        "quote_source",
        "quote_original",
        "quote_original_source",
        "changes",
    )
    configurations: dict[int, Configuration] = {}
    for index, entry in enumerate(entries, start=1):
        year = entry.get("year")
        where = f"configuration #{index} (year {year})"
        if not isinstance(year, int) or isinstance(year, bool):
            raise DataError(
                label, f"expected an integer year, got {year!r}", where=where, field="year"
            )
        if year in configurations:
            raise DataError(label, f"duplicate year {year}", where=where, field="year")
        for key in text_keys:
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise DataError(label, "expected non-empty text", where=where, field=key)
        for key in optional_keys:
            if not isinstance(entry.get(key, ""), str):
                raise DataError(label, "expected text", where=where, field=key)
        if not ISO_DATE.match(entry["date"]):
            raise DataError(
                label, f"expected YYYY-MM-DD, got {entry['date']!r}", where=where, field="date"
            )
        sources = tuple(entry.get("sources", ()))
        _check_sources(sources, source_ids, label, where, "sources")
        for quote_key in ("quote", "quote_original"):
            if entry.get(quote_key, "").strip():
                _check_sources(
                    (entry.get(f"{quote_key}_source", ""),),
                    source_ids,
                    label,
                    where,
                    f"{quote_key}_source",
                )
        if not entry.get("quote", "").strip() and not entry.get("reading"):
            raise DataError(
                label, "expected a quote or at least one reading", where=where, field="quote"
            )
        readings = []
        for r_index, reading in enumerate(entry.get("reading", []), start=1):
            r_where = f"{where}, reading #{r_index}"
            for key in ("topic", "japan", "russia"):
                if not isinstance(reading.get(key), str) or not reading[key].strip():
                    raise DataError(label, "expected non-empty text", where=r_where, field=key)
            column_sources = {}
            for key in ("japan_sources", "russia_sources", "scholarship_sources"):
                ids = reading.get(key, [])
                if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                    raise DataError(
                        label, "expected a list of source ids", where=r_where, field=key
                    )
                if ids:
                    _check_sources(tuple(ids), source_ids, label, r_where, key)
                column_sources[key] = tuple(ids)
            scholarship = reading.get("scholarship", "")
            if not isinstance(scholarship, str):
                raise DataError(label, "expected text", where=r_where, field="scholarship")
            if scholarship.strip() and not column_sources["scholarship_sources"]:
                raise DataError(
                    label,
                    "expected at least one source id for the scholarship text",
                    where=r_where,
                    field="scholarship_sources",
                )
            if bool(column_sources["japan_sources"]) != bool(column_sources["russia_sources"]):
                raise DataError(
                    label,
                    "give both japan_sources and russia_sources, or neither",
                    where=r_where,
                    field="russia_sources" if column_sources["japan_sources"] else "japan_sources",
                )
            r_sources = tuple(reading.get("sources", ()))
            if not r_sources:  # the union of the column lists, in order
                r_sources = tuple(dict.fromkeys(s for ids in column_sources.values() for s in ids))
            _check_sources(r_sources, source_ids, label, r_where, "sources")
            readings.append(
                Reading(
                    reading["topic"],
                    reading["japan"],
                    reading["russia"],
                    r_sources,
                    scholarship=scholarship.strip(),
                    **column_sources,
                )
            )
        configurations[year] = Configuration(
            year=year,
            sources=sources,
            readings=tuple(readings),
            **{k: entry[k].strip() for k in text_keys},
            **{k: entry.get(k, "").strip() for k in optional_keys},
        )
    return dict(sorted(configurations.items()))


STATUS_COLUMNS = (
    "year",
    "group",
    "administered_by",
    "administering_state",
    "claimed_by",
    "transfer_promised_to",
    "transfer_condition",
    "event_date",
    "basis_instrument",
    "basis_article",
    "basis_note",
    "note",
    "sources",
)


def _load_status(
    path: Path, label: str, years: set[int], groups: set[str], source_ids: set[str]
) -> pd.DataFrame:
    rows = read_csv(path, label, STATUS_COLUMNS)
    seen: set[tuple[int, str]] = set()
    records = []
    for number, row in enumerate(rows, start=2):
        where = f"line {number} ({row['year']}, {row['group']})"
        try:
            year = int(row["year"])
        except ValueError:
            raise DataError(
                label, f"expected an integer year, got {row['year']!r}", where=where, field="year"
            ) from None
        if year not in years:
            raise DataError(
                label,
                f"unknown configuration year {year}; known: {sorted(years)}",
                where=where,
                field="year",
            )
        if row["group"] not in groups:
            raise DataError(
                label,
                f"unknown area {row['group']!r}; known: {sorted(groups)}",
                where=where,
                field="group",
            )
        if (year, row["group"]) in seen:
            raise DataError(label, "duplicate row for this year and area", where=where)
        seen.add((year, row["group"]))
        if row["administered_by"] not in STATE_CODES:
            raise DataError(
                label,
                f"expected one of {list(STATE_CODES)}, got {row['administered_by']!r}",
                where=where,
                field="administered_by",
            )
        claimed = _split(row["claimed_by"])
        for code in claimed:
            if code not in STATE_CODES:
                raise DataError(
                    label,
                    f"expected codes from {list(STATE_CODES)}, got {code!r}",
                    where=where,
                    field="claimed_by",
                )
        transfer = row["transfer_promised_to"]
        if transfer and transfer not in STATE_CODES:
            raise DataError(
                label,
                f"expected one of {list(STATE_CODES)} or empty, got {transfer!r}",
                where=where,
                field="transfer_promised_to",
            )
        if row["event_date"] and not ISO_DATE.match(row["event_date"]):
            raise DataError(
                label,
                f"expected YYYY-MM-DD or empty, got {row['event_date']!r}",
                where=where,
                field="event_date",
            )
        if not row["administering_state"]:
            raise DataError(
                label,
                "expected the administering state's name",
                where=where,
                field="administering_state",
            )
        if not (row["basis_instrument"] and row["basis_article"]) and not row["basis_note"]:
            raise DataError(
                label,
                "expected a basis_note saying why no instrument or article is named",
                where=where,
                field="basis_note",
            )
        sources = _split(row["sources"])
        _check_sources(sources, source_ids, label, where, "sources")
        records.append({**row, "year": year, "claimed_by": claimed, "sources": sources})
    for year in sorted(years):
        missing = sorted(g for g in groups if (year, g) not in seen)
        if missing:
            raise DataError(
                label,
                f"configuration {year} has no status for area(s) {missing}; "
                "every configuration must cover every area",
            )
    return pd.DataFrame.from_records(records, columns=list(STATUS_COLUMNS))


def _identified_features(features: list, label: str):
    """Yield ``(feature, props, fid, where)`` after checking properties and a unique id."""
    seen: set[str] = set()
    for index, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            raise DataError(label, "expected a properties object", where=f"feature #{index}")
        fid = props.get("id")
        where = f"feature #{index} ({fid})"
        if not isinstance(fid, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", fid):
            raise DataError(label, f"expected a lowercase id, got {fid!r}", where=where, field="id")
        if fid in seen:
            raise DataError(label, f"duplicate id {fid!r}", where=where, field="id")
        seen.add(fid)
        yield feature, props, fid, where


def _load_areas(path: Path, label: str) -> gpd.GeoDataFrame:
    records = []
    for feature, props, fid, where in _identified_features(_read_geojson(path, label), label):
        group = props.get("group")
        if not isinstance(group, str) or not group:
            raise DataError(label, "expected a group id", where=where, field="group")
        geom = _feature_geometry(feature, label, where, ("Polygon", "MultiPolygon"))
        records.append({"id": fid, "group": group, "geometry": geom})
    gdf = gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")
    missing = [g for g in DISPUTED_GROUPS if g not in set(gdf["group"])]
    if missing:
        raise DataError(label, f"no feature for the disputed group(s) {missing}", field="group")
    return gdf


def _load_lines(path: Path, label: str, years: set[int]) -> gpd.GeoDataFrame:
    records = []
    for feature, props, lid, where in _identified_features(_read_geojson(path, label), label):
        line_years = props.get("years")
        if (
            not isinstance(line_years, list)
            or not line_years
            or not all(isinstance(y, int) and y in years for y in line_years)
        ):
            raise DataError(
                label,
                f"expected a list of configuration years from {sorted(years)}, got {line_years!r}",
                where=where,
                field="years",
            )
        if not isinstance(props.get("label"), str) or not props["label"]:
            raise DataError(label, "expected a label", where=where, field="label")
        geom = _feature_geometry(feature, label, where, ("LineString", "MultiLineString"))
        records.append(
            {
                "id": lid,
                "years": tuple(line_years),
                "label": props["label"],
                "derivation": str(props.get("derivation", "")),
                "geometry": geom,
            }
        )
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")


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

    sources = _load_sources(timeline / "sources.csv", label(timeline / "sources.csv"))
    kinds_path = timeline / "source_kinds.csv"
    sources = _load_source_kinds(kinds_path, label(kinds_path), sources)
    source_ids = set(sources.index)
    names_path = timeline / "names.csv"
    names = _load_names(names_path, label(names_path))
    _check_name_sources(names, source_ids, label(names_path))

    areas_path = data_dir / "areas.geojson"
    areas = _load_areas(areas_path, label(areas_path))
    groups = tuple(dict.fromkeys(areas["group"]))  # in file order
    named = set(zip(names["id"], names["kind"]))
    for kind, ids in (("feature", areas["id"]), ("group", groups)):
        for item in ids:
            if (item, kind) not in named:
                raise DataError(
                    label(names_path),
                    f"no names for {kind} {item!r} of {label(areas_path)}",
                    where=f"id {item}",
                )
    known = {("feature", i) for i in areas["id"]} | {("group", g) for g in groups}
    drawn = {i for _, i in known}
    for item, kind in sorted(named):
        if kind == "undrawn" and item in drawn:
            raise DataError(
                label(names_path),
                f"{item!r} is drawn in {label(areas_path)} but marked 'undrawn'",
                where=f"id {item}",
                field="kind",
            )
        if kind == "collective" and item in drawn:
            raise DataError(
                label(names_path),
                f"{item!r} is drawn in {label(areas_path)} but marked 'collective'",
                where=f"id {item}",
                field="kind",
            )
        if kind not in ("undrawn", "collective") and (kind, item) not in known:
            raise DataError(
                label(names_path),
                f"names for unknown {kind} {item!r}; expected only ids of {label(areas_path)}",
                where=f"id {item}",
                field="id",
            )

    config_path = timeline / "configurations.toml"
    configurations = _load_configurations(config_path, label(config_path), source_ids)
    status_path = timeline / "status.csv"
    status = _load_status(
        status_path, label(status_path), set(configurations), set(groups), source_ids
    )
    lines_path = data_dir / "lines.geojson"
    lines = _load_lines(lines_path, label(lines_path), set(configurations))
    return Atlas(
        data_dir=data_dir,
        areas=areas,
        lines=lines,
        names=names,
        sources=sources,
        configurations=configurations,
        status=status,
        groups=groups,
        events=_load_events(
            timeline / "events.csv",
            label(timeline / "events.csv"),
            configurations,
            set(groups),
            source_ids,
        ),
    )


def _check_name_sources(names: pd.DataFrame, source_ids: set[str], label: str) -> None:
    for number, row in enumerate(names.to_dict("records"), start=2):
        _check_sources(
            _split(row["sources"]), source_ids, label, f"line {number} ({row['id']})", "sources"
        )


# --------------------------------------------------------------------------- events

EVENT_COLUMNS = (
    "id",
    "date",
    "date_qualifier",
    "end_date",
    "title",
    "summary",
    "instrument",
    "article",
    "quote",
    "quote_source",
    "japan_reading",
    "russia_reading",
    "reading_sources",
    "groups",
    "configuration",
    "sources",
)
# YYYY, YYYY-MM or YYYY-MM-DD: a day or month that is not known is left out.
EVENT_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# "before": the event happened before `date` (e.g. the Ainu before the 1855 treaty).
DATE_QUALIFIERS = ("", "before")
# The last configuration (2026) is a nominal present-day snapshot whose date is a label. It
# shows the events of the Russian Federation era: from 1992, the first year after the USSR
# was dissolved in late 1991. Earlier post-1956 events show with 1956.
PRESENT_DAY_EVENTS_FROM = (1992, 1, 1)
SUMMARY_MAX_CHARS = 1500


@dataclass(frozen=True)
class Event:
    """A sourced event shown on the page of one configuration; it does not change the map."""

    id: str
    date: str
    title: str
    summary: str
    configuration: int
    sources: tuple[str, ...]
    date_qualifier: str = ""
    end_date: str = ""
    instrument: str = ""
    article: str = ""
    quote: str = ""
    quote_source: str = ""
    japan_reading: str = ""
    russia_reading: str = ""
    reading_sources: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        """Chronological key: a partial date sorts at its first day; "before" just before it."""
        start = _date_bounds(self.date)[0]
        return (*start, 0 if self.date_qualifier == "before" else 1)

    @property
    def when(self) -> str:
        """The date as a reader sees it, e.g. "before 7 February 1855", "1947-1949"."""
        text = _format_date(self.date)
        if self.end_date:
            text = f"{text}\u2013{_format_date(self.end_date)}"
        return f"before {text}" if self.date_qualifier == "before" else text


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _format_date(value: str) -> str:
    year, month, day = EVENT_DATE.match(value).groups()
    if day:
        return f"{int(day)} {_MONTHS[int(month) - 1]} {year}"
    if month:
        return f"{_MONTHS[int(month) - 1]} {year}"
    return year


def _date_bounds(value: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """First and last day of a YYYY, YYYY-MM or YYYY-MM-DD date; ValueError if invalid."""
    import calendar
    import datetime

    match = EVENT_DATE.match(value)
    if not match:
        raise ValueError(value)
    year, month, day = (int(v) if v else None for v in match.groups())
    if month is None:
        return (year, 1, 1), (year, 12, 31)
    if not 1 <= month <= 12:
        raise ValueError(value)
    if day is None:
        return (year, month, 1), (year, month, calendar.monthrange(year, month)[1])
    datetime.date(year, month, day)  # raises ValueError for 1999-02-30
    return (year, month, day), (year, month, day)


def configuration_for_date(
    date: str, qualifier: str, configurations: dict[int, Configuration]
) -> int | None:
    """The configuration whose page shows an event of this date (see data/timeline/README.md).

    The configuration in force at the date: the latest one whose date is on or before it. An
    event before the first configuration shows with the first; the last configuration (the
    nominal present day) takes the events from PRESENT_DAY_EVENTS_FROM on. ``None`` when a
    partial date (YYYY or YYYY-MM) straddles a configuration date, so the rule is ambiguous.
    """
    import datetime

    first, last = _date_bounds(date)
    if qualifier == "before":  # the day before the date's first day
        day_before = datetime.date(*first) - datetime.timedelta(days=1)
        first = last = (day_before.year, day_before.month, day_before.day)
    years = sorted(configurations)
    starts = {y: tuple(int(p) for p in configurations[y].date.split("-")) for y in years}
    starts[years[-1]] = PRESENT_DAY_EVENTS_FROM

    def in_force(day: tuple[int, int, int]) -> int:
        chosen = years[0]
        for y in years:
            if starts[y] <= day:
                chosen = y
        return chosen

    at_first, at_last = in_force(first), in_force(last)
    return at_first if at_first == at_last else None


def _load_events(
    path: Path,
    label: str,
    configurations: dict[int, Configuration],
    groups: set[str],
    source_ids: set[str],
) -> tuple[Event, ...]:
    """Read ``timeline/events.csv``; collect every problem and raise them as one DataError."""
    rows = read_csv(path, label, EVENT_COLUMNS)
    problems: list[DataError] = []
    events: list[Event] = []
    seen: set[str] = set()
    previous: tuple | None = None
    for number, row in enumerate(rows, start=2):
        where = f"line {number} ({row['id'] or 'no id'})"
        row_problems: list[DataError] = []

        def problem(field_name: str, text: str, where=where, sink=row_problems) -> None:
            sink.append(DataError(label, text, where=where, field=field_name))

        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", row["id"]):
            problem("id", f"expected a lowercase id (a-z, 0-9, '-'), got {row['id']!r}")
        elif row["id"] in seen:
            problem("id", f"duplicate id {row['id']!r}")
        seen.add(row["id"])
        date_ok = True
        for key in ("date", "end_date"):
            if key == "end_date" and not row[key]:
                continue
            try:
                _date_bounds(row[key])
            except ValueError:
                date_ok = False
                problem(key, f"expected a date YYYY, YYYY-MM or YYYY-MM-DD, got {row[key]!r}")
        if row["date_qualifier"] not in DATE_QUALIFIERS:
            date_ok = False
            problem(
                "date_qualifier",
                f"expected one of {list(DATE_QUALIFIERS)}, got {row['date_qualifier']!r}",
            )
        if date_ok and row["end_date"]:
            if _date_bounds(row["end_date"])[1] < _date_bounds(row["date"])[0]:
                problem("end_date", f"expected a date after {row['date']}, got {row['end_date']}")
            if row["date_qualifier"]:
                problem("end_date", "expected no end_date for a 'before' date")
        for key in ("title", "summary"):
            if not row[key]:
                problem(key, "expected non-empty text")
        if len(row["summary"]) > SUMMARY_MAX_CHARS:
            problem("summary", f"expected at most {SUMMARY_MAX_CHARS} characters")
        if bool(row["quote"]) != bool(row["quote_source"]):
            problem("quote_source", "expected a quote and its quote_source together, or neither")
        elif row["quote_source"] and row["quote_source"] not in source_ids:
            problem("quote_source", f"unknown source id {row['quote_source']!r}")
        if bool(row["japan_reading"]) != bool(row["russia_reading"]):
            problem(
                "russia_reading" if row["japan_reading"] else "japan_reading",
                "expected both governments' readings, or neither",
            )
        reading_sources = _split(row["reading_sources"])
        if row["japan_reading"] and not reading_sources:
            problem("reading_sources", "expected source ids for the readings")
        if reading_sources and not row["japan_reading"]:
            problem("reading_sources", "expected no reading_sources without readings")
        sources = _split(row["sources"])
        if not sources:
            problem("sources", "expected at least one source id")
        for key, ids in (("sources", sources), ("reading_sources", reading_sources)):
            unknown = [s for s in ids if s not in source_ids]
            if unknown:
                problem(key, f"unknown source id(s) {unknown}; every source must be in sources.csv")
        event_groups = _split(row["groups"])
        unknown_groups = [g for g in event_groups if g not in groups]
        if unknown_groups:
            problem("groups", f"unknown area(s) {unknown_groups}; known: {sorted(groups)}")
        try:
            year = int(row["configuration"])
        except ValueError:
            year = None
            problem("configuration", f"expected a configuration year, got {row['configuration']!r}")
        if year is not None and year not in configurations:
            problem(
                "configuration",
                f"unknown configuration year {year}; known: {sorted(configurations)}",
            )
        elif year is not None and date_ok:
            expected = configuration_for_date(row["date"], row["date_qualifier"], configurations)
            if expected is None:
                problem(
                    "date",
                    f"the partial date {row['date']!r} spans a configuration date; "
                    "give the month or day so the configuration is unambiguous",
                )
            elif expected != year:
                problem(
                    "configuration",
                    f"expected {expected} (the configuration in force on {row['date']}), "
                    f"got {year}",
                )
        if row_problems:
            problems.extend(row_problems)
            continue
        event = Event(
            id=row["id"],
            date=row["date"],
            date_qualifier=row["date_qualifier"],
            end_date=row["end_date"],
            title=row["title"],
            summary=row["summary"],
            instrument=row["instrument"],
            article=row["article"],
            quote=row["quote"],
            quote_source=row["quote_source"],
            japan_reading=row["japan_reading"],
            russia_reading=row["russia_reading"],
            reading_sources=reading_sources,
            groups=event_groups,
            configuration=year,
            sources=sources,
        )
        if previous is not None and event.sort_key < previous:
            problems.append(
                DataError(
                    label,
                    "rows must be in chronological order; this event is earlier than the row above",
                    where=where,
                    field="date",
                )
            )
        previous = event.sort_key
        events.append(event)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        first = problems[0]
        listing = "\n".join(f"- {p}" for p in problems)
        raise DataError(
            label,
            f"{len(problems)} problems:\n{listing}",
            where=first.where,
            field=first.field,
        )
    return tuple(events)


# --------------------------------------------------------------------------- official areas

OFFICIAL_AREA_COLUMNS = ("group", "area_km2", "island_only_km2", "basis", "source", "note")


@dataclass(frozen=True)
class OfficialArea:
    """A published land area of one disputed group (Japan's MOFA, from GSI's survey).

    ``area_km2`` includes the surrounding islets and rocks; ``island_only_km2`` does not.
    """

    group: str
    area_km2: float
    island_only_km2: float
    basis: str
    sources: tuple[str, ...]
    note: str


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
    label = f"timeline/{path.name}"
    rows = read_csv(path, label, OFFICIAL_AREA_COLUMNS)
    problems, areas = [], {}
    for number, row in enumerate(rows, start=2):
        where = f"line {number}"
        if row["group"] not in groups or row["group"] in areas:
            problems.append(
                f"{where}, group: expected one of {list(groups)} once, found {row['group']!r}"
            )
            continue
        numbers = {}
        for key in ("area_km2", "island_only_km2"):
            try:
                numbers[key] = float(row[key])
            except ValueError:
                numbers[key] = float("nan")
            if not numbers[key] > 0:
                problems.append(f"{where}, {key}: expected a positive number, found {row[key]!r}")
        ids = _split(row["source"])
        unknown = [s for s in ids if source_ids is not None and s not in source_ids]
        if not ids or unknown:
            problems.append(f"{where}, source: expected known source ids, found {row['source']!r}")
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
        problems.append(f"expected a row for each of {missing}, found none")
    if problems:
        raise DataError(label, f"{len(problems)} problem(s): " + "; ".join(problems))
    return areas
