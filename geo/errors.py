"""Errors raised by the geo package. Each message names what is wrong and where."""

from __future__ import annotations


class DataError(ValueError):
    """A data file is missing, unreadable or breaks a rule of the data model.

    The message names the file, the row or feature, the field and what was expected, so that
    whoever edits the data can fix it without reading code.
    """

    def __init__(
        self,
        file: str,
        problem: str,
        *,
        where: str | None = None,
        field: str | None = None,
    ) -> None:
        self.file = file
        self.where = where
        self.field = field
        self.problem = problem
        parts = [file]
        if where:
            parts.append(where)
        if field:
            parts.append(f"field '{field}'")
        super().__init__(": ".join(parts) + ": " + problem)


class UnknownIdError(LookupError):
    """A caller asked for a configuration, area or source that the data does not have."""

    def __init__(self, kind: str, value: object, known: list) -> None:
        self.kind = kind
        self.value = value
        self.known = known
        shown = ", ".join(str(k) for k in known)
        super().__init__(f"unknown {kind} {value!r}; known: {shown}")

    def __str__(self) -> str:  # LookupError would wrap the message in quotes
        return self.args[0]
