"""A snapshot's payload for the map: its title, each unit's path styles (fill, claim stripes,
transfer outline), hover-card lines and legend rows, and the geometry of a divided island's
parts. A few kB, made once per snapshot and names mode and published with the map's
configuration (:mod:`geo.maps.mapview`). Nothing here imports Streamlit.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

import shapely

from geo.files.atlas import Atlas
from geo.files.codes import DRAWN_CODES
from geo.files.glossary import load_glossary
from geo.files.style import Style, load_style
from geo.i18n import (
    DEFAULT_NAMES,
    t,
    ui_language,
)
from geo.model.snapshot import HISTORICAL, Snapshot, Unit, group_signatures
from geo.model.timeline import historical_snapshot
from geo.text import history_text
from geo.text.wording import (
    is_drawn,
    key_for,
    list_separator,
    marked_claims,
    percent,
    state_label,
    state_names,
)


def card_lines(unit: Unit, snapshot: Snapshot, style: Style, lang: str = "en") -> list[str]:
    """The hover card's status lines for one unit of a snapshot: short, no notes.

    The long note and the sources belong to the side panel's "selected area" part. In English
    the administrator is named as the data names it (e.g. "USSR"); in Japanese and Russian by
    the catalogue's short state name. A worldview's card says how its map draws the area and
    which claim it marks.
    """
    if is_drawn(snapshot):
        lines = [
            t(
                "card.drawn",
                lang,
                tag=snapshot.tag,
                state=t(f"state_drawn.{unit.administered_by}", lang),
            )
        ]
        if unit.contested:
            lines.append(
                t(
                    "card.claim_marked",
                    lang,
                    states=marked_claims(unit.administered_by, unit.claimed_by, style, lang),
                )
            )
        return lines
    administrator = (
        history_text.state_name(unit.administering_state, lang)
        if unit.administering_state
        else state_label(unit.administered_by, style, lang)
    )
    of_the_time = history_text.names_of_the_time(snapshot, style, lang)
    lines = [
        t("card.administered", lang, tag=snapshot.tag, state=administrator),
        t("card.claimed", lang, states=state_names(unit.claimed_by, style, lang, of_the_time)),
    ]
    if unit.contested:
        lines.append(
            t(
                "card.claimed_elsewhere",
                lang,
                states=state_names(unit.claimed_not_administered, style, lang, of_the_time),
            )
        )
    if unit.transfer_promised:
        lines.append(
            t("card.transfer", lang, state=state_label(unit.transfer_promised_to, style, lang))
        )
    if unit.divided:
        lines.append(t("card.part", lang, share=percent(unit.share, lang)))
    basis = list_separator(lang).join(v for v in (unit.basis_instrument, unit.basis_article) if v)
    # Without an instrument, the note's first clause says why ("No instrument", "Context area").
    basis = basis or re.split(r"[:;.：；。]", unit.basis_note, maxsplit=1)[0]
    if basis:
        lines.append(t("card.basis", lang, basis=basis))
    return lines


def administrator_of_the_time(unit: Unit, style: Style, lang: str) -> str:
    """The administering state as named at the time (Japan, Empire of Japan, USSR, Russian
    Federation...) in ``lang``, for the label beside an island; the state's short name where
    the data names no state of the time (a scenario's joint holding)."""
    names = {
        term.en: term.en if lang == "en" else getattr(term, lang)
        for term in load_glossary()
        if term.kind == "state_name"
    }
    english = unit.administering_state
    if english in names:
        return history_text.without_aside(names[english])
    if english in names.values():  # already in this language (a translated snapshot)
        return history_text.without_aside(english)
    return state_label(unit.administered_by, style, lang)


def stripes_legend(snapshot: Snapshot, style: Style, lang: str = "en") -> list[dict]:
    """The legend rows that come with a snapshot: one per (administrator, claimant) pair
    striped on the map, and on a worldview's map a fill row for each code only such maps draw
    (undetermined, not stated)."""
    states = style.state
    pairs: dict[tuple[str, str], None] = {}  # ordered set of (administrator, claimant)
    for unit in snapshot.units:
        for claimant in unit.claimed_not_administered[:1]:
            pairs[(unit.administered_by, claimant)] = None
    drawn = dict.fromkeys(
        u.administered_by for u in snapshot.units if u.administered_by in DRAWN_CODES
    )
    rows = [
        {
            "kind": "fill",
            "color": states[code].fill,
            "label": state_label(code, style, lang, short=False),
        }
        for code in drawn
    ]
    return rows + [
        {
            "kind": "hatch",
            "color": states[admin].fill,
            "stripes": states[claimant].fill,
            "label": t(
                key_for("map.legend_hatch", snapshot),
                lang,
                admin=state_label(admin, style, lang),
                claimant=state_label(claimant, style, lang),
            ),
        }
        for admin, claimant in pairs
    ]


NO_STYLE: dict[str, object] = {"stroke": False, "fill": False}


def _unit_styles(unit: Unit, style: Style) -> dict:
    """The path styles of one unit: fill, claim stripes, transfer outline; the compare view's
    change outline is drawn by the map for the groups each rerun names (none here)."""
    claim_style: dict[str, object] = NO_STYLE
    if unit.contested:
        # Stripes only, no outline: an outline in the claimant's colour made small islands
        # read as administered by the claimant at low zoom.
        claim_style = {
            "stroke": False,
            "fill": True,
            "fillColor": f"url(#atlas-hatch-{unit.claimed_not_administered[0]})",
            "fillOpacity": 1,
        }
    transfer_style = NO_STYLE
    if unit.transfer_promised:
        t = style.transfer
        transfer_style = {
            "stroke": True,
            "color": t.color,
            "weight": t.weight,
            "dashArray": t.dash,
            "fill": False,
        }
    return {
        "area_style": {
            "fillColor": style.state[unit.administered_by].fill,
            "fillOpacity": 0.8,
            "color": "#333333",
            "weight": 1,
        },
        "claim_style": claim_style,
        "transfer_style": transfer_style,
        "changed_style": NO_STYLE,
    }


def _geojson(geom, decimals: int = 5) -> dict:
    """A GeoJSON geometry with coordinates rounded to ``decimals`` (about 1 m at 5)."""
    return json.loads(shapely.to_geojson(shapely.set_precision(geom, 10**-decimals)))


@lru_cache(maxsize=256)
def snapshot_payload(snapshot: Snapshot, atlas: Atlas, names_mode: str = DEFAULT_NAMES) -> dict:
    """Everything a switch of snapshot changes on the map: title, per-unit styles and cards.

    A few kB, free of geometry except the parts of a divided island (about 10 kB) and the line
    dividing it; the browser maps features to units with ``feature_units``. Cached: snapshots
    are immutable, so each is turned into a payload once per process.
    """
    style = load_style(atlas.data_dir / "style.toml")
    lang = ui_language(names_mode)
    snapshot = history_text.snapshot_in(snapshot, lang, atlas)
    units = {}
    parts = []
    for unit in snapshot.units:
        units[unit.id] = {
            "group": unit.group,
            "administered_by": unit.administered_by,
            "administrator": administrator_of_the_time(unit, style, lang),
            **_unit_styles(unit, style),
            "card": card_lines(unit, snapshot, style, lang),
        }
        if unit.divided:
            areas = atlas.areas
            names = areas.loc[areas["group"] == unit.group, "id"].iloc[0]  # the group's names
            parts.append({"unit": unit.id, "names": names, "geometry": _geojson(unit.geometry)})
    legend_rows = stripes_legend(snapshot, style, lang)
    cut = None
    if snapshot.cut is not None:
        cut = {"label": snapshot.cut_label, "geometry": _geojson(snapshot.cut)}
        legend_rows.append(
            {"kind": "cut", "color": style.cut.color, "label": t("map.cut_legend", lang)}
        )
    line = style.line
    cut_style = style.cut
    return {
        "id": snapshot.id,
        "kind": snapshot.kind,
        "year": snapshot.year if snapshot.kind == HISTORICAL else None,
        "title": snapshot.label,
        "subtitle": snapshot.subtitle,
        "units": units,
        "feature_units": snapshot.feature_units(),
        "signatures": group_signatures(snapshot),
        "hidden": list(snapshot.divided_features(atlas.areas)),
        "parts": parts,
        "cut": cut,
        "cut_style": {
            "color": cut_style.color,
            "weight": cut_style.weight,
            "dashArray": cut_style.dash,
        },
        "legend": legend_rows,
        "lines": list(snapshot.lines),
        # A worldview's map says what its lines are (the lines file names the treaties').
        "line_label": snapshot.line_label if is_drawn(snapshot) else "",
        "admin_prefix": t("map.drawn_prefix" if is_drawn(snapshot) else "map.admin_prefix", lang),
        "line_style": {"color": line.color, "weight": line.weight, "dashArray": line.dash},
    }


def year_payload(year: int, atlas: Atlas) -> dict:
    """The payload of a configuration year (:func:`snapshot_payload` of its snapshot)."""
    return snapshot_payload(historical_snapshot(year, atlas), atlas)
