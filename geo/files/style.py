"""The map style (``data/style.toml``): colours per state code, claim, transfer, lines, the
basemap, the label sides and the optional online tiles. Read by the map, the handout and the
exports."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from geo.errors import data_label
from geo.files.codes import MAP_CODES
from geo.files.problems import Problems
from geo.files.read import DATA_DIR, read_toml

LABEL_SIDES = ("left", "right", "top", "bottom")
STYLE_COLOURS = (
    ("claim", "outline"),
    ("transfer", "color"),
    ("line", "color"),
    ("disputed", "color"),
    ("change", "color"),
    ("cut", "color"),
    ("basemap", "sea"),
    ("basemap", "land"),
    ("basemap", "coast"),
)
STYLE_WIDTHS = (
    ("claim", "hatch_width"),
    ("transfer", "weight"),
    ("line", "weight"),
    ("disputed", "weight"),
    ("change", "weight"),
    ("cut", "weight"),
)
STYLE_DASHES = ("transfer", "line", "change", "cut")
TILE_KEYS = ("name", "url", "attribution", "max_zoom")


@lru_cache(maxsize=4)
def load_style(path: Path | None = None) -> dict:
    """The map style (``data/style.toml``): colours per state code, claim, transfer, lines.

    Every key the map script, the handout and the exports read is checked (a missing section
    or key, a wrong type, an empty text, a number that is not finite or out of range), and every
    problem in the file is raised together in one DataError.
    """
    path = path or DATA_DIR / "style.toml"
    label = data_label(path)
    style = read_toml(path, label)
    problems = Problems(label)
    states = problems.table(style, "state")
    for code in MAP_CODES:
        where = f"[state.{code}]"
        entry = problems.table(states, code, where) if states else {}
        if not entry:
            continue
        if not _is_colour(entry.get("fill")):
            problems.add(
                where=where, field="fill", expected="a '#RRGGBB' colour", found=entry.get("fill")
            )
        for key in ("label", "short"):
            problems.text(entry, key, where)
    sections = {
        name: problems.table(style, name)
        for name in dict.fromkeys(s for s, _ in STYLE_COLOURS + STYLE_WIDTHS)
    }
    for section, key in STYLE_COLOURS:
        value = sections[section].get(key)
        if sections[section] and not _is_colour(value):
            problems.add(
                where=f"[{section}]", field=key, expected="a '#RRGGBB' colour", found=value
            )
    for section, key in STYLE_WIDTHS:
        if sections[section]:
            problems.number(
                sections[section], key, f"[{section}]", "a number of pixels (0-20)", 0, 20
            )
    for section in STYLE_DASHES:
        dash = sections[section].get("dash")
        if sections[section] and (
            not isinstance(dash, str) or not re.fullmatch(r"(\d+( \d+)*)?", dash)
        ):
            problems.add(
                where=f"[{section}]",
                field="dash",
                expected='numbers of pixels separated by spaces, or ""',
                found=dash,
            )
    sides = style.get("label_side", {})
    if not isinstance(sides, dict):
        problems.add(where="[label_side]", expected="a table of group = side", found=sides)
        sides = {}
    for group, side in sides.items():
        if side not in LABEL_SIDES:
            problems.add(
                where="[label_side]",
                field=group,
                expected=f"one of {list(LABEL_SIDES)}",
                found=side,
            )
    tiles = style.get("online_tiles", [])
    if not isinstance(tiles, list):
        problems.add(where="[[online_tiles]]", expected="[[online_tiles]] tables", found=tiles)
        tiles = []
    for index, tile in enumerate(tiles, start=1):
        where = f"[[online_tiles]] #{index}"
        if not isinstance(tile, dict):
            problems.add(where=where, expected="a table", found=tile)
            continue
        problems.unknown_keys(tile, TILE_KEYS, where)
        for key in ("name", "attribution"):
            problems.text(tile, key, where)
        url = tile.get("url")
        if not isinstance(url, str) or not re.fullmatch(r"https://[^\s<>\"'`\\]+", url):
            problems.add(where=where, field="url", expected="an https:// URL", found=url)
        zoom = tile.get("max_zoom")
        if isinstance(zoom, bool) or not isinstance(zoom, int) or not 0 <= zoom <= 22:
            problems.add(where=where, field="max_zoom", expected="a whole number 0-22", found=zoom)
    problems.raise_all()
    return style


def _is_colour(value) -> bool:
    return (
        isinstance(value, str)
        and len(value) == 7
        and value[0] == "#"
        and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    )
