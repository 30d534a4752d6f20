"""Text and tables the app shows beside the map, built from the data. No Streamlit here.

Everything that comes from data files is escaped for Markdown, so a stray '*', '[' or '<' in a
note is shown as typed, never interpreted (and Streamlit never gets raw HTML from us).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

import pandas as pd

from geo.areas import group_area_km2
from geo.errors import UnknownIdError
from geo.loading import Atlas
from geo.timeline import (
    changes_since_previous,
    claimed_not_administered,
    configuration_info,
    configurations,
    default_atlas,
    load_areas,
    names_of,
)

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


def status_source_ids(year: int, atlas: Atlas | None = None) -> list[str]:
    """Every source id cited by the status rows of ``year``, in first-cited order."""
    atlas = atlas or default_atlas()
    rows = atlas.status[atlas.status["year"] == year]
    return list(dict.fromkeys(s for sources in rows["sources"] for s in sources))


def state_names(codes, style: dict) -> str:
    return ", ".join(style["state"][c]["short"] for c in codes) or "—"


def claim_text(administered_by: str, claimed_by, style: dict) -> str:
    """Who claims an area, marking claimants that do not administer it."""
    elsewhere = claimed_not_administered(administered_by, claimed_by)
    parts = [
        style["state"][c]["short"] + (" (not administering)" if c in elsewhere else "")
        for c in claimed_by
    ]
    return ", ".join(parts) or "—"


def japanese_name(name) -> str:
    """The Japanese name of a place with its romanisation, e.g. "国後島 (Kunashiri-tō)"."""
    return f"{name['name_ja']} ({name['name_ja_latn']})"


def russian_name(name) -> str:
    """The Russian name of a place with its romanisation."""
    return f"{name['name_ru']} ({name['name_ru_latn']})"


def local_names(name) -> str:
    """Both local names of a place, Japanese and Russian, each with its romanisation."""
    return f"{japanese_name(name)} / {russian_name(name)}"


def status_table(year: int, style: dict, atlas: Atlas | None = None) -> pd.DataFrame:
    """Every area group's status in ``year``: the accessible twin of the map.

    Few, plain-text columns (no HTML), one row per group in map order; the note, basis,
    transfer condition and sources of an area are in :func:`area_detail`.
    """
    atlas = atlas or default_atlas()
    configuration_info(year, atlas)  # a clear UnknownIdError for an unknown year
    status = atlas.status[atlas.status["year"] == year].set_index("group").loc[list(atlas.groups)]
    status = status.reset_index()
    groups = names_of(atlas, "group")
    areas = _group_areas(atlas)
    rows = []
    for row in status.itertuples():
        name = groups.loc[row.group]
        rows.append(
            {
                "Area": name["name_en"],
                "Local names (Japanese / Russian)": local_names(name),
                "Administered by": row.administering_state,
                "Claimed by": claim_text(row.administered_by, row.claimed_by, style),
                "km²": round(float(areas[row.group]), 1),
            }
        )
    return pd.DataFrame(rows)


def area_detail(group: str, year: int, style: dict, atlas: Atlas | None = None) -> dict:
    """Everything about one area in one configuration, as plain-text fields and source ids.

    Returns ``{"title", "fields": [(label, text), ...], "sources": (ids...)}``; empty fields
    are left out.
    """
    atlas = atlas or default_atlas()
    configuration_info(year, atlas)
    rows = atlas.status[(atlas.status["year"] == year) & (atlas.status["group"] == group)]
    if rows.empty:
        raise UnknownIdError("area", group, list(atlas.groups))
    row = next(rows.itertuples())
    name = names_of(atlas, "group").loc[group]
    transfer = ""
    if row.transfer_promised_to:
        transfer = style["state"][row.transfer_promised_to]["short"]
        if row.transfer_condition:
            transfer += f", {row.transfer_condition}"
    fields = [
        ("日本語", japanese_name(name)),
        ("Русский", russian_name(name)),
        ("Administered by", row.administering_state),
        ("Claimed by", claim_text(row.administered_by, row.claimed_by, style)),
        ("Transfer promised to", transfer),
        ("Date", row.event_date),
        ("Basis", ", ".join(v for v in (row.basis_instrument, row.basis_article) if v)),
        ("Why no instrument" if not row.basis_instrument else "On the basis", row.basis_note),
        ("Note", row.note),
        ("Land area", f"{float(_group_areas(atlas)[group]):,.1f} km² (from the atlas geometry)"),
    ]
    return {
        "title": f"{name['name_en']} in {year}",
        "fields": [(label, text) for label, text in fields if text],
        "sources": tuple(row.sources),
    }


@lru_cache(maxsize=4)
def _group_areas(atlas: Atlas) -> pd.Series:
    """km² per group, computed once per atlas (the geometry never changes while it runs)."""
    return group_area_km2(load_areas(atlas))


def undrawn_islets(atlas: Atlas | None = None) -> list[str]:
    """Named islets that the source geometry does not contain (listed, never drawn)."""
    atlas = atlas or default_atlas()
    undrawn = names_of(atlas, "undrawn")
    return [f"{r.name_en} — {local_names(r._asdict())}" for r in undrawn.itertuples()]


def change_lines(year: int, style: dict, atlas: Atlas | None = None) -> list[str]:
    """Plain-text lines saying which areas changed status since the previous configuration."""
    atlas = atlas or default_atlas()
    years = configurations(atlas)
    index = years.index(year) if year in years else 0
    names = names_of(atlas, "group")
    lines = []
    for change in changes_since_previous(year, atlas):
        before, after = change["before"], change["after"]
        parts = []
        if before["administering_state"] != after["administering_state"]:
            parts.append(
                f"administered by {before['administering_state']} → {after['administering_state']}"
            )
        if before["claimed_by"] != after["claimed_by"]:
            parts.append(
                f"claimed by {state_names(before['claimed_by'], style)} → "
                f"{state_names(after['claimed_by'], style)}"
            )
        if before["transfer_promised_to"] != after["transfer_promised_to"]:
            promised = after["transfer_promised_to"]
            parts.append(
                f"transfer promised to {style['state'][promised]['short']}"
                if promised
                else "no transfer promised any more"
            )
        if parts:
            lines.append(f"{names.loc[change['group'], 'name_en']}: " + "; ".join(parts))
    if index and not lines:
        lines.append(f"No area changed status since {years[index - 1]}.")
    return lines
