"""The compare view's words and tables: the two snapshots' land and sea side by side, what
changes hands, the residents of 1945 on the land that would change, and the split lines of a
divided Etorofu. Names and fixed words follow ``names_mode`` as in :mod:`geo.text.tables`."""

from __future__ import annotations

import pandas as pd

from geo.files.atlas import Atlas
from geo.files.codes import DRAWN_CODES
from geo.files.style import Style, load_style
from geo.i18n import DEFAULT_NAMES, plural, t, ui_language
from geo.model.snapshot import Snapshot
from geo.model.timeline import names_of
from geo.text import history_text
from geo.text.tables import area_name, state_as_named
from geo.text.wording import (
    key_for,
    list_separator,
    number,
    percent,
    state_label,
)


def snapshot_option(
    snapshot_id: str, atlas: Atlas, scenarios: dict, *, names_mode: str = DEFAULT_NAMES
) -> str:
    """How a snapshot id reads in a chooser: the year's label, "Scenario: ...", "Custom"."""
    lang = ui_language(names_mode)
    if snapshot_id in scenarios:
        label = history_text.translate(scenarios[snapshot_id].label, lang)
        return t("compare.scenario", lang, label=label)
    if snapshot_id.isdigit() and int(snapshot_id) in atlas.configurations:
        return history_text.translate(atlas.configurations[int(snapshot_id)].label, lang)
    return t("compare.custom", lang)


def _km2_pct(km2: float, pct: float, decimals: int = 1, lang: str = "en") -> str:
    return f"{_km2(km2, decimals, lang)} ({number(pct, 1, lang)} %)"


def _km2(km2: float, decimals: int = 1, lang: str = "en") -> str:
    return f"{number(km2, decimals, lang)} {t('table.km2', lang)}"


def _signed(value: float, unit: str, decimals: int = 1, lang: str = "en") -> str:
    if abs(value) < 0.5 * 10**-decimals:
        return t("compare.no_change", lang)
    return f"{number(value, decimals, lang, signed=True)} {unit}".rstrip()


def comparison_table(
    left: Snapshot,
    right: Snapshot,
    style: Style,
    land: tuple[pd.DataFrame, pd.DataFrame],
    sea: tuple | None = None,
    *,
    names_mode: str = DEFAULT_NAMES,
) -> pd.DataFrame:
    """The two snapshots' figures side by side, as plain text rows.

    Parameters
    ----------
    left, right : Snapshot.
    style : the map style (state names).
    land : the two :func:`geo.model.compare.land_figures` frames (left, right).
    sea : the two :func:`geo.model.compare.sea_figures` partitions, or None to leave the sea out.
    names_mode : keyword; the interface language of the headers, measures and figures.

    Returns
    -------
    DataFrame with columns ``Measure``, ``Left map``, ``Right map``, ``Difference`` (in the
    interface language); only the states that hold land on either map get rows.
    """
    lang = ui_language(names_mode)
    km2_unit = t("table.km2", lang)
    a, b = land
    held = [c for c in a.index if c != "NONE" and (a.loc[c, "km2"] > 0 or b.loc[c, "km2"] > 0)]
    rows = []
    for code in held:
        name = t(f"state_by.{code}", lang)  # JOINT: "Japan and Russia jointly"
        rows.append(
            (
                t(key_for("compare.land", left, right), lang, state=name),
                _km2_pct(a.loc[code, "km2"], a.loc[code, "pct"], lang=lang),
                _km2_pct(b.loc[code, "km2"], b.loc[code, "pct"], lang=lang),
                _signed(
                    b.loc[code, "pct"] - a.loc[code, "pct"],
                    t("compare.points", lang),
                    lang=lang,
                ),
            )
        )
        if a.loc[code, "contested_km2"] > 0 or b.loc[code, "contested_km2"] > 0:
            rows.append(
                (
                    t(key_for("compare.contested", left, right), lang, state=name),
                    _km2(a.loc[code, "contested_km2"], lang=lang),
                    _km2(b.loc[code, "contested_km2"], lang=lang),
                    _signed(
                        b.loc[code, "contested_km2"] - a.loc[code, "contested_km2"],
                        km2_unit,
                        lang=lang,
                    ),
                )
            )
        rows.append(
            (
                t(key_for("compare.official", left, right), lang, state=name),
                _km2(a.loc[code, "official_km2"], 0, lang),
                _km2(b.loc[code, "official_km2"], 0, lang),
                _signed(
                    b.loc[code, "official_km2"] - a.loc[code, "official_km2"], km2_unit, 0, lang
                ),
            )
        )
        rows.append(
            (
                t(key_for("compare.islands", left, right), lang, state=name),
                f"{int(a.loc[code, 'islands'])}",
                f"{int(b.loc[code, 'islands'])}",
                _signed(float(b.loc[code, "islands"] - a.loc[code, "islands"]), "", 0, lang),
            )
        )
    if sea is not None:
        parts = [s.parts.set_index("side") for s in sea]
        for code in parts[0].index:
            # no row for land no state holds, or that a country's map leaves undetermined
            if code in ("NONE", *DRAWN_CODES) or (
                parts[0].loc[code, "km2"] <= 0 and parts[1].loc[code, "km2"] <= 0
            ):
                continue
            rows.append(
                (
                    t(key_for("compare.sea", left, right), lang, state=t(f"state_by.{code}", lang)),
                    _km2_pct(parts[0].loc[code, "km2"], parts[0].loc[code, "pct"], 0, lang),
                    _km2_pct(parts[1].loc[code, "km2"], parts[1].loc[code, "pct"], 0, lang),
                    _signed(
                        parts[1].loc[code, "km2"] - parts[0].loc[code, "km2"], km2_unit, 0, lang
                    ),
                )
            )
    columns = [t(f"compare.{k}", lang) for k in ("measure", "left", "right", "difference")]
    return pd.DataFrame(rows, columns=columns)


def hand_change_lines(
    changes, style: Style, atlas: Atlas, *, names_mode: str = DEFAULT_NAMES
) -> list[str]:
    """One plain-text line per group whose land changes hands, with its 1945 residents."""
    lang = ui_language(names_mode)
    names = names_of(atlas, "group")
    lines = []
    for change in changes:
        moves = t("change.separator", lang).join(
            t(
                "compare.move",
                lang,
                old=state_label(old, style, lang),
                new=state_label(new, style, lang),
                km2=number(km2, 1, lang),
            )
            for old, new, km2 in change.moves
        )
        if change.residents is not None:
            people = t(
                "compare.residents",
                lang,
                count=number(change.residents, 0, lang),
                residents=plural("residents", change.residents, lang),
            )
            if change.residents_note:
                people += f" ({_residents_why(change, atlas, names_mode)})"
        else:
            people = (
                t("compare.residents_unknown", lang)
                + f" ({_residents_why(change, atlas, names_mode)})"
            )
        lines.append(
            t(
                "compare.hand_line",
                lang,
                area=area_name(names.loc[change.group], names_mode),
                moves=moves,
                people=people,
            )
        )
    return lines


def sea_move_lines(
    moves: pd.DataFrame, style: Style, *, names_mode: str = DEFAULT_NAMES, drawn: bool = False
) -> list[str]:
    """Plain-text lines for the sea that changes side between two maps (illustration).
    ``drawn``: a country's map is one of the two (its land is drawn, not held)."""
    lang = ui_language(names_mode)
    return [
        t(
            "compare.sea_move_map" if drawn else "compare.sea_move",
            lang,
            km2=number(km2, 0, lang),
            new=state_label(new, style, lang),
            old=state_label(old, style, lang),
        )
        for old, new, km2 in zip(moves["from"], moves["to"], moves["km2"])
    ]


SEA_CAVEAT = (
    "Sea figures are an illustration, not a legal delimitation: the sea within 200 nautical "
    "miles of the four groups, each point given to the side whose land (on this atlas's "
    "simplified coastline, Hokkaido and the other islands included) is nearest. Real maritime "
    "boundaries are agreed between states and weigh much more than distance."
)


def sea_caveat(names_mode: str = DEFAULT_NAMES) -> str:
    """:data:`SEA_CAVEAT` in the interface language of ``names_mode``."""
    return t("compare.sea_caveat", ui_language(names_mode))


def totals_note(land: pd.DataFrame, official: dict, *, names_mode: str = DEFAULT_NAMES) -> str:
    """The four groups' total from the atlas geometry beside the published figures."""
    lang = ui_language(names_mode)
    published = sum(a.area_km2 for a in official.values())
    listed = " + ".join(number(a.area_km2, 0, lang) for a in official.values())
    return t(
        "compare.totals",
        lang,
        total=number(land["km2"].sum(), 1, lang),
        listed=listed,
        published=number(published, 0, lang),
    )


def _residents_why(change, atlas: Atlas, names_mode: str) -> str:
    """Why a 1945 residents figure is missing or partial, in the interface language."""
    lang = ui_language(names_mode)
    if lang == "en" or not change.residents_why:
        return change.residents_note
    key, *pairs = change.residents_why
    values = dict(pairs)
    if "count" in values:
        values["count"] = number(values["count"], 0, lang)
    if "features" in values:
        features = names_of(atlas, "feature")
        values["features"] = list_separator(lang).join(
            area_name(features.loc[f], names_mode) if f in features.index else f
            for f in values["features"]
        )
    return t(f"residents.{key}", lang, **values)


def split_lines(
    snapshot: Snapshot,
    scenario,
    *,
    names_mode: str = DEFAULT_NAMES,
    atlas: Atlas,
) -> list[str]:
    """For a snapshot that divides an island: the share each side gets, beside any share
    quoted at the time of the proposal (``scenario.quoted_shares``).

    The sides are the data's own names of the administering states in English, the
    catalogue's state names in Japanese and Russian."""
    lang = ui_language(names_mode)
    style = load_style(atlas.data_dir / "style.toml")
    parts = [u for u in snapshot.units if u.divided]
    if not parts:
        return []
    names = names_of(atlas, "group")
    group = parts[0].group
    shares = list_separator(lang).join(
        f"{state_as_named(u.administered_by, u.administering_state, style, lang)} "
        f"{percent(u.share, lang)}"
        for u in parts
    )
    lines = [
        t(
            "compare.split",
            lang,
            label=history_text.translate(snapshot.label, lang),
            shares=shares,
            area=area_name(names.loc[group], names_mode),
        )
    ]
    for quoted in getattr(scenario, "quoted_shares", ()):
        lines.append(
            t(
                "compare.quoted",
                lang,
                share=percent(quoted.share, lang),
                area=area_name(names.loc[quoted.group], names_mode),
                said_by=history_text.translate(quoted.said_by, lang),
                date=quoted.date,
            )
        )
    return lines
