"""Presentation mode: the steps a teacher walks through and the short speaker notes of each.

A timeline lesson steps through the historical years; a compare lesson steps through the
scenarios (each against the baseline on the left). The notes are plain-text rows (label, text)
that the app renders large beside the map. Nothing here imports Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from geo.files.atlas import Atlas, Configuration
from geo.files.codes import DISPUTED_GROUPS
from geo.files.scenarios import Scenario
from geo.files.style import Style
from geo.i18n import place_name, plural, t, ui_language
from geo.model.compare import CUSTOM, land_figures
from geo.model.snapshot import Snapshot, diff
from geo.model.timeline import configurations, names_of
from geo.text import history_text, tables
from geo.text.wording import is_drawn, number, percent, state_label, state_names

KEY_WORDS_CHARS = 170
MAX_CHANGE_LINES = 2
INSTRUMENT_CHARS = 110


def lesson_steps(
    view: str, atlas: Atlas, scenarios: dict[str, Scenario], worldviews: dict | None = None
) -> list[str]:
    """The snapshot ids a presentation steps through: the years, or the scenarios, the
    worldviews (each side's own map today), then custom."""
    if view == "compare":
        return [*scenarios, *(worldviews or {}), CUSTOM]
    return [str(year) for year in configurations(atlas)]


def key_words(quote: str, limit: int = KEY_WORDS_CHARS) -> str:
    """The opening of a quote, cut at a sentence or word boundary, for a speaker's note."""
    text = " ".join(quote.split())
    if len(text) <= limit:
        return text
    # Sentences end at . ; : (then a space) or at a Japanese full stop 。 (no space after it).
    sentences = [x for x in re.split(r"(?<=[.;:])\s+|(?<=。)", text) if x]
    kept = ""
    for sentence in sentences:
        joined = kept + sentence if not kept or kept.endswith("。") else f"{kept} {sentence}"
        if len(joined) > limit:
            break
        kept = joined
    if not kept:
        kept = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return kept + " …"


@dataclass(frozen=True)
class Notes:
    """What the presenter's side panel shows for one step."""

    title: str
    subtitle: str
    rows: tuple[tuple[str, str], ...]


def _four(snapshot: Snapshot) -> Snapshot:
    """The snapshot restricted to the four disputed groups (what a class looks at first)."""
    return replace(snapshot, units=tuple(u for u in snapshot.units if u.group in DISPUTED_GROUPS))


def _changes(before: Snapshot, after: Snapshot, style: Style, atlas: Atlas, names_mode: str) -> str:
    """What changed for the four groups (at most a few lines), and how many other areas did."""
    others = len([c for c in diff(before, after) if c.group not in DISPUTED_GROUPS])
    lang = ui_language(names_mode)
    lines = tables.change_lines(_four(before), _four(after), style, atlas, names_mode=names_mode)
    shown = lines[:MAX_CHANGE_LINES]
    hidden = len(lines) - len(shown) + others
    if hidden:
        shown.append(t("lesson.more", lang, count=hidden, changes=plural("changes", hidden, lang)))
    return "\n".join(shown)


def _instrument(info: Configuration, lang: str) -> str:
    name = history_text.instrument_name(info, lang)[0]
    article = history_text.translate(info.key_article, lang)
    return key_words(", ".join(v for v in (name, article) if v), INSTRUMENT_CHARS)


def historical_notes(
    snapshot: Snapshot,
    previous: Snapshot | None,
    info: Configuration,
    style: Style,
    atlas: Atlas,
    names_mode: str,
) -> Notes:
    """A year's notes: the instrument and article, the key words of its quote, what changed."""
    lang = ui_language(names_mode)
    rows: list[tuple[str, str]] = []
    instrument = _instrument(info, lang)
    if instrument:
        rows.append((t("lesson.instrument", lang), instrument))
    if info.quote:
        # In the class's language where the data has the text (1956: the Japanese authentic
        # text; 1951: Japan's official text); the atlas's own translation and English say so.
        text, kind = history_text.quote_in(atlas, info, lang)
        marker = {"atlas": "lesson.quote_atlas", "quote": "lesson.quote_kept"}.get(kind)
        words = "“" + key_words(text) + "”" if lang != "ja" else "「" + key_words(text) + "」"
        if marker and lang != "en":
            words += ("" if lang == "ja" else " ") + t(marker, lang)
        rows.append((t("lesson.quote", lang), words))
    if previous is not None:
        rows.append(
            (
                t("lesson.changed", lang, year=previous.year),
                _changes(previous, snapshot, style, atlas, names_mode),
            )
        )
    title = history_text.translate(info.label, lang)
    return Notes(title=title, subtitle=history_text.date_text(info.date, lang), rows=tuple(rows))


def scenario_notes(
    snapshot: Snapshot,
    baseline: Snapshot,
    scenario: Scenario | None,
    style: Style,
    atlas: Atlas,
    names_mode: str,
) -> Notes:
    """A scenario's notes: who proposed it, the land each side would hold, what differs."""
    lang = ui_language(names_mode)
    rows: list[tuple[str, str]] = []
    if scenario is not None and scenario.proposer:
        when = f" ({history_text.date_text(scenario.date, lang)})" if scenario.date else ""
        rows.append(
            (t("lesson.proposer", lang), history_text.translate(scenario.proposer, lang) + when)
        )
    if is_drawn(snapshot):  # a country's own map: say whose drawing it is, not a proposal
        rows.append((t("history.worldview_tag", lang), t("history.worldview_note", lang)))
    land = land_figures(snapshot, atlas)
    holdings = [
        f"{state_label(code, style, lang)}: {number(row.km2, 0, lang)} km² "
        f"({percent(row.pct / 100, lang)})"
        for code, row in land.iterrows()
        if row.km2 > 0
    ]
    rows.append((t("lesson.land", lang), "\n".join(holdings)))
    rows.append(
        (
            t("lesson.differs", lang, baseline=history_text.translate(baseline.label, lang)),
            _changes(baseline, snapshot, style, atlas, names_mode),
        )
    )
    # The subtitle of a scenario names its proposer, already in the rows.
    return Notes(title=history_text.translate(snapshot.label, lang), subtitle="", rows=tuple(rows))


def map_summary(snapshot: Snapshot, style: Style, atlas: Atlas, names_mode: str) -> str:
    """The map in one sentence (its text alternative): who administers each of the four
    disputed groups, who else claims it and what transfer was promised."""
    lang = ui_language(names_mode)
    comma, semicolon, stop = ("、", "；", "。") if lang == "ja" else (", ", "; ", ".")
    names = names_of(atlas, "group")
    parts = []
    for group in DISPUTED_GROUPS:
        for unit in snapshot.units_of(group):
            place = place_name(names.loc[group], names_mode)
            # English names the administrator as the data does ("USSR"); ja / ru by state.
            state = (
                history_text.state_name(unit.administering_state, lang)
                if unit.administering_state
                else state_label(unit.administered_by, style, lang)
            )
            text = t("lesson.summary_admin", lang, place=place, state=state)
            if unit.divided:
                text += f" ({t('lesson.summary_part', lang, share=percent(unit.share, lang))})"
            extra = []
            if unit.contested:
                states = state_names(unit.claimed_not_administered, style, lang)
                extra.append(t("lesson.summary_claim", lang, states=states))
            if unit.transfer_promised:
                state = state_label(unit.transfer_promised_to, style, lang)
                extra.append(t("lesson.summary_transfer", lang, state=state))
            if extra:
                text += comma + comma.join(extra)
            parts.append(text)
    label = history_text.translate(snapshot.label, lang)
    return f"{label}: " + semicolon.join(parts) + stop
