"""What the handout and the view page share (geo/exports/handout.py, geo/exports/view_page.py): a
map's words (its caption, what kind of map it is, who administers and claims the four disputed
groups, the numbers of its sources) in the page's language, the page's header, a map panel (the
four large in an inset, the whole region in its corner), the legend's notes and the pages of
numbered sources.

Every interface word comes from the ``[handout]`` section of ``data/messages.toml``.

Nothing here imports Streamlit.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from geo.exports.print_inset import four_extent, label_groups, scale_bar
from geo.exports.print_legend import state_name
from geo.exports.print_maps import aspect, draw_map, frame, map_axes
from geo.exports.print_output import HandoutError
from geo.exports.print_page import MM, Sheet, line_height, new_page, text_block, wrap
from geo.exports.print_sources import SourceEntry, fill_sources
from geo.files.atlas import Atlas
from geo.files.codes import DISPUTED_GROUPS
from geo.files.style import Style
from geo.i18n import t
from geo.maps.mapview import attribution_text
from geo.model.snapshot import HISTORICAL, SCENARIO, WORLDVIEW, Snapshot, Unit
from geo.model.timeline import configurations, names_of
from geo.text import history_text
from geo.text.wording import list_separator, percent

MARGIN = 9 * MM
GAP = 4 * MM
# The overview map of the whole region, in the inset's corner: at most this share of its width.
OVERVIEW_MAX = 0.42


# --------------------------------------------------------------------------- wording


def caption(snapshot: Snapshot, atlas: Atlas, lang: str) -> str:
    """A map's caption in ``lang``: e.g. "1956: Soviet-Japanese Joint Declaration".

    A configuration year: the present day's own words; elsewhere the year with the
    instrument's own name in that language where the data has one, else the configuration's
    label in the atlas's translation (geo/text/history_text.py). A scenario: its label translated
    the same way, and so a worldview (its texts are history texts too). Never the
    English label as it is: a text without a current translation shows the translation
    module's visible "untranslated" marker, which the tests look for.
    """
    info = atlas.configurations.get(snapshot.year) if snapshot.kind == HISTORICAL else None
    if info is not None and snapshot.id == str(snapshot.year):
        if snapshot.year == configurations(atlas)[-1]:
            return t("handout.present_day", lang, year=snapshot.year)
        instrument = getattr(info, f"instrument_{lang}", "") if lang != "en" else ""
        if instrument:
            return t("handout.caption", lang, year=snapshot.year, instrument=instrument)
        return history_text.configuration_label(info, lang)
    if snapshot.language == lang:
        return snapshot.label
    return history_text.snapshot_in(snapshot, lang, atlas).label


def kind_note(snapshot: Snapshot, lang: str) -> str:
    """What kind of map this is, for the view page: a year, a scenario or a worldview."""
    if snapshot.kind == SCENARIO:
        return t("handout.kind_scenario", lang)
    if snapshot.kind == WORLDVIEW:
        return t("handout.kind_worldview", lang)
    return t("handout.kind_historical", lang)


def four_summary(snapshot: Snapshot, atlas: Atlas, style: Style, lang: str) -> list[str]:
    """Who administers and claims the four disputed groups (a worldview: how they are drawn),
    a divided group's shares, and any promised transfer."""
    group_names = names_of(atlas, "group")
    worldview = snapshot.kind == WORLDVIEW

    def admin(unit: Unit) -> str:
        # English names the state as at the time; Japanese and Russian (and any worldview)
        # by the short name, which fits a caption (Российская Федерация would overflow it).
        if lang == "en" and not worldview and unit.administering_state:
            return unit.administering_state
        return state_name(unit.administered_by, style, lang)

    def name(group: str) -> str:
        return str(group_names.loc[group, f"name_{lang}"])

    per_group = {g: snapshot.units_of(g) for g in DISPUTED_GROUPS if snapshot.units_of(g)}
    units = [u for parts in per_group.values() for u in parts]
    lines = []
    statuses = {(admin(u), u.claimed_not_administered) for u in units}
    whole = all(len(parts) == 1 for parts in per_group.values())
    if whole and len(statuses) == 1:
        ((holder, elsewhere),) = statuses
        if worldview:
            lines.append(t("handout.four_drawn", lang, state=holder))
        elif elsewhere:
            claimants = list_separator(lang).join(state_name(c, style, lang) for c in elsewhere)
            lines.append(t("handout.four_contested", lang, admin=holder, claimants=claimants))
        else:
            lines.append(t("handout.four_held", lang, admin=holder))
    else:
        by_status: dict[str, list[str]] = {}
        for group, parts in per_group.items():
            if len(parts) == 1:
                status = admin(parts[0])
            else:
                shares = list_separator(lang).join(
                    f"{admin(u)} {percent(u.share, lang)}"
                    for u in sorted(parts, key=lambda u: -u.share)
                )
                status = t("handout.divided", lang, shares=shares)
            by_status.setdefault(status, []).append(name(group))
        separator = "。" if lang == "ja" else "; "
        lines.append(
            separator.join(
                t(
                    "handout.group_status",
                    lang,
                    name=list_separator(lang).join(groups),
                    admin=status,
                )
                for status, groups in by_status.items()
            )
        )
    promised: dict[str, list[str]] = {}
    for unit in units:
        if unit.transfer_promised:
            promised.setdefault(unit.transfer_promised_to, []).append(name(unit.group))
    for state, groups in promised.items():
        lines.append(
            t(
                "handout.transfer",
                lang,
                state=state_name(state, style, lang),
                groups=list_separator(lang).join(dict.fromkeys(groups)),
            )
        )
    return lines


def number_ranges(numbers: list[int], lang: str = "en") -> str:
    """Sorted numbers with runs joined: [1, 2, 3, 5] → "1–3, 5"."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return list_separator(lang).join(
        f"{r[0]}–{r[-1]}" if len(r) > 2 else list_separator(lang).join(map(str, r)) for r in runs
    )


# --------------------------------------------------------------------------- pages


def page_header(fig, sheet: Sheet, title: str, subtitle: str = "") -> float:
    """The page's title and subtitle; returns the y (inches) below them."""
    w, h = fig.get_size_inches()
    top = h - 8 * MM
    prop = sheet.font(14, "bold")
    used = text_block(fig, MARGIN, top, wrap(title, prop, w - 2 * MARGIN), prop, 1.15)
    top -= used + 1.2 * MM
    if subtitle:
        prop = sheet.font(7.5)
        lines = wrap(subtitle, prop, w - 2 * MARGIN)
        top -= text_block(fig, MARGIN, top, lines, prop, color="#222222")
    return top


def caption_parts(sheet: Sheet, snapshot: Snapshot, width: float, size: float, **extra):
    """A map's caption (bold), what kind of map it is (``kind=True``), who administers and
    claims the four, and the numbers of its sources (``cited``): (font, lines) pairs, each
    wrapped to ``width`` inches."""
    lang = sheet.lang
    bold = sheet.font(size, "bold")
    parts = [(bold, wrap(caption(snapshot, sheet.atlas, lang), bold, width))]
    small = sheet.font(max(6.3, size - 1.6))
    if extra.get("kind"):
        parts.append((small, wrap(kind_note(snapshot, lang), small, width)))
    summary = sheet.font(size - 1.2)
    lines = []
    for line in four_summary(snapshot, sheet.atlas, sheet.style, lang):
        lines += wrap(line, summary, width)
    parts.append((summary, lines))
    people = sheet.people.get(snapshot.id, ())
    if people:
        parts.append((small, [w for line in people for w in wrap(line, small, width)]))
    if extra.get("cited"):
        numbers = number_ranges(extra["cited"], lang)
        value = t("handout.sources_cited", lang, numbers=numbers)
        parts.append((small, wrap(value, small, width)))
    return parts


def draw_captions(fig, x, top, parts) -> float:
    """Draw caption parts from ``top`` down; returns the height used, in inches."""
    used = 0.0
    for prop, lines in parts:
        used += text_block(fig, x, top - used, lines, prop, 1.18, color="#111111")
        used += 0.6 * MM
    return used


def map_panel(fig, renderer, sheet, snapshot, rect, label_size, changed=frozenset()):
    """One map in ``rect`` (x, y, width, height in inches): the four disputed groups large
    and named (the inset of the four, filling the rect), and in its upper left corner, where
    the sea is open, the overview of the whole region with the inset's frame."""
    _, _, width, height = rect
    extent = sheet.extent
    ratio = (extent[2] - extent[0]) / aspect(extent) / (extent[3] - extent[1])
    wanted = min(OVERVIEW_MAX * width, 0.6 * height)
    inset_extent, free = four_extent(sheet, width, height, wanted)
    inset = map_axes(fig, rect, inset_extent, sheet, "inset:" + snapshot.id)
    draw_map(inset, snapshot, sheet, "large", changed)
    box = inset.get_position()
    w, h = fig.get_size_inches()
    side = min(free, wanted)
    overview_rect = (box.x0 * w, box.y1 * h - side, side * ratio, side)
    overview = map_axes(fig, overview_rect, extent, sheet, "map:" + snapshot.id)
    for spine in overview.spines.values():
        spine.set_linewidth(0.8)
        spine.set_color("#333333")
    draw_map(overview, snapshot, sheet, "small", changed)
    frame(overview, inset_extent)
    to_data = inset.transData.inverted()
    corners = to_data.transform(
        [
            [overview_rect[0] * fig.dpi, overview_rect[1] * fig.dpi],
            [(overview_rect[0] + overview_rect[2] + 1.5 * MM) * fig.dpi, box.y1 * h * fig.dpi],
        ]
    )
    bar = scale_bar(inset, sheet, label_size - 0.5)
    label_groups(inset, renderer, sheet, label_size, avoid=(bar, Bbox(corners)))
    return overview, inset


def sources_pages(sheet: Sheet, entries: list[SourceEntry], start: int = 0) -> list[Figure]:
    """Pages of numbered sources in three columns, from ``entries[start]`` to the end."""
    pages = []
    while start < len(entries):
        fig = new_page()
        w, _ = fig.get_size_inches()
        lang = sheet.lang
        top = page_header(fig, sheet, t("handout.sources", lang), t("handout.qr_note", lang))
        top -= 3 * MM
        column_w = (w - 2 * MARGIN - 2 * GAP) / 3
        columns = [(MARGIN + i * (column_w + GAP), top, column_w, top - 8 * MM) for i in range(3)]
        drawn = fill_sources(fig, columns, entries[start:], sheet)
        if drawn == 0:
            raise HandoutError(f"source {entries[start].number} does not fit on a page")
        start += drawn
        pages.append(fig)
    return pages


def legend_notes(sheet: Sheet) -> list[str]:
    """The notes under the legend: what the lines are, what the maps are drawn from, how
    the sources are numbered, and the map data's attribution (its heading in bold)."""
    lang = sheet.lang
    return [
        t("handout.lines_note", lang),
        t("handout.drawn_from", lang),
        t("handout.sources_note", lang),
        "**" + t("handout.map_data", lang),
        attribution_text(sheet.atlas),
    ]


def captions_height(parts) -> float:
    """The height, in inches, that :func:`draw_captions` uses for ``parts``."""
    return sum(line_height(prop, 1.18) * len(lines) + 0.6 * MM for prop, lines in parts)
