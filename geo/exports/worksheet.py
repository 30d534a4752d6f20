"""The printable worksheet (issue 21): the questions of some steps, with room to write, and the
discussion prompts, then an answer key on its own page(s). A4 portrait PDF.

Per step: its heading (the step's label in the language), its questions (numbered through the
whole worksheet) each followed by ruled lines to write on, and the prompt to discuss. The answer
key starts on a new page: per step, the answers (computed from the data by
:func:`geo.text.questions.answer`) and the sources of the prompt. Long texts wrap (between words,
and between characters in Japanese, keeping closing punctuation off the start of a line); nothing
is cut off; as many pages as the text needs, numbered "Page n of N".

Fonts as in the handout (:func:`geo.exports.print_output.font_families`): DejaVu Sans for Latin and
Cyrillic, IPAexGothic from the pinned ``matplotlib-fontja`` package for kanji and kana, both
embedded as TrueType, so Japanese and Russian print with no system fonts. Texts are plain text
(never mathtext). Deterministic: the same input gives the same bytes (no creation date).

Nothing here imports Streamlit.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D

from geo.errors import UnknownIdError
from geo.exports import print_page
from geo.exports.print_output import font_families
from geo.files.atlas import Atlas
from geo.files.style import load_style
from geo.i18n import LANGUAGES, NAME_MODES, t
from geo.model.compare import resolve_snapshot
from geo.model.snapshot import SCENARIO, Snapshot
from geo.text.questions import Step, answer, load_questions, question_text, step_label

PAGE_INCHES = (8.27, 11.69)  # A4 portrait (210 x 297 mm)
MARGIN_X = 0.75
MARGIN_TOP = 0.7
MARGIN_BOTTOM = 0.8  # the page number sits in it
FOOTER_Y = 0.42
LINE_SPACING = 1.45  # line height as a multiple of the font size
WRITING_LINES = 2  # ruled lines after each question
DISCUSS_LINES = 3  # ruled lines after each prompt
RULE_GAP = 0.32  # inches between ruled lines
NUMBER_WIDTH = 0.3  # inches for a question's number in the margin
RULE_COLOUR = "#9a9a9a"
TEXT_COLOUR = "#111111"
NOTE_COLOUR = "#333333"

# Type sizes (points).
TITLE, SUBTITLE, HEADING, BODY, PROMPT, SMALL = 15.0, 9.0, 11.5, 9.5, 9.0, 7.5

_RC = {
    "pdf.fonttype": 42,  # TrueType outlines embedded (Type 42), with a ToUnicode map
    "ps.fonttype": 42,
    "text.usetex": False,
    "pdf.compression": 9,
}


# --------------------------------------------------------------------------- text measure


def _font(size: float, bold: bool = False) -> FontProperties:
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
        text, _font(_MEASURE_SIZE, bold), ismath=False
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
class _Atom:
    """One unbreakable piece of a page: a line of text, a ruled line or a gap (inches)."""

    kind: str  # "text", "rule" or "gap"
    height: float
    text: str = ""
    size: float = BODY
    bold: bool = False
    indent: float = 0.0
    colour: str = TEXT_COLOUR
    label: str = ""  # drawn in the left margin of the line (a question's number)


def _lines(
    text: str, size: float, width: float, *, bold=False, indent=0.0, colour=TEXT_COLOUR
) -> list[_Atom]:
    """A paragraph as text atoms, one per line, every line ``indent`` inches in."""
    height = size * LINE_SPACING / 72
    return [
        _Atom("text", height, line, size, bold, indent, colour)
        for line in wrap(text, size, width - indent, bold)
    ]


def _gap(inches: float) -> _Atom:
    return _Atom("gap", inches)


def _rules(count: int, indent: float) -> list[_Atom]:
    return [_Atom("rule", RULE_GAP, indent=indent) for _ in range(count)]


@dataclass(frozen=True)
class _Flow:
    """One step on the page: its parts (the heading with the first question, each further
    question, the prompt; or a single part), and what to repeat at the top of a page where the
    step goes on (its heading, marked as continued)."""

    parts: tuple[tuple[_Atom, ...], ...]
    continued: tuple[_Atom, ...] = ()


def _paginate(flows: list[_Flow], height: float) -> list[list[_Atom]]:
    """Pages of atoms: a part is kept on one page when it fits on a page, else it flows line
    by line; a step that goes on over a page break repeats its heading there."""
    pages: list[list[_Atom]] = [[]]
    used = 0.0
    continued: tuple[_Atom, ...] = ()

    def new_page() -> None:
        nonlocal used
        pages.append([])
        used = 0.0
        for atom in continued:
            pages[-1].append(atom)
            used += atom.height

    def place(atom: _Atom) -> None:
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


# --------------------------------------------------------------------------- content


def _step_heading(snapshot: Snapshot, atlas: Atlas, lang: str) -> str:
    """A step's heading: its label in the language ("Scenario: ..." for a scenario)."""
    label = step_label(snapshot, atlas, lang)
    if snapshot.kind == SCENARIO:
        return t("compare.scenario", lang, label=label)
    return label


def _source_title(atlas: Atlas, source_id: str) -> str:
    """A source as "title (publisher, date)"."""
    row = atlas.sources.loc[source_id]
    details = ", ".join(str(row[k]) for k in ("publisher", "date") if str(row.get(k, "") or ""))
    return f"{row['title']} ({details})" if details else str(row["title"])


@dataclass(frozen=True)
class _Entry:
    """One step as the worksheet prints it."""

    heading: str
    questions: tuple[tuple[int, str, str], ...]  # (number, question, answer)
    prompt: str
    sources: tuple[str, ...]


def _entries(
    steps: list[str],
    atlas: Atlas,
    scenarios: dict,
    lang: str,
    names_mode: str,
    questions: Mapping[str, Step],
    snapshots: Mapping[str, Snapshot],
    style: dict,
) -> list[_Entry]:
    """Every step's heading, questions with their answers (numbered through the worksheet),
    prompt and the prompt's sources."""
    entries = []
    number = 0
    for step_id in steps:
        if step_id not in questions:
            raise UnknownIdError("worksheet step", step_id, list(questions))
        step = questions[step_id]
        snapshot = snapshots.get(step_id) or resolve_snapshot(step_id, atlas, scenarios)
        rows = []
        for question in step.questions:
            number += 1
            kwargs = {"lang": lang, "names_mode": names_mode, "style": style}
            asked = question_text(question, snapshot, atlas, **kwargs)
            answered = answer(question, snapshot, atlas, **kwargs)
            rows.append((number, asked, answered.text))
        entries.append(
            _Entry(
                heading=_step_heading(snapshot, atlas, lang),
                questions=tuple(rows),
                prompt=step.prompt.text(lang),
                sources=tuple(_source_title(atlas, s) for s in step.prompt.sources),
            )
        )
    return entries


def _sheet_parts(entries: list[_Entry], lang: str, width: float) -> list[_Flow]:
    """The worksheet's steps as parts for :func:`_paginate`, after the title."""
    title = [
        *_lines(t("questions.title", lang), TITLE, width, bold=True),
        _gap(0.04),
        *_lines(t("questions.subtitle", lang), SUBTITLE, width, colour=NOTE_COLOUR),
        _gap(0.12),
        *_lines(t("questions.name_line", lang), BODY, width),
        _gap(0.1),
    ]
    flows = [_Flow((tuple(title),))]
    for entry in entries:
        parts = []
        part = [_gap(0.16), *_lines(entry.heading, HEADING, width, bold=True), _gap(0.04)]
        for number, asked, _ in entry.questions:
            part += _numbered(f"{number}.", asked, BODY, width, NUMBER_WIDTH)
            part += _rules(WRITING_LINES, NUMBER_WIDTH)
            part.append(_gap(0.08))
            parts.append(tuple(part))
            part = []
        part = _lines(t("questions.discuss", lang), BODY, width, bold=True)
        part += _lines(entry.prompt, PROMPT, width, colour=NOTE_COLOUR)
        part += _rules(DISCUSS_LINES, 0.0)
        parts.append(tuple(part))
        continued = t("questions.continued", lang, label=entry.heading)
        flows.append(
            _Flow(
                tuple(parts),
                (*_lines(continued, SUBTITLE, width, bold=True, colour=NOTE_COLOUR), _gap(0.06)),
            )
        )
    return flows


def _key_parts(entries: list[_Entry], lang: str, width: float) -> list[_Flow]:
    """The answer key's steps as parts for :func:`_paginate`, after its title."""
    title = [
        *_lines(t("questions.answer_key", lang), TITLE, width, bold=True),
        _gap(0.04),
        *_lines(t("questions.key_note", lang), SMALL, width, colour=NOTE_COLOUR),
        _gap(0.08),
    ]
    flows = [_Flow((tuple(title),))]
    for entry in entries:
        part = [_gap(0.1), *_lines(entry.heading, BODY, width, bold=True)]
        for number, _, answered in entry.questions:
            part += _numbered(f"{number}.", answered, BODY, width, NUMBER_WIDTH)
        sources = t("questions.prompt_sources", lang) + ": " + "; ".join(entry.sources)
        part += _lines(sources, SMALL, width, indent=NUMBER_WIDTH, colour=NOTE_COLOUR)
        flows.append(_Flow((tuple(part),)))
    return flows


def _numbered(label: str, text: str, size: float, width: float, indent: float) -> list[_Atom]:
    """A numbered paragraph: the number in the margin of its first line, the text beside it."""
    first, *rest = _lines(text, size, width, indent=indent)
    return [replace(first, label=label), *rest]


# --------------------------------------------------------------------------- drawing


def _draw_page(atoms: list[_Atom], number: int, total: int, lang: str) -> Figure:
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
                fontproperties=_font(atom.size, bold=True),
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
                fontproperties=_font(atom.size, atom.bold),
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
        fontproperties=_font(SMALL),
        color=NOTE_COLOUR,
        ha="center",
        va="baseline",
        parse_math=False,
    )
    return fig


def build_worksheet(
    steps,
    atlas: Atlas,
    scenarios: dict,
    lang: str = "en",
    names_mode: str = "local",
    *,
    questions: Mapping[str, Step] | None = None,
    snapshots: Mapping[str, Snapshot] | None = None,
    style: dict | None = None,
) -> bytes:
    """The worksheet of ``steps`` (step ids, in the order given) as the bytes of an A4
    portrait PDF: the questions with space to write and the prompts, then the answer key on
    its own page(s).

    Parameters
    ----------
    steps : step ids ("1951", "decl_1956", "japan_official", ...).
    atlas, scenarios : the atlas and the loaded scenarios.
    lang : the language of the texts (en, ja, ru).
    names_mode : how places are named (local, en, ja, ru; see :func:`geo.text.questions.place`).
    questions : the loaded questions (``load_questions``); read from the data by default.
    snapshots : snapshots already resolved, by step id; others are resolved with
        :func:`geo.model.compare.resolve_snapshot`.
    style : the map style (state names); read from the atlas's data folder by default.

    Raises ValueError for an unknown language or names mode or an empty list of steps,
    UnknownIdError for a step without questions, HandoutError if the font package is missing.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language: expected one of {list(LANGUAGES)}, got {lang!r}")
    if names_mode not in NAME_MODES:
        raise ValueError(f"names mode: expected one of {list(NAME_MODES)}, got {names_mode!r}")
    steps = list(steps)
    if not steps:
        raise ValueError("a worksheet needs at least one step")
    questions = questions if questions is not None else load_questions(atlas, scenarios)
    style = style if style is not None else load_style(atlas.data_dir / "style.toml")
    families = font_families()
    logger = logging.getLogger("matplotlib.font_manager")
    logger.addFilter(_no_bold_warning)  # measuring bold text asks for the font too
    try:
        entries = _entries(
            steps, atlas, scenarios, lang, names_mode, questions, snapshots or {}, style
        )
        width = PAGE_INCHES[0] - 2 * MARGIN_X
        height = PAGE_INCHES[1] - MARGIN_TOP - MARGIN_BOTTOM
        pages = _paginate(_sheet_parts(entries, lang, width), height)
        pages += _paginate(_key_parts(entries, lang, width), height)
        metadata = {
            "Title": t("questions.title", lang),
            "Creator": "Kuril Islands dispute atlas",
            "CreationDate": None,
        }
        buffer = io.BytesIO()
        # rcParams are global: one PDF (handout or worksheet) is drawn at a time.
        with (
            print_page.DRAWING_LOCK,
            matplotlib.rc_context({**_RC, "font.family": list(families)}),
            PdfPages(buffer, metadata=metadata) as pdf,
        ):
            for number, atoms in enumerate(pages, start=1):
                pdf.savefig(_draw_page(atoms, number, len(pages), lang))
    finally:
        logger.removeFilter(_no_bold_warning)
    return buffer.getvalue()


def _no_bold_warning(record: logging.LogRecord) -> bool:
    """IPAexGothic has no bold face: bold Japanese is drawn regular, as expected."""
    return "Failed to find font weight" not in record.getMessage()


def worksheet_filename(lang: str = "en", names_mode: str = "local") -> str:
    """A download name, e.g. ``kuril-islands-dispute-worksheet-en-local.pdf``."""
    return f"kuril-islands-dispute-worksheet-{lang}-{names_mode}.pdf"


__all__ = ["PAGE_INCHES", "build_worksheet", "text_width", "worksheet_filename", "wrap"]
