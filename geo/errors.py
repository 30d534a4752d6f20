"""Errors raised by the geo package. Each message names what is wrong and where.

Every error geo raises about its input (a data file, a URL value, a user's choice) is an
:class:`AtlasError`: the app catches that one class and shows its message. A message never
holds an absolute server path: files are named as ``data/...`` (see :func:`data_label`).
"""

from __future__ import annotations

from pathlib import Path

_UNSET = object()
# One error lists at most this many problems of a file, then says how many more there were:
# a file of a million bad rows gives a short message, not one the size of the file.
MAX_LISTED_PROBLEMS = 20
# A problem's own text is cut at this many characters, its place (a row named by its id) and
# field at MAX_PLACE_CHARS: a value quoted from the data can be as long as the file.
MAX_PROBLEM_CHARS = 600
MAX_PLACE_CHARS = 160


def _cut(text: str | None, limit: int) -> str | None:
    return text if text is None or len(text) <= limit else text[: limit - 1] + "…"


class AtlasError(Exception):
    """The one base class of every error about the atlas's input; its message is for a reader."""

    def __str__(self) -> str:  # LookupError subclasses would wrap the message in quotes
        return str(self.args[0]) if self.args else ""


class PublishError(AtlasError):
    """The app could not write the files it serves to the browser (``static/``) at start."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(
            f"{where}: the atlas could not write the files it serves to the browser ({reason}); "
            "check that the folder exists and can be written"
        )


def data_label(path: Path | str) -> str:
    """A file's name as messages show it: from its ``data`` folder on (``data/style.toml``).

    Never an absolute path: outside a ``data`` folder, only the name (``timeline/`` kept).
    """
    path = Path(path)
    parts = path.parts
    if "data" in parts[:-1]:
        start = len(parts) - 1 - parts[::-1].index("data")
        return "/".join(parts[start:])
    return f"timeline/{path.name}" if path.parent.name == "timeline" else path.name


def _shown(value: object) -> str:
    """A found value as a message shows it: short, quoted like Python, never a whole file."""
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


class DataError(AtlasError, ValueError):
    """A data file is missing, unreadable or breaks a rule of the data model.

    The message names the file, the row or feature, the field, what was expected and what was
    found, so that whoever edits the data can fix it without reading code:
    ``data/style.toml: [transfer]: field 'weight': expected a number of pixels (0-20), found
    nothing``. Either give ``problem`` (the whole text), or ``expected`` and ``found`` (the text
    is built from them; ``found`` is shown as Python shows it, ``None`` as "nothing").

    ``problems`` holds the problems of the file when several were collected (see
    :meth:`collect`): the first :data:`MAX_LISTED_PROBLEMS`, then one that says how many more
    were found; ``total`` is how many were found in all. A single problem holds itself.
    """

    def __init__(
        self,
        file: str,
        problem: str | None = None,
        *,
        where: str | None = None,
        field: str | None = None,
        expected: str | None = None,
        found: object = _UNSET,
        problems: tuple[DataError, ...] = (),
    ) -> None:
        if problem is None:
            problem = f"expected {expected}"
            if found is not _UNSET:
                problem += f", found {_shown(found)}"
        elif not problems:
            problem = _cut(problem, MAX_PROBLEM_CHARS)
        self.file = file
        self.where = _cut(where, MAX_PLACE_CHARS)
        self.field = _cut(field, MAX_PLACE_CHARS)
        self.problem: str = problem or ""
        self.expected = expected
        self.found = None if found is _UNSET else found
        self.problems = tuple(problems) or (self,)
        self.total = len(self.problems)
        super().__init__(f"{file}: {self.place}")

    @property
    def place(self) -> str:
        """The message without the file: where, field and problem."""
        parts: list[str] = [self.where] if self.where else []
        if self.field:
            parts.append(f"field '{self.field}'")
        return ": ".join([*parts, self.problem])

    @classmethod
    def collect(cls, problems: list[DataError]) -> DataError:
        """One error for every problem found in a file (the first one's place).

        The first :data:`MAX_LISTED_PROBLEMS` are listed, then how many more there were.
        """
        if len(problems) == 1:
            return problems[0]
        first, total = problems[0], len(problems)
        listed = list(problems[:MAX_LISTED_PROBLEMS])
        if total > len(listed):
            listed.append(
                cls(
                    first.file,
                    f"… and {total - len(listed):,} more problems, not listed "
                    f"({total:,} in all; the first {len(listed)} are above)",
                )
            )
        if len({p.where for p in problems}) == 1 and first.where:  # one row: named once
            listing = "\n".join(
                f"- {p.place[len(first.where) + 2 :] if p.where else p.place}" for p in listed
            )
            head = f"{first.where}: {total:,} problems"
        else:
            listing = "\n".join(f"- {p.place}" for p in listed)
            head = f"{total:,} problems"
        error = cls(first.file, f"{head}:\n{listing}", problems=tuple(listed))
        error.where, error.field = first.where, first.field
        error.expected, error.found = first.expected, first.found
        error.total = total
        return error


def raise_problems(problems: list[DataError]) -> None:
    """Raise every collected problem of a file together, if there is any."""
    if problems:
        raise DataError.collect(problems)


class UnknownIdError(AtlasError, LookupError):
    """A caller asked for a configuration, area or source that the data does not have."""

    def __init__(self, kind: str, value: object, known: list) -> None:
        self.kind = kind
        self.value = value
        self.known = known
        shown = ", ".join(str(k) for k in known)
        super().__init__(f"unknown {kind} {value!r}; known: {shown}")
