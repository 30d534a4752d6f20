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

import re
from functools import lru_cache
from urllib.parse import quote

import pandas as pd

from geo.errors import UnknownIdError
from geo.files.atlas import Atlas
from geo.files.codes import DRAWN_CODES
from geo.files.style import load_style
from geo.i18n import DEFAULT_NAMES, plural, t, ui_language
from geo.model.compare import unit_km2
from geo.model.snapshot import HISTORICAL, Snapshot, Unit, diff
from geo.model.timeline import names_of
from geo.text import history_text
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

# Characters that make inline markup anywhere in a line. Others ('(', '.', ':', '-', '#' …)
# only make markup next to these or at the start of a line, so they stay as they are: widget
# labels keep a clean accessible name ("Year: step through the dispute", read aloud without
# backslashes).
_MD_INLINE = re.compile(r"([\\`*_\[\]|<>~$&])")
# A block marker at the start of the text (heading, quote, list, rule, setext line, a numbered
# list's '1.'), escaped where it stands; leading blanks (an indented code block) are dropped.
_BLOCK_START = re.compile(r"^\s*(?:([#>+\-=])|(\d+)([.)]))")
_INDENTED_CODE = re.compile(r"^[ \t]{4,}")
# Streamlit's Markdown also turns text into markup that no backslash stops: bare URLs and
# e-mail addresses become links (GFM autolink literals, also when their ':' or '.' is
# escaped), ':name:' shortcodes become emoji, images or icons (':streamlit:',
# ':material/home:'), and a ':' before an ASCII letter starts a directive (remark-directive,
# Streamlit 1.67): ':red[x]', ':small[x]', ':blue-background[x]', ':orange-badge[x]',
# ':help[x]'; even with its brackets escaped, ':red' alone is an empty red span, and an
# unknown ':name[x]' is shown as ':name' without its text. An invisible WORD JOINER (U+2060)
# splits each such pattern; the text reads the same and prose without these patterns is
# unchanged (': ' followed by a space, as in "Year: step", starts nothing).
WORD_JOINER = "\u2060"
_AUTOLINK_OR_SHORTCODE = re.compile(
    r"(?i)(?<=:)(?=//)"  # scheme://
    r"|(?<=\bwww)(?=\.)"  # www.
    r"|(?=@)"  # user@host
    r"|(?<=:)(?=[\w+\-/]+:)"  # :shortcode:
    r"|(?<=:)(?=[A-Za-z])"  # :directive (a directive's name starts with an ASCII letter)
)


@lru_cache(maxsize=8192)
def md_escape(text: str) -> str:
    """Escape every Markdown (and HTML-looking) character so ``text`` renders literally.

    For every place Streamlit interprets Markdown: st.markdown, headings, captions, alerts,
    and the labels of widgets, expanders, buttons, radio / pills / select_slider options
    (not st.selectbox's options, which are plain text). No link, image, icon, emoji, LaTeX,
    colour or HTML comes out of it; a line break becomes a space. Cached: a rerun escapes the
    same texts as the last one.
    """
    text = _AUTOLINK_OR_SHORTCODE.sub(WORD_JOINER, str(text))
    text = _MD_INLINE.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))
    text = _INDENTED_CODE.sub("", text)
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text, count=1)


def markdown_table(frame: pd.DataFrame, names_mode: str = DEFAULT_NAMES) -> str:
    """A table as Markdown text, every header and cell escaped (``|`` included), figures
    written as the interface language writes them.

    The page shows its tables as Markdown rather than with a table widget: the widget makes
    the browser fetch and compile about 0.9 MB of table code before the page (and its map)
    first shows, and re-sends the table's schema with every year switch.
    """

    def cell(value) -> str:
        if isinstance(value, float):
            value = number_text(value, 1, names_mode)
        return md_escape("" if value is None else value)

    columns = list(frame.columns)
    lines = [
        "| " + " | ".join(cell(c) for c in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(False)]
    return "\n".join(lines)


def safe_link(title: str, url: str) -> str:
    """A Markdown link with an escaped title; the URL (http/https, checked on load) is
    percent-encoded so it cannot break out of the link syntax."""
    if not url:
        return md_escape(title)
    return f"[{md_escape(title)}]({quote(url, safe=':/?#=&%~+@,;')})"


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


def number_text(value: float, decimals: int = 1, names_mode: str = DEFAULT_NAMES) -> str:
    """A figure as the interface language writes it ("3,166.6"; "3 166,6" in Russian)."""
    return number(value, decimals, ui_language(names_mode))


def _state(code: str, data_name: str, style: dict, lang: str) -> str:
    """An administering state: its name of the time ("USSR"; in Japanese and Russian from the
    glossary, ソ連 / СССР), else the catalogue's name of its code."""
    if not data_name:  # a worldview's drawing, a scenario's joint holding
        return state_label(code, style, lang)
    return data_name if lang == "en" else history_text.state_name(data_name, lang)


def unit_title(
    unit: Unit, names: pd.DataFrame, style: dict, atlas: Atlas, *, names_mode: str = DEFAULT_NAMES
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
    snapshot: Snapshot, style: dict, atlas: Atlas, *, names_mode: str = DEFAULT_NAMES
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


def _atlas_style(atlas: Atlas) -> dict:
    return load_style(atlas.data_dir / "style.toml")


@lru_cache(maxsize=128)
def _status_table(snapshot: Snapshot, atlas: Atlas, names_mode: str) -> pd.DataFrame:
    return _build_status_table(snapshot, _atlas_style(atlas), atlas, names_mode)


def _build_status_table(
    snapshot: Snapshot, style: dict, atlas: Atlas, names_mode: str
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
                t(key_for("table.administered_by", snapshot), lang): _state(
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
    style: dict,
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
                _state(unit.administered_by, unit.administering_state, style, lang),
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
    style: dict,
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


def _said(units, field: str, style: dict, lang: str) -> str:
    """The administering states (as named at the time) or another field of the units."""
    return " / ".join(
        dict.fromkeys(
            _state(u.administered_by, u.administering_state, style, lang)
            if field == "administering_state"
            else history_text.state_name(str(getattr(u, field)), lang)
            for u in units
        )
    )


def _claims(units, snapshot: Snapshot, style: dict, lang: str) -> str:
    """The claims of the units (on a country's map: the claims it marks)."""
    return " / ".join(
        dict.fromkeys(
            marked_claims(u.administered_by, u.claimed_by, style, lang)
            if is_drawn(snapshot)
            else state_names(u.claimed_by, style, lang)
            for u in units
        )
    )


def _change_parts(change, before: Snapshot, after: Snapshot, style: dict, lang: str) -> list[str]:
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


def _division_part(change, style: dict, lang: str) -> str:
    divided = [u for u in change.after if u.divided]
    if not divided:
        return t("change.undivided", lang)
    shares = list_separator(lang).join(
        f"{state_label(u.administered_by, style, lang)} {percent(u.share, lang)}" for u in divided
    )
    return t("change.divided", lang, shares=shares)


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
    style: dict,
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
    changes, style: dict, atlas: Atlas, *, names_mode: str = DEFAULT_NAMES
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
    moves: pd.DataFrame, style: dict, *, names_mode: str = DEFAULT_NAMES, drawn: bool = False
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
    parts = [u for u in snapshot.units if u.divided]
    if not parts:
        return []
    names = names_of(atlas, "group")
    group = parts[0].group
    shares = list_separator(lang).join(
        f"{_state(u.administered_by, u.administering_state, {}, lang)} {percent(u.share, lang)}"
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
