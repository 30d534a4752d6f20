"""The worksheet's page layout (geo/exports/worksheet.py writes the document): A4 portrait, its
margins and type sizes; text measured in the printed fonts and wrapped (between words, and
between characters in Japanese, keeping closing punctuation off the start of a line) so that
nothing is cut off; the pieces of a page (a line of text, a ruled line to write on, a gap) cut
into as many pages as they need; and a page drawn, numbered "Page n of N".

Fonts as in the handout (:func:`geo.exports.print_output.font_families`). Texts are plain text
(never mathtext).

Nothing here imports Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D

from geo.exports.print_output import font_families
from geo.i18n import t

PAGE_INCHES = (8.27, 11.69)  # A4 portrait (210 x 297 mm)
MARGIN_X = 0.75
MARGIN_TOP = 0.7
MARGIN_BOTTOM = 0.8  # the page number sits in it
FOOTER_Y = 0.42
LINE_SPACING = 1.45  # line height as a multiple of the font size
RULE_GAP = 0.32  # inches between ruled lines
NUMBER_WIDTH = 0.3  # inches for a question's number in the margin
RULE_COLOUR = "#9a9a9a"
TEXT_COLOUR = "#111111"
NOTE_COLOUR = "#333333"

# Type sizes (points).
TITLE, SUBTITLE, HEADING, BODY, PROMPT, SMALL = 15.0, 9.0, 11.5, 9.5, 9.0, 7.5


# --------------------------------------------------------------------------- text measure


def font(size: float, bold: bool = False) -> FontProperties:
    """The worksheet's fonts (in fallback order) at ``size`` points, bold or regular."""
    return FontProperties(
        family=list(font_families()), size=size, weight="bold" if bold else "normal"
    )


_MEASURE_SIZE = 100.0
# Widths are measured at 100 points and scaled: close to the PDF's own advance widths (small
# sizes are hinted wider on screen). A line may fill this share of its width, for safety.
_FILL = 0.99


@lru_cache(maxsize=1)
def _measure_renderer():
    return FigureCanvasAgg(Figure(dpi=72)).get_renderer()


@lru_cache(maxsize=16384)
def _width_at_measure_size(text: str, bold: bool) -> float:
    width, _, _ = _measure_renderer().get_text_width_height_descent(
        text, font(_MEASURE_SIZE, bold), ismath=False
    )
    return width


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of text in inches."""
    return size / _MEASURE_SIZE * _width_at_measure_size(text, bold) / 72


# --------------------------------------------------------------------------- wrapping

_CJK = r"\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
# No line starts with these (Japanese kinsoku, and closing marks in any script) ...
_NO_START = set("、。,.)]}」』〕】〉》!?:;%・ー…」") | set("）］｝，．：；！？％")
# ... and none ends with these.
_NO_END = set("([{「『〔【〈《") | set("（［｛")


def _tokens(text: str) -> list[str]:
    """Break points for wrapping: after ordinary spaces (never a no-break space) and between
    CJK characters; closing punctuation stays with what it closes, opening with what follows."""
    tokens: list[str] = []
    for word in re.findall(r"[^ ]+ *| +", text):
        if re.search(f"[{_CJK}]", word):
            tokens.extend(re.findall(f"[{_CJK}] *|[^{_CJK}]+", word))
        else:
            tokens.append(word)
    merged: list[str] = []
    for token in tokens:
        if merged and (token[:1] in _NO_START or merged[-1].rstrip()[-1:] in _NO_END):
            merged[-1] += token
        else:
            merged.append(token)
    return merged


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """``text`` as lines no wider than ``width`` inches; a token wider than a line is split
    between characters, so nothing is ever cut off.

    Lines are filled by the sum of their tokens' widths (each token measured once), then each
    line is measured whole and shortened by a token while it is too wide (the sum may differ
    from the whole by a little rounding)."""
    limit = width * _FILL
    tokens = []
    for token in _tokens(text):  # split what no line can hold
        while len(token) > 1 and text_width(token.rstrip(), size, bold) > limit:
            cut = len(token) - 1
            while cut > 1 and text_width(token[:cut], size, bold) > limit:
                cut -= 1
            tokens.append(token[:cut])
            token = token[cut:]
        tokens.append(token)
    lines: list[str] = []
    start = 0
    while start < len(tokens):
        end, used = start, 0.0
        while end < len(tokens):
            extra = text_width(tokens[end], size, bold)
            if end > start and used + text_width(tokens[end].rstrip(), size, bold) > limit:
                break
            used += extra
            end += 1
        while (
            end - start > 1 and text_width("".join(tokens[start:end]).strip(), size, bold) > limit
        ):
            end -= 1
        lines.append("".join(tokens[start:end]).strip())
        start = end
    return [line for line in lines if line] or [""]


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Atom:
    """One unbreakable piece of a page: a line of text, a ruled line or a gap (inches)."""

    kind: str  # "text", "rule" or "gap"
    height: float
    text: str = ""
    size: float = BODY
    bold: bool = False
    indent: float = 0.0
    colour: str = TEXT_COLOUR
    label: str = ""  # drawn in the left margin of the line (a question's number)


def paragraph(
    text: str, size: float, width: float, *, bold=False, indent=0.0, colour=TEXT_COLOUR
) -> list[Atom]:
    """A paragraph as text atoms, one per line, every line ``indent`` inches in."""
    height = size * LINE_SPACING / 72
    return [
        Atom("text", height, line, size, bold, indent, colour)
        for line in wrap(text, size, width - indent, bold)
    ]


def gap(inches: float) -> Atom:
    """Empty space of ``inches`` (left out at the top of a page)."""
    return Atom("gap", inches)


def rules(count: int, indent: float) -> list[Atom]:
    """``count`` ruled lines to write on, ``indent`` inches in."""
    return [Atom("rule", RULE_GAP, indent=indent) for _ in range(count)]


@dataclass(frozen=True)
class Flow:
    """One step on the page: its parts (the heading with the first question, each further
    question, the prompt; or a single part), and what to repeat at the top of a page where the
    step goes on (its heading, marked as continued)."""

    parts: tuple[tuple[Atom, ...], ...]
    continued: tuple[Atom, ...] = ()


def paginate(flows: list[Flow], height: float) -> list[list[Atom]]:
    """Pages of atoms: a part is kept on one page when it fits on a page, else it flows line
    by line; a step that goes on over a page break repeats its heading there."""
    pages: list[list[Atom]] = [[]]
    used = 0.0
    continued: tuple[Atom, ...] = ()

    def new_page() -> None:
        nonlocal used
        pages.append([])
        used = 0.0
        for atom in continued:
            pages[-1].append(atom)
            used += atom.height

    def place(atom: Atom) -> None:
        nonlocal used
        if used and used + atom.height > height:
            new_page()
        if not pages[-1] and atom.kind == "gap":
            return  # no gap at the top of a page
        pages[-1].append(atom)
        used += atom.height

    for flow in flows:
        continued = ()  # a step that starts on a new page needs no "continued"
        for part in flow.parts:
            total = sum(a.height for a in part)
            if used and used + total > height and total <= height:
                new_page()
            for atom in part:
                place(atom)
                continued = flow.continued
    return [page for page in pages if page]


def numbered(label: str, text: str, size: float, width: float, indent: float) -> list[Atom]:
    """A numbered paragraph: the number in the margin of its first line, the text beside it."""
    first, *rest = paragraph(text, size, width, indent=indent)
    return [replace(first, label=label), *rest]


# --------------------------------------------------------------------------- drawing


def draw_page(atoms: list[Atom], number: int, total: int, lang: str) -> Figure:
    """One page of atoms from the top margin down, with "Page n of N" in the footer."""
    w, h = PAGE_INCHES
    fig = Figure(figsize=PAGE_INCHES, dpi=72, facecolor="white")
    FigureCanvasAgg(fig)
    y = h - MARGIN_TOP
    for atom in atoms:
        if atom.kind == "text" and atom.label:
            fig.text(
                MARGIN_X / w,
                (y - atom.size * 1.1 / 72) / h,
                atom.label,
                fontproperties=font(atom.size, bold=True),
                color=atom.colour,
                va="baseline",
                ha="left",
                parse_math=False,
            )
        if atom.kind == "text" and atom.text:
            baseline = y - atom.size * 1.1 / 72
            fig.text(
                (MARGIN_X + atom.indent) / w,
                baseline / h,
                atom.text,
                fontproperties=font(atom.size, atom.bold),
                color=atom.colour,
                va="baseline",
                ha="left",
                parse_math=False,
            )
        elif atom.kind == "rule":
            bottom = (y - atom.height + 0.06) / h
            fig.add_artist(
                Line2D(
                    [(MARGIN_X + atom.indent) / w, (w - MARGIN_X) / w],
                    [bottom, bottom],
                    transform=fig.transFigure,
                    color=RULE_COLOUR,
                    linewidth=0.5,
                )
            )
        y -= atom.height
    fig.text(
        0.5,
        FOOTER_Y / h,
        t("questions.page", lang, n=number, total=total),
        fontproperties=font(SMALL),
        color=NOTE_COLOUR,
        ha="center",
        va="baseline",
        parse_math=False,
    )
    return fig
