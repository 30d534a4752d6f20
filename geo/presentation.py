"""Text and tables the app shows beside the map, built from the data. No Streamlit here.

Everything that comes from data files is escaped for Markdown, so a stray '*', '[' or '<' in a
note is shown as typed, never interpreted (and Streamlit never gets raw HTML from us).
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pandas as pd

from geo.compare import unit_km2
from geo.errors import UnknownIdError
from geo.loading import Atlas
from geo.snapshot import HISTORICAL, Snapshot, Unit, diff
from geo.timeline import default_atlas, names_of
from geo.wording import claim_text, percent, state_names

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Escape every Markdown (and HTML-looking) character so ``text`` renders literally."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def safe_link(title: str, url: str) -> str:
    """A Markdown link with an escaped title; the URL (http/https, checked on load) is
    percent-encoded so it cannot break out of the link syntax."""
    if not url:
        return md_escape(title)
    return f"[{md_escape(title)}]({quote(url, safe=':/?#=&%~+@,;')})"


def source_lines(source_ids, atlas: Atlas | None = None) -> list[str]:
    """One Markdown line per source: linked title, author / publisher, date."""
    atlas = atlas or default_atlas()
    lines = []
    for source_id in dict.fromkeys(source_ids):
        row = atlas.sources.loc[source_id]
        details = [row.get(k, "") for k in ("author", "publisher", "date")]
        detail = ", ".join(md_escape(d) for d in details if d)
        link = safe_link(row["title"], row["url"])
        lines.append(link + (f" — {detail}" if detail else ""))
    return lines


def japanese_name(name) -> str:
    """The Japanese name of a place with its romanisation, e.g. "国後島 (Kunashiri-tō)"."""
    return f"{name['name_ja']} ({name['name_ja_latn']})"


def russian_name(name) -> str:
    """The Russian name of a place with its romanisation."""
    return f"{name['name_ru']} ({name['name_ru_latn']})"


def local_names(name) -> str:
    """Both local names of a place, Japanese and Russian, each with its romanisation."""
    return f"{japanese_name(name)} / {russian_name(name)}"


def unit_title(unit: Unit, names: pd.DataFrame, style: dict, atlas: Atlas) -> str:
    """An area's English name; a unit smaller than its group says which part it is."""
    title = names.loc[unit.group, "name_en"]
    if unit.divided:
        return f"{title} ({style['state'][unit.administered_by]['short']}'s part)"
    whole = atlas.areas.loc[atlas.areas["group"] == unit.group, "id"]
    if unit.id != unit.group and set(unit.features) != set(whole):
        feature_names = names_of(atlas, "feature")
        listed = ", ".join(feature_names.loc[f, "name_en"] for f in unit.features)
        return f"{title}: {listed}"
    return title


def status_table(snapshot: Snapshot, style: dict, atlas: Atlas | None = None) -> pd.DataFrame:
    """Every area's status in ``snapshot``: the accessible twin of the map.

    Few, plain-text columns (no HTML), one row per unit in map order (one per group unless a
    scenario divides a group); the note, basis, transfer condition and sources of an area are
    in :func:`area_detail`.
    """
    atlas = atlas or default_atlas()
    groups = names_of(atlas, "group")
    km2 = unit_km2(snapshot, atlas)
    rows = []
    for unit in snapshot.units:
        name = groups.loc[unit.group]
        rows.append(
            {
                "Area": unit_title(unit, groups, style, atlas),
                "Local names (Japanese / Russian)": local_names(name),
                "Administered by": unit.administering_state,
                "Claimed by": claim_text(unit.administered_by, unit.claimed_by, style),
                "km²": round(km2[unit.id], 1),
            }
        )
    return pd.DataFrame(rows)


def area_detail(group: str, snapshot: Snapshot, style: dict, atlas: Atlas | None = None) -> dict:
    """Everything about one area in one snapshot, as plain-text fields and source ids.

    Returns ``{"title", "fields": [(label, text), ...], "sources": (ids...)}``; empty fields
    are left out. A group the snapshot divides lists each part's status in turn.
    """
    atlas = atlas or default_atlas()
    units = snapshot.units_of(group)
    if not units:
        raise UnknownIdError("area", group, list(snapshot.groups))
    names = names_of(atlas, "group")
    name = names.loc[group]
    km2 = unit_km2(snapshot, atlas)
    fields = [("日本語", japanese_name(name)), ("Русский", russian_name(name))]
    for unit in units:
        prefix = f"{unit_title(unit, names, style, atlas)}: " if len(units) > 1 else ""
        why = "On the basis" if unit.basis_instrument else "Why no instrument"
        transfer = ""
        if unit.transfer_promised:
            transfer = style["state"][unit.transfer_promised_to]["short"]
            if unit.transfer_condition:
                transfer += f", {unit.transfer_condition}"
        fields += [
            (f"{prefix}Administered by", unit.administering_state),
            (f"{prefix}Claimed by", claim_text(unit.administered_by, unit.claimed_by, style)),
            (f"{prefix}Transfer promised to", transfer),
            (f"{prefix}Date", unit.event_date),
            (
                f"{prefix}Basis",
                ", ".join(v for v in (unit.basis_instrument, unit.basis_article) if v),
            ),
            (f"{prefix}{why}", unit.basis_note),
            (f"{prefix}Note", unit.note),
            (f"{prefix}Land area", f"{km2[unit.id]:,.1f} km² (from the atlas geometry)"),
        ]
    return {
        "title": (
            f"{name['name_en']} in {snapshot.year}"
            if snapshot.kind == HISTORICAL
            else f"{name['name_en']} under “{snapshot.label}”"
        ),
        "fields": [(label, text) for label, text in fields if text],
        "sources": tuple(dict.fromkeys(s for u in units for s in u.sources)),
    }


def undrawn_islets(atlas: Atlas | None = None) -> list[str]:
    """Named islets that the source geometry does not contain (listed, never drawn)."""
    atlas = atlas or default_atlas()
    undrawn = names_of(atlas, "undrawn")
    return [f"{r.name_en} — {local_names(r._asdict())}" for r in undrawn.itertuples()]


def change_lines(
    before: Snapshot | None, after: Snapshot, style: dict, atlas: Atlas | None = None
) -> list[str]:
    """Plain-text lines saying which areas differ from ``before`` to ``after``.

    Computed from the two snapshots (:func:`geo.snapshot.diff`), for two years or any pair
    of snapshots; empty when ``before`` is None (the first configuration).
    """
    atlas = atlas or default_atlas()
    if before is None:
        return []
    names = names_of(atlas, "group")
    lines = []
    for change in diff(before, after):
        parts = []

        def said(units, field):
            return " / ".join(dict.fromkeys(str(getattr(u, field)) for u in units))

        if "administering_state" in change.fields or "administered_by" in change.fields:
            parts.append(
                f"administered by {said(change.before, 'administering_state')} → "
                f"{said(change.after, 'administering_state')}"
            )
        if "claimed_by" in change.fields:
            old = " / ".join(dict.fromkeys(state_names(u.claimed_by, style) for u in change.before))
            new = " / ".join(dict.fromkeys(state_names(u.claimed_by, style) for u in change.after))
            parts.append(f"claimed by {old} → {new}")
        if "transfer_promised_to" in change.fields:
            promised = [u.transfer_promised_to for u in change.after if u.transfer_promised_to]
            parts.append(
                f"transfer promised to {style['state'][promised[0]]['short']}"
                if promised
                else "no transfer promised any more"
            )
        if "division" in change.fields:
            divided = [u for u in change.after if u.divided]
            parts.append(
                "divided: "
                + ", ".join(
                    f"{style['state'][u.administered_by]['short']} {percent(u.share)}"
                    for u in divided
                )
                if divided
                else "no longer divided"
            )
        if parts:
            lines.append(f"{names.loc[change.group, 'name_en']}: " + "; ".join(parts))
    if not lines:
        lines.append(f"No area differs between {before.label} and {after.label}.")
    return lines


# --------------------------------------------------------------------------- compare view


def snapshot_option(snapshot_id: str, atlas: Atlas, scenarios: dict) -> str:
    """How a snapshot id reads in a chooser: the year's label, "Scenario: ...", "Custom"."""
    if snapshot_id in scenarios:
        return f"Scenario: {scenarios[snapshot_id].label}"
    if snapshot_id.isdigit() and int(snapshot_id) in atlas.configurations:
        return atlas.configurations[int(snapshot_id)].label
    return "Custom division (set it below the maps)"


def _km2_pct(km2: float, pct: float, decimals: int = 1) -> str:
    return f"{km2:,.{decimals}f} km² ({pct:.1f} %)"


def _signed(value: float, unit: str, decimals: int = 1) -> str:
    if abs(value) < 0.5 * 10**-decimals:
        return "no change"
    return f"{value:+,.{decimals}f} {unit}".rstrip()


def comparison_table(
    left: Snapshot,
    right: Snapshot,
    style: dict,
    land: tuple[pd.DataFrame, pd.DataFrame],
    sea: tuple | None = None,
) -> pd.DataFrame:
    """The two snapshots' figures side by side, as plain text rows.

    Parameters
    ----------
    left, right : Snapshot.
    style : the map style (state names).
    land : the two :func:`geo.compare.land_figures` frames (left, right).
    sea : the two :func:`geo.compare.sea_figures` partitions, or None to leave the sea out.

    Returns
    -------
    DataFrame with columns ``Measure``, ``Left map``, ``Right map``, ``Difference``; only the
    states that hold land on either map get rows.
    """
    states = style["state"]
    a, b = land
    held = [c for c in a.index if a.loc[c, "km2"] > 0 or b.loc[c, "km2"] > 0]
    rows = []
    for code in held:
        name = states[code]["short"]
        rows.append(
            (
                f"Land administered by {name} (atlas geometry, % of the four groups)",
                _km2_pct(a.loc[code, "km2"], a.loc[code, "pct"]),
                _km2_pct(b.loc[code, "km2"], b.loc[code, "pct"]),
                _signed(b.loc[code, "pct"] - a.loc[code, "pct"], "percentage points"),
            )
        )
        if a.loc[code, "contested_km2"] > 0 or b.loc[code, "contested_km2"] > 0:
            rows.append(
                (
                    f"… of which another state claims too ({name} administering)",
                    f"{a.loc[code, 'contested_km2']:,.1f} km²",
                    f"{b.loc[code, 'contested_km2']:,.1f} km²",
                    _signed(b.loc[code, "contested_km2"] - a.loc[code, "contested_km2"], "km²"),
                )
            )
        rows.append(
            (
                f"Published area (MOFA / GSI) administered by {name}",
                f"{a.loc[code, 'official_km2']:,.0f} km²",
                f"{b.loc[code, 'official_km2']:,.0f} km²",
                _signed(b.loc[code, "official_km2"] - a.loc[code, "official_km2"], "km²", 0),
            )
        )
        rows.append(
            (
                f"Drawn islands and islet groups with land administered by {name}",
                f"{int(a.loc[code, 'islands'])}",
                f"{int(b.loc[code, 'islands'])}",
                _signed(float(b.loc[code, "islands"] - a.loc[code, "islands"]), "", 0),
            )
        )
    if sea is not None:
        parts = [s.parts.set_index("side") for s in sea]
        for code in parts[0].index:
            if parts[0].loc[code, "km2"] <= 0 and parts[1].loc[code, "km2"] <= 0:
                continue
            rows.append(
                (
                    f"Sea nearer land administered by {states[code]['short']} "
                    "(illustration, not a legal boundary)",
                    _km2_pct(parts[0].loc[code, "km2"], parts[0].loc[code, "pct"], 0),
                    _km2_pct(parts[1].loc[code, "km2"], parts[1].loc[code, "pct"], 0),
                    _signed(parts[1].loc[code, "km2"] - parts[0].loc[code, "km2"], "km²", 0),
                )
            )
    return pd.DataFrame(rows, columns=["Measure", "Left map", "Right map", "Difference"])


def hand_change_lines(changes, style: dict, atlas: Atlas | None = None) -> list[str]:
    """One plain-text line per group whose land changes hands, with its 1945 residents."""
    atlas = atlas or default_atlas()
    names = names_of(atlas, "group")
    states = style["state"]
    lines = []
    for change in changes:
        moves = "; ".join(
            f"{states[old]['short']} → {states[new]['short']}, {km2:,.1f} km²"
            for old, new, km2 in change.moves
        )
        if change.residents is not None:
            people = f"{change.residents:,} Japanese residents on 15 August 1945"
            if change.residents_note:
                people += f" ({change.residents_note})"
        else:
            people = f"1945 residents: no figure for this land ({change.residents_note})"
        lines.append(f"{names.loc[change.group, 'name_en']}: {moves}. {people}.")
    return lines


def sea_move_lines(moves: pd.DataFrame, style: dict) -> list[str]:
    """Plain-text lines for the sea that changes side between two maps (illustration)."""
    states = style["state"]
    return [
        f"{km2:,.0f} km² of sea would lie nearer land administered by "
        f"{states[new]['short']} instead of {states[old]['short']}"
        for old, new, km2 in zip(moves["from"], moves["to"], moves["km2"])
    ]


SEA_CAVEAT = (
    "Sea figures are an illustration, not a legal delimitation: the sea within 200 nautical "
    "miles of the four groups, each point given to the side whose land (on this atlas's "
    "simplified coastline, Hokkaido and the other islands included) is nearest. Real maritime "
    "boundaries are agreed between states and weigh much more than distance."
)


def totals_note(land: pd.DataFrame, official: dict) -> str:
    """The four groups' total from the atlas geometry beside the published figures."""
    published = sum(a.area_km2 for a in official.values())
    listed = " + ".join(f"{a.area_km2:,.0f}" for a in official.values())
    return (
        f"The four groups measure {land['km2'].sum():,.1f} km² on the atlas geometry "
        f"(EPSG:6933); the published areas (MOFA, from GSI's survey) add up to {listed} = "
        f"{published:,.0f} km² (a divided island's published area is shared in proportion "
        "to the atlas's division)."
    )


def split_lines(snapshot: Snapshot, scenario) -> list[str]:
    """For a snapshot that divides an island: the share each side gets, beside any share
    quoted at the time of the proposal (``scenario.quoted_shares``)."""
    parts = [u for u in snapshot.units if u.divided]
    if not parts:
        return []
    group = parts[0].group
    shares = ", ".join(f"{u.administering_state} {percent(u.share)}" for u in parts)
    lines = [
        f"{snapshot.label}: the dividing line gives {shares} of {group.title()}'s land area "
        "(atlas geometry, EPSG:6933; a straight cut across the island's long axis, placed by "
        "this atlas)."
    ]
    for quoted in getattr(scenario, "quoted_shares", ()):
        lines.append(
            f"Quoted at the time: {percent(quoted.share)} of {quoted.group.title()}, "
            f"{quoted.said_by}, {quoted.date}."
        )
    return lines
