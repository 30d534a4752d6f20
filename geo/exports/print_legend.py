"""The legend of the printed maps: a row for every fill, claim stripe, outline and line the maps
draw (in the page's language), each with a swatch drawn as the maps draw it.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import math

from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from geo.exports.print_maps import (
    FRAME_COLOR,
    HATCH,
    HATCH_WIDTH_PT,
    PRINT_SCALE,
    dashes,
)
from geo.exports.print_page import Sheet, line_height, text, wrap
from geo.files.codes import MAP_CODES
from geo.files.messages import load_messages
from geo.files.style import Style
from geo.i18n import t
from geo.model.snapshot import WORLDVIEW, Snapshot


def state_name(code: str, style: Style, lang: str = "en", short: bool = True) -> str:
    """A state code's name: from the style in English; in Japanese and Russian from the
    catalogue (``[state_short]`` / ``[state]``), else the style's English (a code the
    catalogue does not know yet); the code itself for a code the style does not have."""
    if lang != "en":
        key = f"{'state_short' if short else 'state'}.{code}"
        if key in load_messages():
            return t(key, lang)
    if code not in style.state:
        return code
    entry = style.state[code]
    return entry.short if short else entry.label


def legend_rows(
    sheet: Sheet,
    snapshots: list[Snapshot],
    changed: bool = False,
    inset_frame: bool = True,
) -> list[dict]:
    """The legend rows these maps need: a fill for every code drawn (in the style's order),
    one striped row per (fill, stripes) pair, then the outlines and lines that are drawn."""
    style, lang = sheet.style, sheet.lang
    states = style.state
    drawn = {u.administered_by for s in snapshots for u in s.units}
    codes = [c for c in MAP_CODES if c in drawn] + sorted(drawn - set(MAP_CODES))
    rows = [
        {"kind": "fill", "color": states[c].fill, "label": state_name(c, style, lang, False)}
        for c in codes
    ]
    pairs: dict[tuple[str, str], bool] = {}
    for snapshot in snapshots:
        for unit in snapshot.units:
            for claimant in unit.claimed_not_administered[:1]:
                key = (unit.administered_by, claimant)
                pairs[key] = pairs.get(key, False) or snapshot.kind == WORLDVIEW
    for (admin, claimant), worldview in pairs.items():
        names = {
            "admin": state_name(admin, style, lang),
            "claimant": state_name(claimant, style, lang),
        }
        label = (
            t("handout.legend_hatch_drawn", lang, **names)
            if worldview
            else t("map.legend_hatch", lang, **names)
        )
        rows.append(
            {
                "kind": "hatch",
                "color": states[admin].fill,
                "stripes": states[claimant].fill,
                "label": label,
            }
        )
    rows.append(
        {
            "kind": "disputed",
            "color": style.disputed.color,
            "label": t("map.legend_disputed", lang),
        }
    )
    if changed:
        rows.append(
            {
                "kind": "change",
                "color": style.change.color,
                "label": t("map.changed_legend", lang),
            }
        )
    if any(u.transfer_promised for s in snapshots for u in s.units):
        rows.append(
            {
                "kind": "outline",
                "color": style.transfer.color,
                "label": t("map.legend_transfer", lang),
            }
        )
    if any(s.lines for s in snapshots):
        rows.append(
            {"kind": "line", "color": style.line.color, "label": t("map.legend_line", lang)}
        )
    if any(s.cut is not None for s in snapshots):
        rows.append(
            {
                "kind": "cut",
                "color": style.cut.color,
                "label": t("map.cut_legend", lang),
            }
        )
    if inset_frame:
        rows.append({"kind": "frame", "color": FRAME_COLOR, "label": t("handout.frame", lang)})
    return rows


def _swatch(ax, x: float, y: float, w: float, h: float, row: dict, style: Style) -> None:
    kind = row["kind"]
    if kind in ("line", "cut", "change"):
        entry = {
            "line": style.line,
            "cut": style.cut,
            "change": style.change,
        }[kind]
        width = entry.weight * PRINT_SCALE * 1.2
        ax.add_line(
            Line2D(
                [x, x + w],
                [y + h / 2] * 2,
                color=row["color"],
                linewidth=width,
                linestyle=dashes(entry.dash, PRINT_SCALE),
            )
        )
        return
    patch = {"linewidth": 0.4, "edgecolor": "#333333", "facecolor": row["color"]}
    if kind == "hatch":
        patch |= {"hatch": HATCH, "hatchcolor": row["stripes"]}
    elif kind in ("disputed", "frame"):
        patch |= {
            "facecolor": "none",
            "edgecolor": row["color"],
            "linewidth": 1.2 if kind == "disputed" else 0.7,
        }
    elif kind == "outline":
        width = style.transfer.weight * PRINT_SCALE * 1.3
        patch |= {
            "facecolor": "none",
            "edgecolor": row["color"],
            "linewidth": width,
            "linestyle": dashes(style.transfer.dash),
        }
    rect = Rectangle((x, y), w, h, **patch)
    if kind == "hatch":
        rect.set_hatch_linewidth(HATCH_WIDTH_PT["large"])
    ax.add_patch(rect)


def draw_legend(fig, rect_in, sheet: Sheet, rows: list[dict], notes: list[str], size=7.0):
    """The legend in a box at ``rect_in`` (x, y, width, height in inches): a heading, rows
    with swatches (in as many columns as the box is wide for), then notes. Returns the height
    used; nothing is cut (the caller sizes the box)."""
    x, y, width, height = rect_in
    w, h = fig.get_size_inches()
    ax = fig.add_axes((x / w, y / h, width / w, height / h), label="legend")
    ax.set_axis_off()
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.add_patch(
        Rectangle(
            (0, 0),
            width,
            height,
            facecolor="white",
            edgecolor="#555555",
            linewidth=0.5,
            clip_on=False,
        )
    )
    pad = 0.1
    top = height - pad
    heading = sheet.font(size + 1.5, "bold")
    text(ax, pad, top, t("handout.legend", sheet.lang), heading, va="top")
    top -= line_height(heading, 1.5)
    body = sheet.font(size)
    columns = max(1, int((width - 2 * pad) // 2.6))
    column_w = (width - 2 * pad) / columns
    swatch_w, swatch_h, gap = 0.3, 0.13, 0.08
    per_column = math.ceil(len(rows) / columns)
    bottom = top
    for index, row in enumerate(rows):
        column, position = divmod(index, per_column)
        if position == 0:
            y_row = top
        left = pad + column * column_w
        lines = wrap(row["label"], body, column_w - swatch_w - gap - 0.08)
        block = max(swatch_h, line_height(body, 1.15) * len(lines))
        _swatch(ax, left, y_row - swatch_h - 0.01, swatch_w, swatch_h, row, sheet.style)
        text(ax, left + swatch_w + gap, y_row, "\n".join(lines), body, va="top", linespacing=1.15)
        y_row -= block + 0.06
        bottom = min(bottom, y_row)
    y_note = bottom - 0.04
    note = sheet.font(size - 0.7)
    for value in notes:
        bold = value.startswith("**")
        prop = sheet.font(size - 0.5, "bold") if bold else note
        lines = wrap(value.strip("*"), prop, width - 2 * pad)
        text(ax, pad, y_note, "\n".join(lines), prop, va="top", linespacing=1.15, color="#222222")
        y_note -= line_height(prop, 1.15) * len(lines) + 0.05
    return height - y_note


def legend_height(sheet: Sheet, rows, notes, width: float, size=7.0) -> float:
    """The height :func:`draw_legend` needs for these rows and notes at this width."""
    pad = 0.1
    used = pad + line_height(sheet.font(size + 1.5, "bold"), 1.5)
    body = sheet.font(size)
    columns = max(1, int((width - 2 * pad) // 2.6))
    column_w = (width - 2 * pad) / columns
    per_column = math.ceil(len(rows) / columns)
    heights = [0.0] * columns
    for index, row in enumerate(rows):
        lines = wrap(row["label"], body, column_w - 0.3 - 0.08 - 0.08)
        heights[index // per_column] += max(0.13, line_height(body, 1.15) * len(lines)) + 0.06
    used += max(heights) + 0.04
    for value in notes:
        bold = value.startswith("**")
        prop = sheet.font(size - 0.5, "bold") if bold else sheet.font(size - 0.7)
        used += line_height(prop, 1.15) * len(wrap(value.strip("*"), prop, width - 2 * pad))
        used += 0.05
    return used + pad
