"""Broken data files: each case breaks one file of a copy of data/ and expects a named DataError.

A case names the file (from its data folder on, never a server path), the row or feature, the
field, what was expected and what was found. Files saved with a byte-order mark or CRLF line
endings load as if they had neither. The app shows the message instead of a traceback, and a
file only the compare view needs leaves the timeline working (AppTest cases at the end).
"""

from __future__ import annotations

import codecs
import contextlib
import json
import os
import re
import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import geo
from geo import i18n
from geo.files.glossary import load_glossary
from geo.files.manifest import load_manifest
from geo.files.messages import load_messages
from geo.files.official_areas import load_official_areas
from geo.files.residents_1945 import load_residents_1945
from geo.files.residents_census import load_residents_census
from geo.files.scenarios import load_scenarios
from geo.files.style import load_style
from geo.files.translations import load_translations
from geo.model.custom import AssignmentError
from tests.conftest import DATA, ROOT, bundled_atlas
from tests.maps import map_data
from tests.tables import tables


def load_every_file(data_dir: Path) -> None:
    """Read every file the app reads, the way the app reads it."""
    atlas = geo.load_atlas(data_dir)
    ids = set(atlas.sources.index)
    features = dict(zip(atlas.areas["id"], atlas.areas["group"]))
    load_style(data_dir / "style.toml")
    load_manifest(data_dir / "manifest.json")
    load_scenarios(data_dir / "scenarios.toml", ids)
    load_residents_1945(data_dir / "timeline" / "residents_1945.csv", ids, features=features)
    load_official_areas(data_dir / "timeline" / "official_areas.csv", ids)
    load_residents_census(data_dir / "timeline" / "residents_census.csv", ids)
    load_messages(data_dir / "messages.toml")


def replace(name: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    """Break ``name`` by a text replacement (which must match)."""

    def change(data: Path) -> None:
        path = data / name
        text = path.read_text(encoding="utf-8")
        pattern = re.compile(old, re.M)
        assert pattern.search(text), (name, old)
        path.write_text(pattern.sub(new, text, count=count), encoding="utf-8")

    return change


def write(name: str, content: bytes | Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        path = data / name
        path.write_bytes(content(path.read_bytes()) if callable(content) else content)

    return change


def json_edit(name: str, edit: Callable[[dict], None]) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        path = data / name
        doc = json.loads(path.read_text(encoding="utf-8"))
        edit(doc)
        path.write_text(json.dumps(doc), encoding="utf-8")

    return change


def areas_entry(doc: dict) -> dict:
    return next(e for e in doc["files"] if e["path"] == "areas.geojson")


def append_rows(name: str, count: int, row: Callable[[int], str]) -> Callable[[Path], None]:
    """Add ``count`` rows (``row(i)``, one CSV line without its newline) to a CSV file."""

    def change(data: Path) -> None:
        path = data / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "".join(row(i) + "\n" for i in range(count)), encoding="utf-8")

    return change


def pad(name: str, size: int) -> Callable[[Path], None]:
    """Grow a file past ``size`` bytes with blank lines and spaces (still valid data)."""

    def change(data: Path) -> None:
        path = data / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text + " " * size + "\n", encoding="utf-8")

    return change


def extra_features(name: str, count: int, feature: Callable[[int], dict]) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        path = data / name
        doc = json.loads(path.read_text(encoding="utf-8"))
        doc["features"] += [feature(i) for i in range(count)]
        path.write_text(json.dumps(doc), encoding="utf-8")

    return change


def nested_coordinates(levels: int) -> Callable[[Path], None]:
    """The first area's coordinates wrapped in ``levels`` more lists."""

    def change(data: Path) -> None:
        path = data / "areas.geojson"
        doc = json.loads(path.read_text(encoding="utf-8"))
        coordinates: list = [145.0, 43.5]
        for _ in range(levels):
            coordinates = [coordinates]
        doc["features"][0]["geometry"]["coordinates"] = coordinates
        path.write_text(json.dumps(doc), encoding="utf-8")

    return change


def add_toml(name: str, text: str) -> Callable[[Path], None]:
    def change(data: Path) -> None:
        path = data / name
        path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")

    return change


def more_manifest_entries(count: int) -> Callable[[Path], None]:
    """``count`` more entries in manifest.json (found: today's entries and these)."""
    return json_edit("manifest.json", lambda d: d["files"].extend([{"path": "x"}] * count))


LINE = {"type": "Feature", "properties": {"id": "x", "years": [1956], "label": "x"}}
LIMIT_NOTE = "(the atlas's limit for this file: data/README.md, Limits)"


STYLE = "style.toml"
CONFIGS = "timeline/configurations.toml"
CENSUS = "timeline/residents_census.csv"
# id: (break, file, where, field, expected, found); where/field/found None = not named.
CASES = {
    "manifest-truncated": (
        write("manifest.json", lambda b: b[: len(b) // 2]),
        "data/manifest.json",
        None,
        None,
        "is not valid JSON",
        None,
    ),
    "manifest-empty": (
        write("manifest.json", b""),
        "data/manifest.json",
        None,
        None,
        "empty",
        None,
    ),
    "manifest-not-an-object": (
        write("manifest.json", b"[1, 2]"),
        "data/manifest.json",
        None,
        "files",
        "expected a non-empty list of file entries",
        "[1, 2]",
    ),
    "manifest-attribution-missing": (
        json_edit("manifest.json", lambda d: areas_entry(d).pop("attribution")),
        "data/manifest.json",
        "entry #0 (areas.geojson)",
        "attribution",
        "expected non-empty text",
        "nothing",
    ),
    "manifest-bytes-as-text": (
        json_edit("manifest.json", lambda d: areas_entry(d).__setitem__("bytes", "139853")),
        "data/manifest.json",
        "entry #0 (areas.geojson)",
        "bytes",
        "expected a whole number",
        "'139853'",
    ),
    "manifest-geometry-unlisted": (
        json_edit("manifest.json", lambda d: d["files"].remove(areas_entry(d))),
        "data/manifest.json",
        None,
        "files",
        "expected an entry for each of ['areas.geojson']",
        None,
    ),
    "style-without-transfer-weight": (
        replace(STYLE, r"^weight = 3\n", "", 1),
        "data/style.toml",
        "[transfer]",
        "weight",
        "expected a number of pixels (0-20)",
        "nothing",
    ),
    "style-without-claim": (
        replace(STYLE, r"^\[claim\]\n(#.*\n)*hatch_width = 8\noutline = \"#000000\"\n", ""),
        "data/style.toml",
        "[claim]",
        None,
        "expected a table of keys",
        "nothing",
    ),
    "style-claim-outline-not-colour": (
        replace(STYLE, r'^outline = "#000000"', "outline = 0"),
        "data/style.toml",
        "[claim]",
        "outline",
        "expected a '#RRGGBB' colour",
        "0",
    ),
    "style-weight-nan": (
        replace(STYLE, r"^weight = 3$", "weight = nan"),
        "data/style.toml",
        "[transfer]",
        "weight",
        "expected a number of pixels (0-20)",
        "nan",
    ),
    "style-weight-inf": (
        replace(STYLE, r"^weight = 9$", "weight = inf"),
        "data/style.toml",
        "[change]",
        "weight",
        "expected a number of pixels (0-20)",
        "inf",
    ),
    "style-dash-as-list": (
        replace(STYLE, r'^dash = "8 6"', "dash = [8, 6]"),
        "data/style.toml",
        "[transfer]",
        "dash",
        "expected numbers of pixels separated by spaces",
        "[8, 6]",
    ),
    "style-state-label-empty": (
        replace(STYLE, r'^label = "Japan"', 'label = ""'),
        "data/style.toml",
        "[state.JP]",
        "label",
        "expected non-empty text",
        "''",
    ),
    "style-state-short-list": (
        replace(STYLE, r'^short = "Russia"', 'short = ["Russia"]'),
        "data/style.toml",
        "[state.RU]",
        "short",
        "expected non-empty text",
        "['Russia']",
    ),
    "style-state-missing": (
        replace(STYLE, r"^\[state\.NONE\]\n.*\n.*\n.*\n", ""),
        "data/style.toml",
        "[state.NONE]",
        None,
        "expected a table of keys",
        "nothing",
    ),
    "style-basemap-section-not-table": (
        replace(STYLE, r"^\[basemap\]\n.*\n.*\n.*\n", ""),
        "data/style.toml",
        "[basemap]",
        None,
        "expected a table of keys",
        "nothing",
    ),
    "style-tile-zoom-as-text": (
        replace(STYLE, r"^max_zoom = 19", 'max_zoom = "19"'),
        "data/style.toml",
        "[[online_tiles]] #1",
        "max_zoom",
        "expected a whole number 0-22",
        "'19'",
    ),
    "style-tile-url-not-https": (
        replace(STYLE, r'^url = "https://', 'url = "javascript://'),
        "data/style.toml",
        "[[online_tiles]] #1",
        "url",
        "expected an https:// URL",
        "'javascript://",
    ),
    "style-label-side-as-number": (
        replace(STYLE, r'^habomai = "bottom"', "habomai = 3"),
        "data/style.toml",
        "[label_side]",
        "habomai",
        "expected one of ['left', 'right', 'top', 'bottom']",
        "3",
    ),
    "config-reading-number": (
        replace(CONFIGS, r"^\[\[configuration\.reading\]\]\n(.+\n)+", "reading = 5\n"),
        "data/timeline/configurations.toml",
        "configuration #1 (year 1855)",
        "reading",
        "expected [[configuration.reading]] tables",
        "5",
    ),
    "config-sources-text": (
        replace(CONFIGS, r"^sources = \[.*\]$", 'sources = "spf-shimoda-1855-article2-ja"'),
        "data/timeline/configurations.toml",
        "configuration #1 (year 1855)",
        "sources",
        "expected a list of source ids",
        "'spf-shimoda-1855-article2-ja'",
    ),
    "config-label-list": (
        replace(CONFIGS, r'^label = "1855: Treaty of Shimoda"', 'label = ["1855"]'),
        "data/timeline/configurations.toml",
        "configuration #1 (year 1855)",
        "label",
        "expected non-empty text",
        "['1855']",
    ),
    "config-summary-empty": (
        replace(CONFIGS, r"^summary = .*$", 'summary = "  "'),
        "data/timeline/configurations.toml",
        "configuration #1 (year 1855)",
        "summary",
        "expected non-empty text",
        "'  '",
    ),
    "config-year-text": (
        replace(CONFIGS, r"^year = 1855$", 'year = "1855"'),
        "data/timeline/configurations.toml",
        "configuration #1 (year 1855)",
        "year",
        "expected an integer year",
        "'1855'",
    ),
    "config-date-number": (
        replace(CONFIGS, r'^date = "1855-02-07"', "date = 1855-02-07"),
        "data/timeline/configurations.toml",
        "configuration #1 (year 1855)",
        "date",
        'expected a date as text, "YYYY-MM-DD"',
        "datetime.date(1855, 2, 7)",
    ),
    "config-misspelt-key": (
        replace(CONFIGS, r"^quote_source = ", "quote_sorce = "),
        "data/timeline/configurations.toml",
        "configuration #1 (year 1855)",
        None,
        "found unknown key(s) ['quote_sorce']",
        None,
    ),
    "config-reading-topic-number": (
        replace(CONFIGS, r"^topic = .*$", "topic = 1855"),
        "data/timeline/configurations.toml",
        "configuration #1 (year 1855), reading #1",
        "topic",
        "expected non-empty text",
        "1855",
    ),
    "config-reading-sources-text": (
        replace(
            CONFIGS, r'^japan_sources = \["mofa-northern-territories-en"\]', 'japan_sources = "x"'
        ),
        "data/timeline/configurations.toml",
        "configuration #1 (year 1855), reading #1",
        "japan_sources",
        "expected a list of source ids",
        "'x'",
    ),
    "scenarios-final-text": (
        replace("scenarios.toml", r"^final = false", 'final = "no"'),
        "data/scenarios.toml",
        "scenario #1 (status_quo)",
        "final",
        "expected true",
        "'no'",
    ),
    "scenarios-allocation-text": (
        replace("scenarios.toml", r"^\[scenario\.allocation\]\n(.*\n){4}", 'allocation = "RU"\n'),
        "data/scenarios.toml",
        "scenario #1 (status_quo)",
        "allocation",
        "expected a table with one value per group",
        "'RU'",
    ),
    "scenarios-label-number": (
        replace("scenarios.toml", r'^label = "Status quo: Russia holds all four"', "label = 4"),
        "data/scenarios.toml",
        "scenario #1 (status_quo)",
        "label",
        "expected non-empty text",
        "4",
    ),
    "scenarios-not-a-table": (
        write("scenarios.toml", b"scenario = [1, 2]\n"),
        "data/scenarios.toml",
        "scenario #1",
        None,
        "expected a table",
        "1",
    ),
    "residents-not-a-number": (
        replace(
            "timeline/residents_1945.csv",
            r"^suisho,feature,habomai,154,986,",
            "suisho,feature,habomai,154,many,",
        ),
        "data/timeline/residents_1945.csv",
        "line 2 (suisho)",
        "residents",
        "expected a whole number",
        "'many'",
    ),
    "official-area-infinite": (
        replace("timeline/official_areas.csv", r"^habomai,95,", "habomai,inf,"),
        "data/timeline/official_areas.csv",
        "line 2",
        "area_km2",
        "expected a positive number",
        "'inf'",
    ),
    "official-area-nan": (
        replace("timeline/official_areas.csv", r"^shikotan,251,", "shikotan,nan,"),
        "data/timeline/official_areas.csv",
        "line 3",
        "area_km2",
        "expected a positive number",
        "'nan'",
    ),
    # residents_census.csv (issue 21): every rule of data/timeline/README.md, "Residents then
    # and now", named with its line, field, what was expected and what was found.
    "census-count-negative": (
        replace(
            CENSUS,
            r"^(kunashiri-2023-estimate,kunashiri,kunashiri,2023,2023-01-01,)7715,",
            r"\g<1>-7715,",
        ),
        "data/timeline/residents_census.csv",
        "line 37 (kunashiri-2023-estimate)",
        "count",
        "expected a whole number ≥ 0",
        "'-7715'",
    ),
    "census-count-decimal": (
        replace(CENSUS, r"^(kurilsk-1959-census,kurilsk,etorofu,1959,,)1533,", r"\g<1>1533.5,"),
        "data/timeline/residents_census.csv",
        "line 43 (kurilsk-1959-census)",
        "count",
        "expected a whole number ≥ 0",
        "'1533.5'",
    ),
    "census-year-not-a-year": (
        replace(CENSUS, r"^(kurilsk-1959-census,kurilsk,etorofu,)1959,", r"\g<1>c. 1959,"),
        "data/timeline/residents_census.csv",
        "line 43 (kurilsk-1959-census)",
        "year",
        "expected a year YYYY",
        "'c. 1959'",
    ),
    "census-date-not-iso": (
        replace(
            CENSUS,
            r"^(kunashiri-2023-estimate,kunashiri,kunashiri,2023,)2023-01-01,",
            r"\g<1>01/01/2023,",
        ),
        "data/timeline/residents_census.csv",
        "line 37 (kunashiri-2023-estimate)",
        "date",
        "expected YYYY-MM-DD or empty",
        "'01/01/2023'",
    ),
    "census-date-not-a-day": (
        replace(
            CENSUS,
            r"^(kunashiri-2023-estimate,kunashiri,kunashiri,2023,)2023-01-01,",
            r"\g<1>2023-02-30,",
        ),
        "data/timeline/residents_census.csv",
        "line 37 (kunashiri-2023-estimate)",
        "date",
        "expected YYYY-MM-DD or empty",
        "'2023-02-30'",
    ),
    "census-date-of-another-year": (
        replace(
            CENSUS,
            r"^(kunashiri-2023-estimate,kunashiri,kunashiri,2023,)2023-01-01,",
            r"\g<1>2022-01-01,",
        ),
        "data/timeline/residents_census.csv",
        "line 37 (kunashiri-2023-estimate)",
        "date",
        "expected a date in the row's year 2023",
        "'2022-01-01'",
    ),
    "census-covers-a-group-outside-the-four": (
        replace(
            CENSUS, r"^kurilsk-1959-census,kurilsk,etorofu,", "kurilsk-1959-census,kurilsk,urup,"
        ),
        "data/timeline/residents_census.csv",
        "line 43 (kurilsk-1959-census)",
        "covers",
        "expected a ';' list of ['habomai', 'shikotan', 'kunashiri', 'etorofu'], each once",
        "'urup'",
    ),
    "census-covers-empty": (
        replace(CENSUS, r"^kurilsk-1959-census,kurilsk,etorofu,", "kurilsk-1959-census,kurilsk,,"),
        "data/timeline/residents_census.csv",
        "line 43 (kurilsk-1959-census)",
        "covers",
        "expected a ';' list of",
        "nothing",
    ),
    "census-settlement-on-two-islands": (
        replace(
            CENSUS,
            r"^kurilsk-1959-census,kurilsk,etorofu,",
            "kurilsk-1959-census,kurilsk,etorofu;kunashiri,",
        ),
        "data/timeline/residents_census.csv",
        "line 43 (kurilsk-1959-census)",
        "covers",
        "expected the one group it lies on",
        "'etorofu;kunashiri'",
    ),
    "census-island-covering-another": (
        replace(
            CENSUS,
            r"^kunashiri-2023-estimate,kunashiri,kunashiri,",
            "kunashiri-2023-estimate,kunashiri,etorofu,",
        ),
        "data/timeline/residents_census.csv",
        "line 37 (kunashiri-2023-estimate)",
        "covers",
        "expected 'kunashiri' (itself)",
        "'etorofu'",
    ),
    "census-four-islands-covering-three": (
        replace(CENSUS, r"^(four-islands-2018-statement,four_islands,)habomai;", r"\g<1>"),
        "data/timeline/residents_census.csv",
        "line 15 (four-islands-2018-statement)",
        "covers",
        "expected all four of",
        "'shikotan;kunashiri;etorofu'",
    ),
    "census-area-empty": (
        replace(CENSUS, r"^kurilsk-1959-census,kurilsk,", "kurilsk-1959-census,,"),
        "data/timeline/residents_census.csv",
        "line 43 (kurilsk-1959-census)",
        "area",
        "expected one of ['habomai', 'shikotan', 'kunashiri', 'etorofu', 'four_islands', ",
        "nothing",
    ),
    "census-area-unknown": (
        replace(CENSUS, r"^kurilsk-1959-census,kurilsk,", "kurilsk-1959-census,shana,"),
        "data/timeline/residents_census.csv",
        "line 43 (kurilsk-1959-census)",
        "area",
        "(data/timeline/README.md, Area ids)",
        "'shana'",
    ),
    "census-duplicate-id": (
        replace(CENSUS, r"^kurilsk-1970-census,", "kurilsk-1959-census,"),
        "data/timeline/residents_census.csv",
        "line 44 (kurilsk-1959-census)",
        "id",
        "duplicate id 'kurilsk-1959-census'",
        None,
    ),
    "census-id-with-capitals": (
        replace(CENSUS, r"^kurilsk-1959-census,", "Kurilsk-1959,"),
        "data/timeline/residents_census.csv",
        "line 43 (Kurilsk-1959)",
        "id",
        "expected a lowercase id (a-z, 0-9, '-')",
        "'Kurilsk-1959'",
    ),
    "census-qualifier-unknown": (
        replace(CENSUS, r"^(four-islands-2018-statement,.*?,18000,)approximately,", r"\g<1>about,"),
        "data/timeline/residents_census.csv",
        "line 15 (four-islands-2018-statement)",
        "qualifier",
        "expected one of ['', 'approximately']",
        "'about'",
    ),
    "census-counts-unknown": (
        replace(
            CENSUS, r"^(kurilsk-1959-census,.*?,1533,,)permanent_population,", r"\g<1>russians,"
        ),
        "data/timeline/residents_census.csv",
        "line 43 (kurilsk-1959-census)",
        "counts",
        "expected one of ['permanent_population', ",
        "'russians'",
    ),
    "census-kind-unknown": (
        replace(CENSUS, r"^(kurilsk-1959-census,.*?,permanent_population,)census,", r"\g<1>count,"),
        "data/timeline/residents_census.csv",
        "line 43 (kurilsk-1959-census)",
        "kind",
        "expected one of ['census', 'estimate', 'statement']",
        "'count'",
    ),
    "census-reported-by-empty": (
        replace(
            CENSUS,
            r'^(kurilsk-1959-census,.*?,census,)"German Wikipedia \(copy\), census data",',
            r"\g<1>,",
        ),
        "data/timeline/residents_census.csv",
        "line 43 (kurilsk-1959-census)",
        "reported_by",
        "expected who says it",
        "nothing",
    ),
    "census-source-unknown": (
        replace(
            CENSUS, r"^(kurilsk-1959-census,.*?,)dewiki-kurilsk-wiki-li,", r"\g<1>dewiki-kurilsk,"
        ),
        "data/timeline/residents_census.csv",
        "line 43 (kurilsk-1959-census)",
        "source",
        "unknown source id(s) ['dewiki-kurilsk']; every source must be listed in sources.csv",
        None,
    ),
    "census-source-empty": (
        replace(CENSUS, r"^(kurilsk-1959-census,.*?,)dewiki-kurilsk-wiki-li,", r"\g<1>,"),
        "data/timeline/residents_census.csv",
        "line 43 (kurilsk-1959-census)",
        "source",
        "expected at least one source id",
        "nothing",
    ),
    "census-column-missing": (
        replace(
            CENSUS,
            r"^id,area,covers,year,date,count,qualifier,counts,kind,",
            "id,area,covers,year,date,count,qualifier,who,kind,",
        ),
        "data/timeline/residents_census.csv",
        None,
        None,
        "missing column(s) ['counts']",
        None,
    ),
    "census-too-many-rows": (
        append_rows(CENSUS, 1000, lambda i: f"x{i}" + "," * 11),
        "data/timeline/residents_census.csv",
        None,
        None,
        "expected at most 1,000 rows, found 1,053 " + LIMIT_NOTE,
        None,
    ),
    "messages-language-number": (
        replace(
            "messages.toml",
            r'^(\w+) = \{ en = "([^"]*)", ja = "([^"]*)", ru = "[^"]*" \}',
            r'\1 = { en = "\2", ja = "\3", ru = 5 }',
        ),
        "data/messages.toml",
        None,
        "ru",
        "expected text",
        "5",
    ),
    "names-latin1": (
        write("timeline/names.csv", lambda b: b.decode("utf-8").encode("cp1252", "replace")),
        "data/timeline/names.csv",
        None,
        None,
        "is not UTF-8 text (byte 0x",
        None,
    ),
    "sources-utf16": (
        write("timeline/sources.csv", lambda b: b.decode("utf-8").encode("utf-16")),
        "data/timeline/sources.csv",
        None,
        None,
        "is UTF-16 text, not UTF-8; save it as UTF-8",
        None,
    ),
    "status-utf16-without-bom": (
        write("timeline/status.csv", lambda b: b.decode("utf-8").encode("utf-16-le")),
        "data/timeline/status.csv",
        None,
        None,
        "is not UTF-8 text",
        None,
    ),
    "events-empty": (
        write("timeline/events.csv", b"\r\n"),
        "data/timeline/events.csv",
        None,
        None,
        "file is empty",
        None,
    ),
    "status-wrong-field-count": (
        write("timeline/status.csv", lambda b: b + b"1956,urup,RU,extra,,,,,,,,,,,,,\n"),
        "data/timeline/status.csv",
        None,
        None,
        "wrong number of fields: expected 13, found 17",
        None,
    ),
    "areas-group-number": (
        json_edit(
            "areas.geojson", lambda d: d["features"][4]["properties"].__setitem__("group", 5)
        ),
        "data/areas.geojson",
        "feature #4 (suisho)",
        "group",
        "expected a lowercase group id",
        "5",
    ),
    "areas-geometry-missing": (
        json_edit("areas.geojson", lambda d: d["features"][4].pop("geometry")),
        "data/areas.geojson",
        "feature #4 (suisho)",
        "geometry",
        "expected a Polygon or MultiPolygon geometry",
        None,
    ),
    "lines-label-list": (
        json_edit(
            "lines.geojson", lambda d: d["features"][0]["properties"].__setitem__("label", ["x"])
        ),
        "data/lines.geojson",
        "feature #0 (shimoda_1855)",
        "label",
        "expected a label",
        "['x']",
    ),
    "basemap-truncated": (
        write("basemap.geojson", lambda b: b[:1000]),
        "data/basemap.geojson",
        None,
        None,
        "is not valid JSON",
        None,
    ),
    "basemap-point": (
        json_edit(
            "basemap.geojson",
            lambda d: d["features"][0].__setitem__(
                "geometry", {"type": "Point", "coordinates": [145, 44]}
            ),
        ),
        "data/basemap.geojson",
        "feature #0",
        "geometry",
        "expected a Polygon or MultiPolygon geometry, found a Point",
        None,
    ),
    "geojson-nan-coordinate": (
        write(
            "lines.geojson",
            lambda b: re.sub(
                rb'"coordinates":\s*\[\[', b'"coordinates": [[NaN, NaN], [', b, count=1
            ),
        ),
        "data/lines.geojson",
        None,
        None,
        "NaN is not a JSON number",
        None,
    ),
}


# Bounds (issue #23): each file has a size and a row / feature / entry / table limit (checked
# before parsing where it can be), nesting is bounded, and a file Python's own parsers give up
# on (RecursionError) is named like every other broken file.
BOUND_CASES = {
    "names-too-large": (
        append_rows("timeline/names.csv", 500, lambda i: f"x{i},feature,{'a' * 600},b,c,d,e,"),
        "data/timeline/names.csv",
        None,
        None,
        "expected at most 262,144 bytes, found 3",
        None,
    ),
    "names-too-many-rows": (
        append_rows("timeline/names.csv", 1100, lambda i: f"x{i},feature,,,,,,"),
        "data/timeline/names.csv",
        None,
        None,
        "expected at most 1,000 rows, found 1,128 " + LIMIT_NOTE,
        None,
    ),
    "events-too-many-rows": (
        append_rows("timeline/events.csv", 1000, lambda i: f"e{i}" + "," * 15),
        "data/timeline/events.csv",
        None,
        None,
        "expected at most 1,000 rows, found 1,019",
        None,
    ),
    "status-too-large": (
        pad("timeline/status.csv", 1024 * 1024),
        "data/timeline/status.csv",
        None,
        None,
        "expected at most 1,048,576 bytes, found 1,0",
        None,
    ),
    "lines-too-many-features": (
        extra_features("lines.geojson", 250, lambda i: LINE),
        "data/lines.geojson",
        None,
        "features",
        "expected at most 200 features, found 255",
        None,
    ),
    "areas-too-many-points": (
        extra_features(
            "areas.geojson",
            400,
            lambda i: {
                "type": "Feature",
                "properties": {"id": f"p{i}", "group": "habomai"},
                "geometry": {"type": "Point", "coordinates": [145.0, 43.5]},
            },
        ),
        "data/areas.geojson",
        None,
        "features",
        "expected at most 300 features, found 415",
        None,
    ),
    "basemap-too-large": (
        pad("basemap.geojson", 1024 * 1024),
        "data/basemap.geojson",
        None,
        None,
        "expected at most 1,048,576 bytes, found 1,",
        None,
    ),
    "manifest-too-many-entries": (
        more_manifest_entries(200),
        "data/manifest.json",
        None,
        "files",
        "expected at most 200 entries, found 2",
        None,
    ),
    "messages-too-many-tables": (
        add_toml(
            "messages.toml",
            "[more]\n"
            + "".join(f'k{i} = {{ en = "a", ja = "b", ru = "c" }}\n' for i in range(2000)),
        ),
        "data/messages.toml",
        None,
        None,
        "expected at most 2,000 tables ([sections], [[entries]], { }), found 2,",
        None,
    ),
    "scenarios-too-large": (
        pad("scenarios.toml", 256 * 1024),
        "data/scenarios.toml",
        None,
        None,
        "expected at most 262,144 bytes",
        None,
    ),
    # RecursionError before: 200,000 '[' (over the size limit) and 100,000 (within it: Python's
    # JSON parser gives up)
    "manifest-200000-brackets": (
        write("manifest.json", b"[" * 200_000 + b"]" * 200_000),
        "data/manifest.json",
        None,
        None,
        "expected at most 262,144 bytes, found 400,000 bytes",
        None,
    ),
    "manifest-100000-brackets": (
        write("manifest.json", b"[" * 100_000 + b"]" * 100_000),
        "data/manifest.json",
        None,
        None,
        "expected at most 32 levels of nested [ ] and { }, found so many that the file cannot",
        None,
    ),
    # RecursionError before (in shapely, reading the geometry)
    "areas-coordinates-900-deep": (
        nested_coordinates(900),
        "data/areas.geojson",
        None,
        None,
        "expected at most 32 levels of nested [ ] and { }, found 905 levels",
        None,
    ),
    "areas-coordinates-40-deep": (
        nested_coordinates(40),
        "data/areas.geojson",
        None,
        None,
        "found 45 levels",
        None,
    ),
    # RecursionError before (tomllib)
    "configurations-100000-deep-array": (
        add_toml(CONFIGS, "[deep]\nx = " + "[" * 100_000 + "]" * 100_000),
        "data/timeline/configurations.toml",
        None,
        None,
        "expected at most 32 levels of nested [ ] and { }, found so many that the file cannot",
        None,
    ),
    "style-40-deep-array": (
        add_toml(STYLE, "[deep]\nx = " + "[" * 40 + "]" * 40),
        "data/style.toml",
        None,
        None,
        "found 42 levels",
        None,
    ),
}
CASES.update(BOUND_CASES)


def changed_message(placeholder: str) -> Callable[[Path], None]:
    """lesson.changed ("What changed since {year}") with ``placeholder`` in all three languages."""
    text = f"In {placeholder}"
    return replace(
        "messages.toml",
        r"^changed = \{ en = \"What changed since \{year\}\".*$",
        f'changed = {{ en = "{text}", ja = "{text}", ru = "{text}" }}',
    )


CASES.update(
    {
        "messages-attribute-placeholder": (
            changed_message("{year.__class__.__mro__}"),
            "data/messages.toml",
            "lesson.changed",
            "en",
            "placeholder {year.__class__.__mro__} is not allowed: expected a plain {name}",
            None,
        ),
        "messages-format-spec": (
            changed_message("{year:>200000000}"),
            "data/messages.toml",
            "lesson.changed",
            "en",
            "placeholder {year:>200000000} is not allowed",
            None,
        ),
        "messages-undeclared-placeholder": (
            changed_message("{oops}"),
            "data/messages.toml",
            "lesson.changed",
            "en",
            "placeholder {oops} is not one the atlas fills in for this message; expected only "
            "{year}",
            None,
        ),
    }
)


@pytest.mark.parametrize("case", list(CASES))
def test_a_broken_file_is_named(data_copy, case):
    change, file, where, field, expected, found = CASES[case]
    change(data_copy)
    with pytest.raises(geo.DataError) as info:
        load_every_file(data_copy)
    error = info.value
    message = str(error)
    assert isinstance(error, geo.AtlasError)
    assert error.file == file, message
    assert message.startswith(file + ": "), message
    problem = next((p for p in error.problems if expected in p.problem), None)
    assert problem is not None, message
    if where is not None:
        assert problem.where == where, message
    if field is not None:
        assert problem.field == field, message
    if found is not None:
        assert f"found {found}" in problem.problem, message
    assert str(data_copy) not in message and "/tmp" not in message and "/work" not in message


def test_one_error_lists_the_first_problems_and_says_how_many_more(data_copy):
    """1,000,000 bad rows sent a 58.9 MB error to the browser; now at most 20 are listed."""
    extra_features("lines.geojson", 150, lambda i: {"type": "Feature", "properties": {}})(data_copy)
    with pytest.raises(geo.DataError) as info:
        load_every_file(data_copy)
    error, message = info.value, str(info.value)
    assert error.total == 150
    assert len(error.problems) == 21  # the first 20, then how many more
    assert message.startswith("data/lines.geojson: 150 problems:\n- feature #5 (None): ")
    assert error.problems[-1].problem == (
        "… and 130 more problems, not listed (150 in all; the first 20 are above)"
    )
    assert message.count("\n- ") == 21 and len(message) < 3000


def test_a_long_problem_text_is_cut_short(data_copy):
    append_rows("timeline/sources.csv", 1, lambda i: "X" * 100_000 + ",title" + "," * 6)(data_copy)
    with pytest.raises(geo.DataError) as info:
        load_every_file(data_copy)
    assert "expected a lowercase id" in str(info.value) and len(str(info.value)) < 1000


def test_translations_the_glossary_and_the_quote_texts_are_bounded_too(data_copy):
    from geo.files.quote_texts import load_quote_texts

    translations = data_copy / "timeline" / "translations"
    pad("timeline/translations/ja.toml", 2 * 1024 * 1024)(data_copy)
    with pytest.raises(
        geo.DataError,
        match=r"^data/timeline/translations/ja\.toml: expected "
        r"at most 2,097,152 bytes, found 2,",
    ):
        load_translations("ja", translations)
    add_toml("glossary.toml", "[deep]\nx = " + "[" * 100_000 + "]" * 100_000)(data_copy)
    with pytest.raises(geo.DataError, match=r"^data/glossary\.toml: expected at most 32 levels"):
        load_glossary(data_copy / "glossary.toml")

    pad("timeline/quote_texts.toml", 256 * 1024)(data_copy)
    with pytest.raises(
        geo.DataError,
        match=r"^data/timeline/quote_texts\.toml: expected at most 262,144 bytes, found 2",
    ):
        load_quote_texts(geo.load_atlas(data_copy))


def test_a_file_that_reports_no_size_is_read_only_up_to_its_limit(data_copy):
    """A pipe or device (st_size 0) is not read to its end: at most the limit plus a byte."""
    from geo.files.read import read_text

    fifo = data_copy / "style.toml"
    fifo.unlink()
    os.mkfifo(fifo)

    def feed() -> None:
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as pipe:
            pipe.write(b"#" * (200 * 1024))

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    with pytest.raises(
        geo.DataError,
        match=r"^data/style\.toml: expected at most 65,536 "
        r"bytes, found 65,537 bytes",
    ):
        read_text(fifo, "data/style.toml")
    os.unlink(fifo)
    writer.join(timeout=30)  # the reader closed the pipe: the writer stops
    assert not writer.is_alive()


def test_the_published_basemap_is_bounded(data_copy, tmp_path):
    """A 50 MB valid basemap was served whole to every visitor."""
    from geo.maps.assets import asset_url, publish_static_assets

    doc = json.loads((data_copy / "basemap.geojson").read_text(encoding="utf-8"))
    doc["features"] *= 6  # valid, about 1.3 MB
    (data_copy / "basemap.geojson").write_text(json.dumps(doc), encoding="utf-8")
    static = tmp_path / "static"
    with pytest.raises(geo.DataError, match=r"^data/basemap\.geojson: expected at most "):
        publish_static_assets(data_copy, static)
    assert not (static / "atlas" / "basemap.geojson").exists()
    with pytest.raises(geo.DataError, match="basemap"):
        asset_url("basemap.geojson", data_copy)


def test_every_problem_in_a_file_is_listed_together(data_copy):
    for change in (
        replace(
            CONFIGS, r"^reading = .*$|^\[\[configuration\.reading\]\]\n(.*\n){5}", "reading = 5\n"
        ),
        replace(CONFIGS, r'^label = "1855: Treaty of Shimoda"', 'label = ["1855"]'),
        replace(CONFIGS, r"^year = 1875$", 'year = "1875"'),
    ):
        change(data_copy)
    with pytest.raises(geo.DataError) as info:
        load_every_file(data_copy)
    fields = {p.field for p in info.value.problems}
    assert {"reading", "label", "year"} <= fields, str(info.value)
    assert str(info.value).startswith("data/timeline/configurations.toml: ")
    assert f"{len(info.value.problems)} problems:" in str(info.value)


def test_every_problem_of_a_style_file_is_listed_together(data_copy):
    replace(STYLE, r"^weight = 3\n", "", 1)(data_copy)
    replace(STYLE, r'^fill = "#D55E00"', 'fill = "orange"')(data_copy)
    replace(STYLE, r'^dash = "10 6"', "dash = 10")(data_copy)
    with pytest.raises(geo.DataError) as info:
        load_every_file(data_copy)
    places = {(p.where, p.field) for p in info.value.problems}
    assert places == {("[transfer]", "weight"), ("[state.JP]", "fill"), ("[line]", "dash")}


def _with_bom_and_crlf(path: Path) -> None:
    text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    path.write_bytes(codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"))


def test_a_bom_and_crlf_in_every_file_load_as_without(data_copy):
    """What a spreadsheet's "CSV UTF-8" writes (and a Windows editor) is accepted everywhere."""
    files = [p for p in data_copy.rglob("*") if p.suffix in (".csv", ".toml", ".json", ".geojson")]
    for path in files:
        _with_bom_and_crlf(path)
    load_every_file(data_copy)
    bundled = geo.load_atlas(DATA)
    copied = geo.load_atlas(data_copy)
    assert copied.configurations == bundled.configurations
    assert copied.status.equals(bundled.status)
    assert copied.events == bundled.events
    assert load_style(data_copy / "style.toml") == load_style(DATA / "style.toml")
    assert load_messages(data_copy / "messages.toml") == load_messages(DATA / "messages.toml")


def test_a_bom_csv_names_its_first_column(data_copy):
    """Before: "missing column(s) ['year']" although the header has it."""
    _with_bom_and_crlf(data_copy / "timeline" / "status.csv")
    atlas = geo.load_atlas(data_copy)
    assert list(atlas.status["year"].unique()) == list(atlas.configurations)


def test_a_missing_catalogue_entry_is_a_named_data_error():
    with pytest.raises(geo.DataError, match=r"data/messages\.toml: \[app\]: field 'no_such_key'"):
        i18n.t("app.no_such_key")


def test_the_app_catches_one_base_class():
    assert issubclass(geo.DataError, geo.AtlasError)
    assert issubclass(geo.UnknownIdError, geo.AtlasError)
    assert issubclass(AssignmentError, geo.AtlasError)
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    assert "except geo.AtlasError as exc:" in source


# --------------------------------------------------------------------------- the page


def _is_geo(name: str) -> bool:
    """A module of the app's own packages (re-imported from the copy for its run)."""
    return any(name == p or name.startswith(p + ".") for p in ("geo", "atlas_ui"))


@pytest.fixture
def app_with(tmp_path, monkeypatch):
    """Run a copy of the app (app.py, geo/, atlas_ui/, data/, .streamlit/) whose data a case
    broke.

    geo finds its data beside its package, so the copy's geo is imported for the run (and the
    test process's geo restored after); the copy publishes its static files in its own folder.
    """
    root = tmp_path / "atlas"
    root.mkdir()
    shutil.copy(ROOT / "app.py", root / "app.py")
    for package in ("geo", "atlas_ui"):
        shutil.copytree(ROOT / package, root / package)
    shutil.copytree(DATA, root / "data", ignore=shutil.ignore_patterns("cache"))
    shutil.copytree(ROOT / ".streamlit", root / ".streamlit")
    saved = {k: v for k, v in sys.modules.items() if _is_geo(k)}
    apps = []

    def run(change: Callable[[Path], None] | None, params: dict | None = None) -> AppTest:
        if change is not None:
            change(root / "data")
        for name in saved:
            sys.modules.pop(name, None)
        monkeypatch.syspath_prepend(str(root))
        st.cache_resource.clear()
        at = AppTest.from_file(str(root / "app.py"), default_timeout=90)
        apps.append(at)
        at.query_params.update(params or {})
        at.run()
        assert sys.modules["geo"].__file__.startswith(str(root))  # the copy's geo ran
        return at

    yield run
    for name in [k for k in sys.modules if _is_geo(k)]:
        del sys.modules[name]
    sys.modules.update(saved)
    st.cache_resource.clear()


def page_text(at: AppTest) -> str:
    parts = [e.value for e in at.error] + [m.value for m in at.markdown]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def assert_named_message(at: AppTest, *names: str) -> str:
    assert not at.exception, at.exception
    assert len(at.error) >= 1
    shown = "\n".join(e.value for e in at.error).replace("\\", "")  # Markdown-escaped
    for name in names:
        assert name in shown, shown
    assert "Traceback" not in shown and "/work" not in shown and "/tmp" not in shown, shown
    assert not re.search(r"(^|\s)/[a-z]+/", shown), shown
    return shown


PAGE_CASES = {
    name: (CASES[name][0], shown)
    for name, shown in {
        "manifest-truncated": ("data/manifest.json", "not valid JSON"),
        "status-wrong-field-count": ("data/timeline/status.csv", "wrong number of fields"),
        "style-without-claim": (
            "data/style.toml",
            "[claim]",
            "expected a table of keys, found nothing",
        ),
        "config-reading-number": (
            "data/timeline/configurations.toml",
            "field 'reading'",
            "found 5",
        ),
        "config-sources-text": (
            "data/timeline/configurations.toml",
            "field 'sources'",
            "expected a list of source ids",
        ),
        "style-without-transfer-weight": ("data/style.toml", "[transfer]", "field 'weight'"),
        "messages-language-number": ("data/messages.toml", "field 'ru': expected text, found 5"),
        "names-too-many-rows": ("data/timeline/names.csv", "expected at most 1,000 rows"),
        "manifest-100000-brackets": ("data/manifest.json", "levels of nested"),
        "configurations-100000-deep-array": ("data/timeline/configurations.toml", "nested"),
        "areas-coordinates-900-deep": ("data/areas.geojson", "found 905 levels"),
        "messages-attribute-placeholder": (
            "data/messages.toml",
            "lesson.changed",
            "placeholder {year.__class__.__mro__} is not allowed",
        ),
        "messages-format-spec": ("data/messages.toml", "placeholder {year:>200000000} is not"),
        "messages-undeclared-placeholder": (
            "data/messages.toml",
            "placeholder {oops} is not one the atlas fills in for this message",
        ),
    }.items()
}


@pytest.mark.parametrize("case", list(PAGE_CASES))
def test_the_page_names_a_broken_file_without_a_traceback(app_with, case):
    change, names = PAGE_CASES[case]
    at = app_with(change)
    assert_named_message(at, "data file is broken", *names)


def test_the_page_lists_at_most_twenty_problems_of_a_file(app_with):
    at = app_with(extra_features("lines.geojson", 150, lambda i: {"type": "Feature"}))
    shown = assert_named_message(at, "data/lines.geojson", "130 more problems, not listed")
    assert shown.count("\n- ") == 21 and len(shown) < 4000, shown


def test_a_broken_scenarios_file_puts_no_wrong_notice_on_the_page(app_with):
    """Before: every page, even the bare URL, said "left='decl_1956' is not a year or
    scenario; showing 'decl_1956'" (the defaults were checked against no scenarios)."""
    broken = replace(
        "scenarios.toml", r'^label = "Status quo: Russia holds all four"$', "label = 5"
    )
    at = app_with(broken)
    assert not at.exception and not at.error and not at.warning, [w.value for w in at.warning]
    assert tables(at)  # the timeline works
    at.radio(key="view").set_value("compare").run()
    assert_named_message(at, "compare view cannot be shown", "data/scenarios.toml", "'label'")
    assert not at.warning, [w.value for w in at.warning]


def test_a_link_to_a_scenario_is_not_blamed_for_a_broken_scenarios_file(app_with):
    broken = replace(
        "scenarios.toml", r'^label = "Status quo: Russia holds all four"$', "label = 5"
    )
    at = app_with(broken, {"view": "compare", "left": "equal_area_2006", "right": "<b>x"})
    assert_named_message(at, "compare view cannot be shown", "data/scenarios.toml")
    notices = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "equal_area_2006" not in notices, notices  # a scenario id: not the link's fault
    assert "right='<b>x' is not a year, scenario or country's map" in notices, (
        notices
    )  # never an id


def test_the_page_loads_csv_files_saved_with_a_bom_and_crlf(app_with):
    def change(data: Path) -> None:
        for path in (data / "timeline").glob("*.csv"):
            _with_bom_and_crlf(path)

    at = app_with(change)
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert tables(at) and "Habomai" in tables(at)[0].to_string()


@pytest.mark.parametrize(
    "case, name",
    [
        ("scenarios-final-text", "data/scenarios.toml"),
        ("residents-not-a-number", "data/timeline/residents_1945.csv"),
        ("official-area-infinite", "data/timeline/official_areas.csv"),
    ],
)
def test_a_file_only_the_compare_view_needs_leaves_the_timeline_working(app_with, case, name):
    at = app_with(CASES[case][0])
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert tables(at) and map_data(at)["timeline_map"]["step"] == str(
        geo.configurations(bundled_atlas())[-1]
    )
    at.radio(key="view").set_value("compare").run()
    shown = assert_named_message(at, "compare view cannot be shown", name, "field '")
    assert "timeline view still works" in shown
    at.radio(key="view").set_value("timeline").run()
    assert not at.exception and not at.error and tables(at)


def test_a_static_folder_that_cannot_be_written_is_named_on_the_page(app_with):
    def block_static(data: Path) -> None:
        static = data.parent / "static"
        shutil.rmtree(static, ignore_errors=True)
        static.write_text("a file where the folder should be")  # fails for root too

    at = app_with(block_static)
    shown = assert_named_message(at, "static/", "could not write")
    assert "data file is broken" not in shown  # not blamed on the data
