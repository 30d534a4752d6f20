"""The map style (``data/style.toml``): colours per state code, claim, transfer, lines, the
basemap, the label sides and the optional online tiles, as a typed :class:`Style`. Read by the
map, the handout and the exports (the map's script gets it as JSON: ``style.model_dump()``)."""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, StringConstraints
from pydantic_core import PydanticCustomError

from geo.errors import data_label
from geo.files.codes import MAP_CODES
from geo.files.fields import TomlList
from geo.files.read import DATA_DIR, read_toml
from geo.files.schema import Colour, Expected, Loc, Record, Text, validate

LABEL_SIDES = ("left", "right", "top", "bottom")
MAX_PIXELS = 20


def _pixels(value: Any) -> int | float:
    """A width in pixels, in (0, 20], kept as written (3 stays 3 in the map's JSON, not 3.0)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or not 0 < value <= MAX_PIXELS
    ):
        raise PydanticCustomError("pixels", "expected a number of pixels (0-20)")
    return value


Pixels = Annotated[int | float, PlainValidator(_pixels), Expected("a number of pixels (0-20)")]
Dash = Annotated[
    str,
    StringConstraints(pattern=r"^(\d+( \d+)*)?$"),
    Expected('numbers of pixels separated by spaces, or ""'),
]
Side = Annotated[Literal["left", "right", "top", "bottom"], Expected(f"one of {list(LABEL_SIDES)}")]
TileUrl = Annotated[
    str, StringConstraints(pattern=r"^https://[^\s<>\"'`\\]+$"), Expected("an https:// URL")
]
Zoom = Annotated[int, Field(ge=0, le=22), Expected("a whole number 0-22")]
TABLE = Expected("a table of keys")


class StateStyle(Record):
    """How the map draws and names one state code: its fill, its legend label, its short name."""

    fill: Colour
    label: Text
    short: Text


class States(Record):
    """One :class:`StateStyle` per code of :data:`~geo.files.codes.MAP_CODES`; ``states[code]``
    gives a code's (KeyError for another code)."""

    JP: Annotated[StateStyle, TABLE]
    RU: Annotated[StateStyle, TABLE]
    JOINT: Annotated[StateStyle, TABLE]
    NONE: Annotated[StateStyle, TABLE]
    UNDETERMINED: Annotated[StateStyle, TABLE]
    NOT_STATED: Annotated[StateStyle, TABLE]

    def __getitem__(self, code: str) -> StateStyle:
        if code not in MAP_CODES:
            raise KeyError(code)
        return getattr(self, code)

    def __contains__(self, code: object) -> bool:
        return code in MAP_CODES


if tuple(States.model_fields) != MAP_CODES:  # a code added to MAP_CODES needs its field here
    raise TypeError(f"States must have one field per map code {MAP_CODES}")


class Claim(Record):
    """A claim not administered: hatched in the claimant's colour, stripes ``hatch_width``
    apart, outlined in ``outline``."""

    hatch_width: Pixels
    outline: Colour


class Outline(Record):
    """A solid outline (the four disputed groups)."""

    color: Colour
    weight: Pixels


class Stroke(Record):
    """A line or outline with a dash pattern ("8 6"; "" for a solid line)."""

    color: Colour
    weight: Pixels
    dash: Dash


class Basemap(Record):
    sea: Colour
    land: Colour
    coast: Colour


class OnlineTiles(Record):
    """An online tile layer offered in the layer control (never needed: the basemap is the
    atlas's own). ``attribution`` is plain text; the map escapes it."""

    name: Text
    url: TileUrl
    attribution: Text
    max_zoom: Zoom


class Style(Record):
    """The map style. Sections in the order of ``data/style.toml``, so that the map's JSON
    (:meth:`model_dump`) keeps it."""

    state: Annotated[States, TABLE]
    claim: Annotated[Claim, TABLE]
    transfer: Annotated[Stroke, TABLE]
    disputed: Annotated[Outline, TABLE]
    label_side: Annotated[
        dict[str, Side], Field(default_factory=dict), Expected("a table of group = side")
    ]
    line: Annotated[Stroke, TABLE]
    basemap: Annotated[Basemap, TABLE]
    online_tiles: Annotated[
        tuple[OnlineTiles, ...], TomlList, Expected("[[online_tiles]] tables")
    ] = ()
    change: Annotated[Stroke, TABLE]
    cut: Annotated[Stroke, TABLE]


def _place(loc: Loc) -> tuple[str | None, Loc]:
    """``[state.JP]``, ``[[online_tiles]] #1`` or ``[section]``, and the field's location."""
    section, rest = loc[0], loc[1:]
    if section not in Style.model_fields:  # an unknown section, named as unknown
        return None, loc
    if section == "state" and rest and rest[0] in MAP_CODES:
        return f"[state.{rest[0]}]", rest[1:]
    if section == "online_tiles":
        if rest and isinstance(rest[0], int):
            return f"[[online_tiles]] #{rest[0] + 1}", rest[1:]
        return "[[online_tiles]]", rest
    return f"[{section}]", rest


@lru_cache(maxsize=4)
def load_style(path: Path | None = None) -> Style:
    """The map style (``data/style.toml``): colours per state code, claim, transfer, lines.

    Every key the map script, the handout and the exports read is checked (a missing section
    or key, a wrong type, an empty text, a number that is not finite or out of range, an
    unknown key), and every problem in the file is raised together in one DataError.
    """
    path = path or DATA_DIR / "style.toml"
    label = data_label(path)
    return validate(Style, read_toml(path, label), label, place=_place)
