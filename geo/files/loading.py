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
import re
from pathlib import Path

from geo.errors import DataError, data_label, raise_problems
from geo.files.atlas import (
    Atlas,
    Configuration,
    Event,
    OfficialArea,
    QuoteText,
    date_bounds,
)
from geo.files.codes import (
    DISPUTED_GROUPS,
)
from geo.files.configurations import load_configurations
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
        events=_load_events(
            timeline / "events.csv",
            label(timeline / "events.csv"),
            configurations,
            set(groups),
            source_ids,
        ),
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
# "before": the event happened before `date` (e.g. the Ainu before the 1855 treaty).
DATE_QUALIFIERS = ("", "before")
# The last configuration (2026) is a nominal present-day snapshot whose date is a label. It
# shows the events of the Russian Federation era: from 1992, the first year after the USSR
# was dissolved in late 1991. Earlier post-1956 events show with 1956.
PRESENT_DAY_EVENTS_FROM = (1992, 1, 1)
SUMMARY_MAX_CHARS = 1500


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

    first, last = date_bounds(date)
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
                date_bounds(row[key])
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
            if date_bounds(row["end_date"])[1] < date_bounds(row["date"])[0]:
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
    raise_problems(problems)
    return tuple(events)


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
