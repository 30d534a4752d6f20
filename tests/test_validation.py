"""Broken data files raise one clear DataError naming file, row or feature, field, expectation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import geo
from tests.conftest import edit_csv


def load(data_dir: Path) -> geo.Atlas:
    return geo.load_atlas(data_dir)


def edit_json(path: Path, change) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_bundled_data_loads(data_copy):
    atlas = load(data_copy)
    assert len(atlas.areas) > 10 and atlas.configurations


def test_missing_file(data_copy):
    (data_copy / "areas.geojson").unlink()
    with pytest.raises(geo.DataError, match=r"^data/areas\.geojson: file is missing$"):
        load(data_copy)


def test_broken_json(data_copy):
    (data_copy / "areas.geojson").write_text('{"type": "FeatureCollection", "feat', "utf-8")
    with pytest.raises(geo.DataError, match=r"data/areas\.geojson: is not valid JSON"):
        load(data_copy)


def test_invalid_geometry_names_feature_and_field(data_copy):
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[146, 43], [147, 44], [147, 43], [146, 44], [146, 43]]],
    }
    edit_json(
        data_copy / "areas.geojson", lambda d: d["features"][4].__setitem__("geometry", bowtie)
    )
    with pytest.raises(geo.DataError) as info:
        load(data_copy)
    message = str(info.value)
    assert message.startswith("data/areas.geojson: feature #4 (suisho): field 'geometry': ")
    assert "invalid geometry" in message and "Self-intersection" in message


def test_wrong_crs(data_copy):
    edit_json(
        data_copy / "areas.geojson",
        lambda d: d.__setitem__(
            "crs", {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
        ),
    )
    with pytest.raises(geo.DataError, match=r"expected EPSG:4326 \(lon/lat\), found CRS"):
        load(data_copy)


def test_projected_coordinates_without_crs_member(data_copy):
    def scale(d):
        ring = [[x * 100000, y * 100000] for x, y in d["features"][4]["geometry"]["coordinates"][0]]
        d["features"][4]["geometry"]["coordinates"] = [ring]

    edit_json(data_copy / "areas.geojson", scale)
    with pytest.raises(
        geo.DataError,
        match=r"feature #4 \(suisho\): field 'geometry': "
        r"coordinates outside lon/lat range",
    ):
        load(data_copy)


def test_duplicate_feature_id(data_copy):
    edit_json(
        data_copy / "areas.geojson",
        lambda d: d["features"][5]["properties"].__setitem__("id", "suisho"),
    )
    with pytest.raises(geo.DataError, match=r"feature #5 \(suisho\): field 'id': duplicate id"):
        load(data_copy)


def test_configuration_missing_an_area(data_copy):
    edit_csv(
        data_copy / "timeline" / "status.csv",
        lambda rows: [r for r in rows if not (r["year"] == "1956" and r["group"] == "urup")],
    )
    with pytest.raises(
        geo.DataError,
        match=r"configuration 1956 has no status for area\(s\) "
        r"\['urup'\]",
    ):
        load(data_copy)


def test_feature_without_names(data_copy):
    edit_csv(
        data_copy / "timeline" / "names.csv", lambda rows: [r for r in rows if r["id"] != "taraku"]
    )
    with pytest.raises(
        geo.DataError,
        match=r"names\.csv: id taraku: no names for feature "
        r"'taraku'",
    ):
        load(data_copy)


def test_broken_toml(data_copy):
    path = data_copy / "timeline" / "configurations.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n[[configuration]\n", "utf-8")
    with pytest.raises(geo.DataError, match=r"configurations\.toml: is not valid TOML"):
        load(data_copy)


def test_duplicate_configuration_year(data_copy):
    path = data_copy / "timeline" / "configurations.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("year = 1875", "year = 1855", 1), "utf-8")
    with pytest.raises(
        geo.DataError,
        match=r"configuration #2 \(year 1855\): field 'year': "
        r"duplicate year 1855",
    ):
        load(data_copy)


def test_line_in_unknown_configuration(data_copy):
    edit_json(
        data_copy / "lines.geojson",
        lambda d: d["features"][0]["properties"].__setitem__("years", [1900]),
    )
    with pytest.raises(
        geo.DataError,
        match=r"lines\.geojson: feature #0 \(shimoda_1855\): "
        r"field 'years'",
    ):
        load(data_copy)


def test_broken_csv_row(data_copy):
    path = data_copy / "timeline" / "status.csv"
    path.write_text(path.read_text(encoding="utf-8") + "1956,urup,RU,extra,,,,,,,,,,,,,\n", "utf-8")
    with pytest.raises(geo.DataError, match=r"status\.csv: line \d+: wrong number of fields"):
        load(data_copy)


@pytest.mark.parametrize(
    ("file", "row", "field", "value", "message"),
    [
        (
            "status.csv",
            0,
            "group",
            "okinawa",
            # both problems of the row are listed (the area it leaves without a status too)
            r"(?s)status\.csv: .*line 2 \(1855, okinawa\): field 'group': unknown area 'okinawa'"
            r".*configuration 1855 has no status for area\(s\) \['habomai'\]",
        ),
        (
            "status.csv",
            3,
            "sources",
            "made-up-source",
            r"line 5 .*: field 'sources': unknown source id\(s\) \['made-up-source'\]",
        ),
        ("status.csv", 0, "sources", "", r"field 'sources': expected at least one source id"),
        (
            "status.csv",
            0,
            "administered_by",
            "USSR",
            r"field 'administered_by': expected one of \['JP', 'RU', 'JOINT', 'NONE'\], "
            r"found 'USSR'",
        ),
        ("status.csv", 0, "claimed_by", "JP;XX", r"field 'claimed_by': expected codes from"),
        ("status.csv", 0, "event_date", "3 Sept 1945", r"field 'event_date': expected YYYY-MM-DD"),
        ("status.csv", 0, "year", "1900", r"field 'year': unknown configuration year 1900"),
        ("names.csv", 0, "name_ru", "", r"line 2 \(etorofu\): field 'name_ru': expected a name"),
        ("names.csv", 0, "kind", "island", r"field 'kind': expected one of"),
        ("sources.csv", 0, "url", "javascript:alert(1)", r"field 'url': expected an http\(s\) URL"),
        ("sources.csv", 1, "id", "Bad Id", r"field 'id': expected a lowercase id"),
    ],
)
def test_bad_field_is_named(data_copy, file, row, field, value, message):
    def change(rows):
        rows[row][field] = value

    edit_csv(data_copy / "timeline" / file, change)
    with pytest.raises(geo.DataError, match=message):
        load(data_copy)
