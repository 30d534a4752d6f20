"""Wording shared by every view of a snapshot (map cards, tables, handouts): state names and
claims. English state names come from the style (data/style.toml, editable by a teacher);
Japanese and Russian from the message catalogue. No Streamlit, no HTML: plain text only."""

from __future__ import annotations

from geo.files.style import Style
from geo.i18n import t
from geo.model.snapshot import WORLDVIEW, Snapshot, claimed_not_administered

# A worldview's map (geo.model.worldviews) draws areas; it does not administer them. The views word
# its units with these keys instead of the administration ones.
DRAWN_KEYS = {
    "card.administered": "card.drawn",
    "table.administered_by": "table.drawn_as",
    "table.claimed_by": "table.claim_marked",
    "detail.administered_by": "detail.drawn_as",
    "detail.claimed_by": "detail.claim_marked",
    "detail.title_scenario": "detail.title_worldview",
    "map.legend_hatch": "map.legend_marked",
    "change.administered": "change.shown",
    "change.claimed": "change.claims_shown",
    "compare.land": "compare.land_map",
    "compare.contested": "compare.contested_map",
    "compare.official": "compare.official_map",
    "compare.islands": "compare.islands_map",
    "compare.sea": "compare.sea_map",
    "history.changes_hands": "history.changes_drawn",
}


def is_drawn(*snapshots: Snapshot) -> bool:
    """Whether any of ``snapshots`` is a worldview's map (its units are drawn, not held)."""
    return any(s.kind == WORLDVIEW for s in snapshots)


def key_for(key: str, *snapshots: Snapshot) -> str:
    """The message key that words ``key`` for these snapshots ("drawn as" for a worldview)."""
    return DRAWN_KEYS.get(key, key) if is_drawn(*snapshots) else key


def marked_claims(administered_by: str, claimed_by, style: Style, lang: str = "en") -> str:
    """The claims a worldview's map marks on an area (claimants other than its drawing)."""
    return state_names(claimed_not_administered(administered_by, claimed_by), style, lang)


def state_label(code: str, style: Style, lang: str = "en", short: bool = True) -> str:
    """One state's name: short ("Russia") or as in the legend ("Russia (Empire, USSR, ...)")."""
    if lang == "en":
        entry = style.state[code]
        return entry.short if short else entry.label
    return t(f"{'state_short' if short else 'state'}.{code}", lang)


def list_separator(lang: str = "en") -> str:
    """Between the items of a short list: ", " ("、" in Japanese)."""
    return "、" if lang == "ja" else ", "


def state_names(codes, style: Style, lang: str = "en", names: dict[str, str] | None = None) -> str:
    """The short names of some state codes, e.g. "Russia, Japan"; "—" for none. ``names``: a
    code's name at the time (USSR in 1956), where the snapshot gives one."""
    names = names or {}
    return (
        list_separator(lang).join(names.get(c) or state_label(c, style, lang) for c in codes) or "—"
    )


def claim_text(
    administered_by: str,
    claimed_by,
    style: Style,
    lang: str = "en",
    names: dict[str, str] | None = None,
) -> str:
    """Who claims an area, marking claimants that do not administer it. ``names``: a state
    code's name at the time (USSR in 1956), where the snapshot gives one."""
    elsewhere = claimed_not_administered(administered_by, claimed_by)

    def name(code: str) -> str:
        return (names or {}).get(code) or state_label(code, style, lang)

    parts = [
        t("table.not_administering", lang, state=name(c)) if c in elsewhere else name(c)
        for c in claimed_by
    ]
    return list_separator(lang).join(parts) or "—"


def number(value: float, decimals: int = 1, lang: str = "en", signed: bool = False) -> str:
    """A number with thousands grouped, e.g. "3,166.6"; in Russian "3 166,6" (no-break space
    groups, decimal comma), so that "3,167" is never read there as three and a bit."""
    text = f"{value:{'+' if signed else ''},.{decimals}f}"
    if lang == "ru":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def percent(share: float, lang: str = "en") -> str:
    """A share in [0, 1] as a percentage with one decimal, e.g. "21.2 %" ("21,2 %" in Russian)."""
    return f"{number(100 * share, 1, lang)} %"
