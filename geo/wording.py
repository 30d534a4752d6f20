"""Wording shared by every view of a snapshot (map cards, tables, handouts): state names and
claims. English state names come from the style (data/style.toml, editable by a teacher);
Japanese and Russian from the message catalogue. No Streamlit, no HTML: plain text only."""

from __future__ import annotations

from geo.i18n import t
from geo.snapshot import claimed_not_administered


def state_label(code: str, style: dict, lang: str = "en", short: bool = True) -> str:
    """One state's name: short ("Russia") or as in the legend ("Russia (Empire, USSR, ...)")."""
    if lang == "en":
        return style["state"][code]["short" if short else "label"]
    return t(f"{'state_short' if short else 'state'}.{code}", lang)


def state_names(codes, style: dict, lang: str = "en") -> str:
    """The short names of some state codes, e.g. "Russia, Japan"; "—" for none."""
    return ", ".join(state_label(c, style, lang) for c in codes) or "—"


def claim_text(administered_by: str, claimed_by, style: dict) -> str:
    """Who claims an area, marking claimants that do not administer it."""
    elsewhere = claimed_not_administered(administered_by, claimed_by)
    parts = [
        style["state"][c]["short"] + (" (not administering)" if c in elsewhere else "")
        for c in claimed_by
    ]
    return ", ".join(parts) or "—"


def percent(share: float) -> str:
    """A share in [0, 1] as a percentage with one decimal, e.g. "21.2 %"."""
    return f"{100 * share:.1f} %"
