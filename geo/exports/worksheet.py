"""The printable worksheet (issue 21): the questions of some steps, with room to write, and the
discussion prompts, then an answer key on its own page(s). A4 portrait PDF.

Per step: its heading (the step's label in the language), its questions (numbered through the
whole worksheet) each followed by ruled lines to write on, and the prompt to discuss. The answer
key starts on a new page: per step, the answers (computed from the data by
:func:`geo.text.questions.answer`) and the sources of the prompt. Long texts wrap (between words,
and between characters in Japanese, keeping closing punctuation off the start of a line); nothing
is cut off; as many pages as the text needs, numbered "Page n of N".

The page layout, text measuring and wrapping: geo/exports/worksheet_layout.py. Fonts as in the
handout (:func:`geo.exports.print_output.font_families`): DejaVu Sans for Latin and Cyrillic,
IPAexGothic from the pinned ``matplotlib-fontja`` package for kanji and kana, both embedded as
TrueType, so Japanese and Russian print with no system fonts. Deterministic: the same input
gives the same bytes (no creation date).

Nothing here imports Streamlit.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass

from matplotlib.backends.backend_pdf import PdfPages

from geo.errors import UnknownIdError
from geo.exports.print_output import drawing
from geo.exports.print_sources import source_title
from geo.exports.worksheet_layout import (
    BODY,
    HEADING,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    NOTE_COLOUR,
    NUMBER_WIDTH,
    PAGE_INCHES,
    PROMPT,
    SMALL,
    SUBTITLE,
    TITLE,
    Flow,
    draw_page,
    gap,
    numbered,
    paginate,
    paragraph,
    rules,
)
from geo.files.atlas import Atlas
from geo.files.questions import Step, load_questions
from geo.files.style import Style, load_style
from geo.i18n import LANGUAGES, NAME_MODES, t
from geo.model.compare import resolve_snapshot
from geo.model.snapshot import SCENARIO, Snapshot
from geo.text.questions import answer, question_text, step_label

WRITING_LINES = 2  # ruled lines after each question
DISCUSS_LINES = 3  # ruled lines after each prompt


# --------------------------------------------------------------------------- content


def _step_heading(snapshot: Snapshot, atlas: Atlas, lang: str) -> str:
    """A step's heading: its label in the language ("Scenario: ..." for a scenario)."""
    label = step_label(snapshot, atlas, lang)
    if snapshot.kind == SCENARIO:
        return t("compare.scenario", lang, label=label)
    return label


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
    style: Style,
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
            asked = question_text(
                question, snapshot, atlas, lang=lang, names_mode=names_mode, style=style
            )
            answered = answer(
                question, snapshot, atlas, lang=lang, names_mode=names_mode, style=style
            )
            rows.append((number, asked, answered.text))
        entries.append(
            _Entry(
                heading=_step_heading(snapshot, atlas, lang),
                questions=tuple(rows),
                prompt=step.prompt.text(lang),
                sources=tuple(source_title(atlas, s) for s in step.prompt.sources),
            )
        )
    return entries


def _sheet_parts(entries: list[_Entry], lang: str, width: float) -> list[Flow]:
    """The worksheet's steps as parts for :func:`paginate`, after the title."""
    title = [
        *paragraph(t("questions.title", lang), TITLE, width, bold=True),
        gap(0.04),
        *paragraph(t("questions.subtitle", lang), SUBTITLE, width, colour=NOTE_COLOUR),
        gap(0.12),
        *paragraph(t("questions.name_line", lang), BODY, width),
        gap(0.1),
    ]
    flows = [Flow((tuple(title),))]
    for entry in entries:
        parts = []
        part = [gap(0.16), *paragraph(entry.heading, HEADING, width, bold=True), gap(0.04)]
        for number, asked, _ in entry.questions:
            part += numbered(f"{number}.", asked, BODY, width, NUMBER_WIDTH)
            part += rules(WRITING_LINES, NUMBER_WIDTH)
            part.append(gap(0.08))
            parts.append(tuple(part))
            part = []
        part = paragraph(t("questions.discuss", lang), BODY, width, bold=True)
        part += paragraph(entry.prompt, PROMPT, width, colour=NOTE_COLOUR)
        part += rules(DISCUSS_LINES, 0.0)
        parts.append(tuple(part))
        continued = t("questions.continued", lang, label=entry.heading)
        flows.append(
            Flow(
                tuple(parts),
                (*paragraph(continued, SUBTITLE, width, bold=True, colour=NOTE_COLOUR), gap(0.06)),
            )
        )
    return flows


def _key_parts(entries: list[_Entry], lang: str, width: float) -> list[Flow]:
    """The answer key's steps as parts for :func:`paginate`, after its title."""
    title = [
        *paragraph(t("questions.answer_key", lang), TITLE, width, bold=True),
        gap(0.04),
        *paragraph(t("questions.key_note", lang), SMALL, width, colour=NOTE_COLOUR),
        gap(0.08),
    ]
    flows = [Flow((tuple(title),))]
    for entry in entries:
        part = [gap(0.1), *paragraph(entry.heading, BODY, width, bold=True)]
        for number, _, answered in entry.questions:
            part += numbered(f"{number}.", answered, BODY, width, NUMBER_WIDTH)
        sources = t("questions.prompt_sources", lang) + ": " + "; ".join(entry.sources)
        part += paragraph(sources, SMALL, width, indent=NUMBER_WIDTH, colour=NOTE_COLOUR)
        flows.append(Flow((tuple(part),)))
    return flows


def build_worksheet(
    steps,
    atlas: Atlas,
    scenarios: dict,
    lang: str = "en",
    names_mode: str = "local",
    *,
    questions: Mapping[str, Step] | None = None,
    snapshots: Mapping[str, Snapshot] | None = None,
    style: Style | None = None,
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
    # The lock and the fonts' settings of every printed document; measuring asks for the fonts.
    with drawing():
        entries = _entries(
            steps, atlas, scenarios, lang, names_mode, questions, snapshots or {}, style
        )
        width = PAGE_INCHES[0] - 2 * MARGIN_X
        height = PAGE_INCHES[1] - MARGIN_TOP - MARGIN_BOTTOM
        pages = paginate(_sheet_parts(entries, lang, width), height)
        pages += paginate(_key_parts(entries, lang, width), height)
        metadata = {
            "Title": t("questions.title", lang),
            "Creator": "Kuril Islands dispute atlas",
            "CreationDate": None,
        }
        buffer = io.BytesIO()
        with PdfPages(buffer, metadata=metadata) as pdf:
            for number, atoms in enumerate(pages, start=1):
                pdf.savefig(draw_page(atoms, number, len(pages), lang))
    return buffer.getvalue()


def worksheet_filename(lang: str = "en", names_mode: str = "local") -> str:
    """A download name, e.g. ``kuril-islands-dispute-worksheet-en-local.pdf``."""
    return f"kuril-islands-dispute-worksheet-{lang}-{names_mode}.pdf"


__all__ = ["build_worksheet", "worksheet_filename"]
