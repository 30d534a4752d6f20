"""The atlas's GeoJSON files, in lon/lat (EPSG:4326):

- ``areas.geojson``: one feature per drawn area (``id``, ``group``), a Polygon or MultiPolygon;
- ``lines.geojson``: treaty and boundary lines (``id``, ``years``, ``label``, ``derivation``);
- ``basemap.geojson``: the land drawn under the areas (only its geometry is read).

A feature is first identified by its ``id`` (a feature without a readable, unique id is named
once and not checked further), then checked against its file's schema. Every problem of a file
is raised together in one DataError naming the feature ("feature #4 (suisho)") and the field.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import geopandas as gpd
import shapely
from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    Strict,
    StringConstraints,
)
from pydantic_core import CoreSchema, core_schema
from shapely.geometry import shape

from geo.errors import DataError, raise_problems
from geo.files.codes import DISPUTED_GROUPS
from geo.files.fields import known_in
from geo.files.read import check_items, read_json
from geo.files.schema import (
    Expected,
    Loc,
    OptionalText,
    Record,
    Text,
    at,
    check,
    rule,
    validate,
)

AREA_KINDS = ("Polygon", "MultiPolygon")
LINE_KINDS = ("LineString", "MultiLineString")
# What shapely raises for a geometry it cannot read (besides its GEOSException).
_UNREADABLE = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def _lon_lat(crs: dict | None) -> dict | None:
    """A ``crs`` member, if given, must name lon/lat (CRS84 or EPSG:4326)."""
    if crs is None:
        return crs
    props = crs.get("properties")
    name = str(props.get("name", "")) if isinstance(props, dict) else ""
    if not (name.endswith("CRS84") or name.endswith("4326")):
        raise rule(f"expected EPSG:4326 (lon/lat), found CRS {name!r}")
    return crs


class FeatureCollection(Record):
    """A GeoJSON file: its features (other members, e.g. ``name`` or ``bbox``, are allowed)."""

    model_config = ConfigDict(extra="allow")

    type: Annotated[Literal["FeatureCollection"], Expected("a GeoJSON FeatureCollection")]
    crs: Annotated[
        dict | None, AfterValidator(_lon_lat), Expected("a crs object naming EPSG:4326")
    ] = None
    features: Annotated[list[Any], Field(min_length=1), Expected("a non-empty list of features")]


class GeoJsonGeometry(Expected):
    """A GeoJSON geometry of one of ``kinds`` in lon/lat, read as a checked shapely geometry:
    ``Annotated[shapely.Geometry, GeoJsonGeometry(AREA_KINDS)]`` (the file gives an object,
    the record holds the shapely geometry). ``valid``: also require OGC validity (areas are
    measured; the basemap is only drawn). Its words are the field's :class:`Expected`."""

    def __init__(self, kinds: tuple[str, ...], *, valid: bool = True) -> None:
        self.kinds, self.valid = kinds, valid
        super().__init__(f"a {' or '.join(kinds)} geometry")

    def _convert(self, value: dict[str, Any]) -> shapely.Geometry:
        wanted = " or ".join(self.kinds)
        try:
            geom = shape(value)
        except RecursionError:
            raise rule(f"expected a {wanted} geometry, found one nested too deeply") from None
        except (shapely.errors.GEOSException, *_UNREADABLE) as exc:
            raise rule(f"expected a {wanted} geometry, found an unreadable one ({exc})") from None
        if geom.geom_type not in self.kinds:
            raise rule(f"expected a {wanted} geometry, found a {geom.geom_type}")
        if geom.is_empty:
            raise rule(f"expected a {wanted} geometry, found an empty one")
        west, south, east, north = geom.bounds
        if not all(math.isfinite(v) for v in geom.bounds) or not (
            -180 <= west <= east <= 180 and -90 <= south <= north <= 90
        ):
            raise rule("coordinates outside lon/lat range: expected EPSG:4326")
        if self.valid and not geom.is_valid:
            raise rule(f"invalid geometry ({shapely.is_valid_reason(geom)})")
        return geom

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        # An object (a dict, strictly) turned into a shapely geometry: pydantic never builds a
        # schema of the annotated type itself.
        return core_schema.no_info_after_validator_function(
            self._convert, handler.generate_schema(dict)
        )


LowercaseId = Annotated[
    str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$"), Expected("a lowercase id")
]


class Identified(Record):
    """What names a feature: its ``properties`` with a lowercase ``id`` (the rest is checked
    by its file's schema)."""

    class Properties(Record):
        model_config = ConfigDict(extra="allow")
        id: LowercaseId

    model_config = ConfigDict(extra="allow")
    properties: Annotated[Properties, Expected("a properties object")]


class Feature(Record):
    """A GeoJSON Feature (foreign members such as ``bbox`` are allowed)."""

    model_config = ConfigDict(extra="allow")
    type: Annotated[Literal["Feature"], Expected("a GeoJSON Feature")]


# A feature schema (AreaFeature, LineFeature): what _checked returns a list of.
F = TypeVar("F", bound=Feature)


class AreaFeature(Feature):
    class Properties(Record):
        id: LowercaseId
        group: Annotated[
            str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$"), Expected("a lowercase group id")
        ]

    properties: Properties
    geometry: Annotated[shapely.Geometry, GeoJsonGeometry(AREA_KINDS)]


class LineFeature(Feature):
    class Properties(Record):
        id: LowercaseId
        years: Annotated[
            tuple[int, ...],
            Strict(False),
            Field(min_length=1),
            Expected("a list of configuration years"),
            known_in("years", "configuration year"),
        ]
        label: Annotated[Text, Expected("a label")]
        derivation: OptionalText = ""

    properties: Properties
    geometry: Annotated[shapely.Geometry, GeoJsonGeometry(LINE_KINDS)]


class BasemapFeature(Feature):
    properties: Any = None
    geometry: Annotated[shapely.Geometry, GeoJsonGeometry(AREA_KINDS, valid=False)]


def read_features(path: Path, label: str) -> list:
    """The features of a GeoJSON file in lon/lat: a FeatureCollection with at least one
    feature and at most the file's limit (:func:`~geo.files.read.file_limit`)."""
    doc = read_json(path, label)
    if not isinstance(doc, dict):
        raise DataError(label, expected="a GeoJSON FeatureCollection", found=type(doc).__name__)
    features = validate(FeatureCollection, doc, label).features
    check_items(len(features), path, label, "features", field="features")
    return features


def _checked(
    model: type[F], features: list[Any], label: str, context: Mapping[str, Any] | None = None
) -> list[F]:
    """The features that are identified (a lowercase id, once) and pass ``model``; DataError
    naming every other one."""
    problems: list[DataError] = []
    records: list[F] = []
    seen: set[str] = set()
    for index, feature in enumerate(features):
        if not isinstance(feature, dict):
            problems.append(
                DataError(
                    label, where=f"feature #{index}", expected="a GeoJSON Feature", found=feature
                )
            )
            continue
        props = feature.get("properties")
        where = f"feature #{index}" + (f" ({props.get('id')})" if isinstance(props, dict) else "")

        def place(loc: Loc, where: str = where) -> tuple[str, Loc]:
            return where, loc[1:] if loc[:1] == ("properties",) else loc

        found, errors = check(Identified, feature, label, place=place)
        if found is not None and found.properties.id in seen:
            duplicate = f"duplicate id {found.properties.id!r}"
            errors = [DataError(label, duplicate, where=where, field="id")]
        if found is None or errors:
            problems += errors
            continue
        seen.add(found.properties.id)
        record, errors = check(model, feature, label, place=place, context=context)
        problems += errors
        if record is not None:
            records.append(record)
    raise_problems(problems)
    return records


def load_areas(path: Path, label: str) -> gpd.GeoDataFrame:
    """Read ``areas.geojson``: ``id``, ``group`` and ``geometry`` of every drawn area; a
    feature of each disputed group."""
    features = _checked(AreaFeature, read_features(path, label), label)
    records = [{**f.properties.model_dump(), "geometry": f.geometry} for f in features]
    gdf = gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")
    missing = [g for g in DISPUTED_GROUPS if g not in set(gdf["group"])]
    if missing:
        raise DataError(label, f"no feature for the disputed group(s) {missing}", field="group")
    return gdf


def load_lines(path: Path, label: str, years: set[int]) -> gpd.GeoDataFrame:
    """Read ``lines.geojson``: ``id``, ``years`` (configuration years of ``years``),
    ``label``, ``derivation`` and ``geometry`` of every line."""
    features = _checked(LineFeature, read_features(path, label), label, {"years": years})
    records = [{**f.properties.model_dump(), "geometry": f.geometry} for f in features]
    return gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")


def check_basemap(path: Path, label: str) -> None:
    """``basemap.geojson``: land drawn under the atlas's areas (the browser's offline basemap):
    Polygon or MultiPolygon features in lon/lat."""
    problems: list[DataError] = []
    for index, feature in enumerate(read_features(path, label)):
        where = f"feature #{index}"
        problems += check(BasemapFeature, feature, label, place=at(where))[1]
    raise_problems(problems)
