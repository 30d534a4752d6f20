"""Wording shared by every view of a snapshot (map cards, tables, handouts): state names and
claims, from the style's state labels. No Streamlit, no HTML: plain text only."""

from __future__ import annotations

from geo.snapshot import claimed_not_administered


def state_names(codes, style: dict) -> str:
    """The short names of some state codes, e.g. "Russia, Japan"; "—" for none."""
    return ", ".join(style["state"][c]["short"] for c in codes) or "—"


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
