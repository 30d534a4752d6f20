"""Text and tables the app shows beside the map, built from the data. No Streamlit here.

Every function that writes place names or fixed words takes a keyword ``names_mode``
(``local``, the default, ``en``, ``ja`` or ``ru``; see :mod:`geo.i18n`): place names follow it,
fixed words and headers come from the message catalogue in its interface language (English for
``local``), and in Japanese or Russian the states are named from the catalogue too. Notes,
quotes, instrument names and snapshot labels are sourced English data and stay as they are.

Everything that comes from data files is escaped for Markdown, so a stray '*', '[' or '<' in a
note is shown as typed, never interpreted (and Streamlit never gets raw HTML from us).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from geo.errors import UnknownIdError
from geo.files.atlas import Atlas
from geo.files.style import Style, load_style
from geo.i18n import DEFAULT_NAMES, t, ui_language
from geo.model.compare import unit_km2
from geo.model.snapshot import HISTORICAL, Snapshot, Unit, diff
from geo.model.timeline import names_of
from geo.text import history_text
from geo.text.markdown import md_escape, safe_link
from geo.text.wording import (
    claim_text,
    is_drawn,
    key_for,
    list_separator,
    marked_claims,
    number,
    percent,
    state_label,
    state_names,
)


def source_lines(source_ids, atlas: Atlas) -> list[str]:
    """One Markdown line per source: linked title, author / publisher, date."""
    return list(_source_lines(tuple(source_ids), atlas))


@lru_cache(maxsize=512)
def _source_lines(source_ids: tuple[str, ...], atlas: Atlas) -> tuple[str, ...]:
    """Cached: the same years' source lists are asked for on every rerun."""
    lines = []
    for source_id in dict.fromkeys(source_ids):
        row = atlas.sources.loc[source_id]
        details = [row.get(k, "") for k in ("author", "publisher", "date")]
        detail = ", ".join(md_escape(d) for d in details if d)
        link = safe_link(row["title"], row["url"])
        lines.append(link + (f" — {detail}" if detail else ""))
    return tuple(lines)


def japanese_name(name) -> str:
    """The Japanese name of a place with its romanisation, e.g. "国後島 (Kunashiri-tō)"."""
    return f"{name['name_ja']} ({name['name_ja_latn']})"


def russian_name(name) -> str:
    """The Russian name of a place with its romanisation."""
    return f"{name['name_ru']} ({name['name_ru_latn']})"


def local_names(name) -> str:
    """Both local names of a place, Japanese and Russian, each with its romanisation."""
    return f"{japanese_name(name)} / {russian_name(name)}"


def area_name(name, names_mode: str = DEFAULT_NAMES) -> str:
    """A place's name in running text: in its language for ``ja`` and ``ru``; the English name
    for ``en`` and ``local`` (the English name pairs the Japanese and the Russian form, e.g.
    "Etorofu (Iturup)", and tables and details add both names in their own scripts)."""
    lang = names_mode if names_mode in ("ja", "ru") else "en"
    return str(name[f"name_{lang}"])


def state_as_named(code: str, data_name: str, style: Style, lang: str) -> str:
    """An administering state: its name of the time ("USSR"; in Japanese and Russian from the
    glossary, ソ連 / СССР), else the catalogue's name of its code."""
    if not data_name:  # a worldview's drawing, a scenario's joint holding
        return state_label(code, style, lang)
    return data_name if lang == "en" else history_text.state_name(data_name, lang)


def unit_title(
    unit: Unit, names: pd.DataFrame, style: Style, atlas: Atlas, *, names_mode: str = DEFAULT_NAMES
) -> str:
    """An area's name in the names mode; a unit smaller than its group says which part it is."""
    lang = ui_language(names_mode)
    title = area_name(names.loc[unit.group], names_mode)
    if unit.divided:
        state = state_label(unit.administered_by, style, lang)
        return t("detail.part_title", lang, area=title, state=state)
    whole = atlas.areas.loc[atlas.areas["group"] == unit.group, "id"]
    if unit.id != unit.group and set(unit.features) != set(whole):
        feature_names = names_of(atlas, "feature")
        listed = list_separator(lang).join(
            area_name(feature_names.loc[f], names_mode) for f in unit.features
        )
        return t("detail.feature_list", lang, area=title, features=listed)
    return title


def status_table(
    snapshot: Snapshot, style: Style, atlas: Atlas, *, names_mode: str = DEFAULT_NAMES
) -> pd.DataFrame:
    """Every area's status in ``snapshot``: the accessible twin of the map.

    Few, plain-text columns (no HTML), one row per unit in map order (one per group unless a
    scenario divides a group); the note, basis, transfer condition and sources of an area are
    in :func:`area_detail`. The same five columns in every names mode, headed in the interface
    language: the area's name in the names mode, then both local names (Japanese / Russian,
    with their romanisations), so neither side's name is ever hidden.
    """
    if style is _atlas_style(atlas):  # the usual case: computed once per snapshot and mode
        return _status_table(snapshot, atlas, names_mode).copy()
    return _build_status_table(snapshot, style, atlas, names_mode)


def _atlas_style(atlas: Atlas) -> Style:
    return load_style(atlas.data_dir / "style.toml")


@lru_cache(maxsize=128)
def _status_table(snapshot: Snapshot, atlas: Atlas, names_mode: str) -> pd.DataFrame:
    return _build_status_table(snapshot, _atlas_style(atlas), atlas, names_mode)


def _build_status_table(
    snapshot: Snapshot, style: Style, atlas: Atlas, names_mode: str
) -> pd.DataFrame:
    lang = ui_language(names_mode)
    groups = names_of(atlas, "group")
    km2 = unit_km2(snapshot, atlas)
    of_the_time = history_text.names_of_the_time(snapshot, style, lang)

    def claims(unit: Unit) -> str:
        if is_drawn(snapshot):
            return marked_claims(unit.administered_by, unit.claimed_by, style, lang)
        return claim_text(unit.administered_by, unit.claimed_by, style, lang, of_the_time)

    rows = []
    for unit in snapshot.units:
        name = groups.loc[unit.group]
        rows.append(
            {
                t("table.area", lang): unit_title(
                    unit, groups, style, atlas, names_mode=names_mode
                ),
                t("table.local_names", lang): local_names(name),
                t(key_for("table.administered_by", snapshot), lang): state_as_named(
                    unit.administered_by, unit.administering_state, style, lang
                ),
                t(key_for("table.claimed_by", snapshot), lang): claims(unit),
                t("table.km2", lang): round(km2[unit.id], 1),
            }
        )
    return pd.DataFrame(rows)


def area_detail(
    group: str,
    snapshot: Snapshot,
    style: Style,
    atlas: Atlas,
    *,
    names_mode: str = DEFAULT_NAMES,
) -> dict:
    """Everything about one area in one snapshot, as plain-text fields and source ids.

    Returns ``{"title", "fields": [(label, text), ...], "sources": (ids...)}``; empty fields
    are left out. A group the snapshot divides lists each part's status in turn. The title
    names the area in the names mode; the fields always give both local names (and, in
    Japanese or Russian, the English name too).
    """
    lang = ui_language(names_mode)
    snapshot = history_text.snapshot_in(snapshot, lang, atlas)
    units = snapshot.units_of(group)
    if not units:
        raise UnknownIdError("area", group, list(snapshot.groups))
    names = names_of(atlas, "group")
    name = names.loc[group]
    km2 = unit_km2(snapshot, atlas)
    fields = [
        (t("language.ja", lang), japanese_name(name)),
        (t("language.ru", lang), russian_name(name)),
    ]
    if lang != "en":
        fields.append((t("language.en", lang), str(name["name_en"])))
    of_the_time = history_text.names_of_the_time(snapshot, style, lang)
    for unit in units:
        prefix = (
            f"{unit_title(unit, names, style, atlas, names_mode=names_mode)}: "
            if len(units) > 1
            else ""
        )
        why = t("detail.basis_note" if unit.basis_instrument else "detail.no_instrument", lang)
        transfer = ""
        if unit.transfer_promised:
            transfer = state_label(unit.transfer_promised_to, style, lang)
            if unit.transfer_condition:
                transfer += f", {unit.transfer_condition}"
        fields += [
            (
                prefix + t(key_for("detail.administered_by", snapshot), lang),
                state_as_named(unit.administered_by, unit.administering_state, style, lang),
            ),
            (
                prefix + t(key_for("detail.claimed_by", snapshot), lang),
                marked_claims(unit.administered_by, unit.claimed_by, style, lang)
                if is_drawn(snapshot)
                else claim_text(unit.administered_by, unit.claimed_by, style, lang, of_the_time),
            ),
            (prefix + t("detail.transfer_promised_to", lang), transfer),
            (
                prefix + t("detail.date", lang),
                history_text.date_text(unit.event_date, lang) if unit.event_date else "",
            ),
            (
                prefix + t("detail.basis", lang),
                list_separator(lang).join(
                    v for v in (unit.basis_instrument, unit.basis_article) if v
                ),
            ),
            (prefix + why, unit.basis_note),
            (prefix + t("detail.note", lang), unit.note),
            (
                prefix + t("detail.land_area", lang),
                t("detail.land_area_value", lang, km2=number(km2[unit.id], 1, lang)),
            ),
        ]
    title = area_name(name, names_mode)
    return {
        "title": (
            t("detail.title_year", lang, area=title, year=snapshot.year)
            if snapshot.kind == HISTORICAL
            else t(
                key_for("detail.title_scenario", snapshot), lang, area=title, label=snapshot.label
            )
        ),
        "fields": [(label, text) for label, text in fields if text],
        "sources": tuple(dict.fromkeys(s for u in units for s in u.sources)),
    }


def undrawn_islets(atlas: Atlas, *, names_mode: str = DEFAULT_NAMES) -> list[str]:
    """Named islets that the source geometry does not contain (listed, never drawn), each
    with both local names (in Japanese or Russian mode, that language's name first)."""
    undrawn = names_of(atlas, "undrawn")
    lines = []
    for r in undrawn.itertuples():
        row = r._asdict()
        if names_mode == "ja":
            lines.append(f"{japanese_name(row)} — {russian_name(row)}")
        elif names_mode == "ru":
            lines.append(f"{russian_name(row)} — {japanese_name(row)}")
        else:
            lines.append(f"{r.name_en} — {local_names(row)}")
    return lines


def change_lines(
    before: Snapshot | None,
    after: Snapshot,
    style: Style,
    atlas: Atlas,
    *,
    names_mode: str = DEFAULT_NAMES,
) -> list[str]:
    """Plain-text lines saying which areas differ from ``before`` to ``after``.

    Computed from the two snapshots (:func:`geo.model.snapshot.diff`), for two years or any pair
    of snapshots; empty when ``before`` is None (the first configuration). Administering states
    are named as at the time (USSR; in Japanese and Russian ソ連 / СССР, data/glossary.toml);
    where only that name changes (USSR → Russian Federation), the line says it is a new name.
    """
    lang = ui_language(names_mode)
    if before is None:
        return []
    names = names_of(atlas, "group")
    lines = []
    for change in diff(before, after):
        parts = _change_parts(change, before, after, style, lang)
        if parts:
            lines.append(
                t(
                    "change.line",
                    lang,
                    area=area_name(names.loc[change.group], names_mode),
                    changes=t("change.separator", lang).join(parts),
                )
            )
    if not lines:
        lines.append(
            t(
                "change.none",
                lang,
                before=history_text.translate(before.label, lang),
                after=history_text.translate(after.label, lang),
            )
        )
    return lines


# --------------------------------------------------------------------------- compare view


def _said(units, field: str, style: Style, lang: str) -> str:
    """The administering states (as named at the time) or another field of the units."""
    return " / ".join(
        dict.fromkeys(
            state_as_named(u.administered_by, u.administering_state, style, lang)
            if field == "administering_state"
            else history_text.state_name(str(getattr(u, field)), lang)
            for u in units
        )
    )


def _claims(units, snapshot: Snapshot, style: Style, lang: str) -> str:
    """The claims of the units (on a country's map: the claims it marks)."""
    return " / ".join(
        dict.fromkeys(
            marked_claims(u.administered_by, u.claimed_by, style, lang)
            if is_drawn(snapshot)
            else state_names(u.claimed_by, style, lang)
            for u in units
        )
    )


def _change_parts(change, before: Snapshot, after: Snapshot, style: Style, lang: str) -> list[str]:
    """What changed in one group, one phrase per changed field."""
    parts = []
    if "administering_state" in change.fields or "administered_by" in change.fields:
        old = _said(change.before, "administering_state", style, lang)
        new = _said(change.after, "administering_state", style, lang)
        # The states as named at the time (in Japanese and Russian from the glossary).
        key = key_for("change.administered", before, after)
        if lang != "en" and "administered_by" not in change.fields:
            key = "change.renamed"
        parts.append(t(key, lang, old=old, new=new))
    if "claimed_by" in change.fields:
        old = _claims(change.before, before, style, lang)
        new = _claims(change.after, after, style, lang)
        if old != new:
            parts.append(t(key_for("change.claimed", before, after), lang, old=old, new=new))
    if "transfer_promised_to" in change.fields:
        promised = [u.transfer_promised_to for u in change.after if u.transfer_promised_to]
        parts.append(
            t("change.transfer", lang, state=state_label(promised[0], style, lang))
            if promised
            else t("change.no_transfer", lang)
        )
    if "division" in change.fields:
        parts.append(_division_part(change, style, lang))
    return parts


def _division_part(change, style: Style, lang: str) -> str:
    divided = [u for u in change.after if u.divided]
    if not divided:
        return t("change.undivided", lang)
    shares = list_separator(lang).join(
        f"{state_label(u.administered_by, style, lang)} {percent(u.share, lang)}" for u in divided
    )
    return t("change.divided", lang, shares=shares)
