"""A lesson the teacher composes (issue 21 part 4): any steps in any order, each with a line of
the teacher's own notes, kept in the link and in a small file to download and open again.

A :class:`LessonPlan` is a title and a list of :class:`PlanStep`: the snapshot a step shows (a
year, a scenario, one side's own map or the custom division) and, for a compare pair, the
snapshot it is set beside (the map outlines what differs from it, and the notes compare the
two). The shipped default lesson is ``data/lesson.toml``, read like any lesson file.

- :func:`plan_from_params` / :meth:`LessonPlan.to_params`: the link's ``lesson`` (steps, e.g.
  ``1855,1875,japan_official~russia_official``) and ``notes`` (one line per step) parameters;
- :func:`read_plan` / :func:`plan_toml`: the lesson file (TOML), read with the same size and
  nesting limits as the data files, every problem named;
- :meth:`LessonPlan.tokens`: the ids a presentation steps through, one per step (a snapshot
  may come twice in a lesson), and the snapshot each shows.

Notes are the teacher's plain text: one line each, at most ``MAX_NOTE`` characters, shown as
text and never as markup. Nothing here imports Streamlit.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from geo.errors import DataError, data_label
from geo.files.lesson import MAX_NOTE, MAX_STEPS, MAX_TITLE, check_lesson
from geo.files.read import DATA_DIR, MAX_NESTING, read_toml

LESSON_PATH = DATA_DIR / "lesson.toml"
MAX_FILE_BYTES = 16 * 1024
PAIR = "~"  # beside~shown, in the link
ASK = "?"  # shown? : the step opens with its question asked


@dataclass(frozen=True)
class PlanStep:
    """One step of a lesson: the snapshot shown, the one it is set beside, the teacher's line."""

    show: str
    beside: str = ""
    note: str = ""
    # Presenting, the step opens with its question asked (geo.text.questions; Q shows the answer).
    ask: bool = False

    @property
    def link_text(self) -> str:
        text = f"{self.beside}{PAIR}{self.show}" if self.beside else self.show
        return text + ASK if self.ask else text


@dataclass(frozen=True)
class LessonPlan:
    """A composed lesson: a title and its steps, in order."""

    steps: tuple[PlanStep, ...]
    title: str = ""

    def tokens(self) -> tuple[str, ...]:
        """One id per step for the presentation's step bar: ``<n>:<snapshot id>``, unique
        even where a snapshot comes twice."""
        return tuple(f"{n}:{step.show}" for n, step in enumerate(self.steps, start=1))

    def snapshot_of(self) -> dict[str, str]:
        """Step id -> the snapshot it shows."""
        return dict(zip(self.tokens(), (s.show for s in self.steps), strict=True))

    def to_params(self) -> dict[str, str]:
        """The link's parameters: the steps, and the notes when any step has one."""
        params = {"lesson": ",".join(step.link_text for step in self.steps)}
        if self.title:
            params["title"] = self.title
        if any(step.note for step in self.steps):
            params["notes"] = "\n".join(step.note for step in self.steps)
        return params

    def with_steps(self, steps: Iterable[PlanStep]) -> LessonPlan:
        return replace(self, steps=tuple(steps))


def clean_note(text: object) -> str:
    """A teacher's note as the atlas keeps it: one line, at most ``MAX_NOTE`` characters, with
    control characters removed (plain text; the page escapes it)."""
    line = " ".join(str(text or "").split())
    line = "".join(c for c in line if c.isprintable())
    return line if len(line) <= MAX_NOTE else line[: MAX_NOTE - 1] + "…"


def apply_edits(plan: LessonPlan, edits: dict, by_label: dict[str, str]) -> LessonPlan:
    """``plan`` after the edits of its table (Streamlit's data editor: ``edited_rows`` by row
    index, ``deleted_rows``, ``added_rows``; maps named by their labels, ``by_label``). A row
    without a map to show is left out, a map set beside itself is not a pair, notes are
    cleaned and at most ``MAX_STEPS`` steps are kept."""
    rows: list[dict[str, Any]] = [
        {"show": s.show, "beside": s.beside, "note": s.note, "ask": s.ask} for s in plan.steps
    ]
    for index, changes in (edits.get("edited_rows") or {}).items():
        if not 0 <= int(index) < len(rows) or not isinstance(changes, dict):
            continue
        row = rows[int(index)]
        for column, value in changes.items():
            if column == "note":
                row["note"] = str(value or "")
            elif column == "ask":
                row["ask"] = value is True
            elif column in ("show", "beside"):
                row[column] = by_label.get(value, "")
    deleted = {int(i) for i in edits.get("deleted_rows") or []}
    rows = [row for i, row in enumerate(rows) if i not in deleted]
    for added in edits.get("added_rows") or []:
        if isinstance(added, dict):
            rows.append(
                {
                    "show": by_label.get(str(added.get("show") or ""), ""),
                    "beside": by_label.get(str(added.get("beside") or ""), ""),
                    "note": str(added.get("note") or ""),
                    "ask": added.get("ask") is True,
                }
            )
    steps = [
        PlanStep(
            show=row["show"],
            beside=row["beside"] if row["beside"] != row["show"] else "",
            note=clean_note(row["note"]),
            ask=row["ask"],
        )
        for row in rows
        if row["show"]
    ]
    return plan.with_steps(steps[:MAX_STEPS])


def clean_title(text: object) -> str:
    """A lesson's title as kept: one line of at most ``MAX_TITLE`` printable characters."""
    line = "".join(c for c in " ".join(str(text or "").split()) if c.isprintable())
    return line[:MAX_TITLE]


def _shown(value: str) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else text[:40] + "…")


def plan_from_params(
    lesson: str, notes: str, choices: Iterable[str]
) -> tuple[LessonPlan | None, list[str]]:
    """A lesson from the link's ``lesson`` and ``notes`` values, and plain-text notices for
    what could not be used (an unknown snapshot id, too many steps). None when no step is
    usable."""
    known = set(choices)
    notices: list[str] = []
    parts = [p for p in str(lesson).split(",") if p.strip()]
    if len(parts) > MAX_STEPS:
        notices.append(f"lesson: {len(parts)} steps, at most {MAX_STEPS}; the rest left out.")
        parts = parts[:MAX_STEPS]
    lines = str(notes).split("\n") if notes else []
    steps, unknown = [], []
    for index, part in enumerate(parts):
        text = part.strip()
        ask = text.endswith(ASK)
        beside, _, show = text.removesuffix(ASK).rpartition(PAIR)
        if show not in known or (beside and beside not in known):
            unknown.append(part)
            continue
        note = clean_note(lines[index]) if index < len(lines) else ""
        steps.append(PlanStep(show=show, beside=beside, note=note, ask=ask))
    if unknown:
        listed = ", ".join(_shown(u) for u in unknown[:3])
        more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
        notices.append(f"lesson: {listed}{more} not a year, scenario or country's map; left out.")
    return (LessonPlan(tuple(steps)) if steps else None), notices


def read_plan(path: Path | str, choices: Iterable[str], label: str | None = None) -> LessonPlan:
    """A lesson file (``data/lesson.toml``, or one a teacher downloaded), checked: every
    problem named with its step and field (raises :class:`~geo.errors.DataError`)."""
    label = label or data_label(path)
    return _plan(read_toml(path, label), choices, label)


def plan_from_bytes(content: bytes, choices: Iterable[str], name: str) -> LessonPlan:
    """A lesson file uploaded by a teacher (``name`` is what it was called), checked like
    :func:`read_plan` within ``MAX_FILE_BYTES``."""
    label = f"lesson file {name[:60]!r}"
    if len(content) > MAX_FILE_BYTES:
        raise DataError(
            label, f"is {len(content):,} bytes; a lesson file is at most {MAX_FILE_BYTES:,}"
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataError(label, "is not UTF-8 text (a lesson file saved by the atlas is)") from None
    try:
        doc = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        raise DataError(label, f"is not a lesson file (TOML: {str(exc)[:120]})") from None
    if _depth(doc) > MAX_NESTING:
        raise DataError(label, f"nests tables deeper than {MAX_NESTING} levels")
    return _plan(doc, choices, label)


def _depth(value, level: int = 0) -> int:
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def _plan(doc: dict, choices: Iterable[str], label: str) -> LessonPlan:
    """The lesson of a checked lesson file (:func:`geo.files.lesson.check_lesson`)."""
    lesson = check_lesson(doc, choices, label)
    steps = tuple(
        PlanStep(show=s.show, beside=s.beside, note=clean_note(s.note), ask=s.ask)
        for s in lesson.step
    )
    return LessonPlan(steps, title=clean_title(lesson.title))


def plan_toml(plan: LessonPlan) -> str:
    """The lesson as a file to download and open again (TOML, UTF-8)."""

    def quoted(text: str) -> str:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + "".join(c if c.isprintable() else " " for c in escaped) + '"'

    lines = [
        "# A lesson of the Kuril Islands / Northern Territories atlas: open it in the atlas's",
        "# Lesson view to present it again. Each [[step]]: show (a year, scenario or country's",
        "# map), beside (optional: the map it is compared with), note (one line of your own),",
        "# ask (true: presenting, the step opens with its question asked).",
        f"title = {quoted(plan.title)}",
    ]
    for step in plan.steps:
        lines += ["", "[[step]]", f"show = {quoted(step.show)}"]
        if step.beside:
            lines.append(f"beside = {quoted(step.beside)}")
        if step.note:
            lines.append(f"note = {quoted(step.note)}")
        if step.ask:
            lines.append("ask = true")
    return "\n".join(lines) + "\n"


def default_plan(choices: Iterable[str], path: Path | str | None = None) -> LessonPlan:
    """The shipped lesson (``data/lesson.toml``)."""
    return read_plan(path or LESSON_PATH, choices)
