"""The old collector of a file's problems, kept for the loaders not yet on schemas
(:mod:`geo.files.schema` replaces it: a file's schema and one translation of its errors)."""

from __future__ import annotations

import math

from geo.errors import DataError, raise_problems

_UNSET = object()


class Problems:
    """Every problem found in one file, raised together by :meth:`raise_all`.

    The checkers record a problem (file, where, field, expected, found) and return a safe
    value, so that checking goes on to the end of the file.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.items: list[DataError] = []

    def __len__(self) -> int:
        return len(self.items)

    def add(
        self,
        problem: str | None = None,
        *,
        where: str | None = None,
        field: str | None = None,
        expected: str | None = None,
        found: object = _UNSET,
    ) -> None:
        self.items.append(
            DataError(self.label, problem, where=where, field=field, expected=expected, found=found)
        )

    def extend(self, error: DataError) -> None:
        self.items.extend(error.problems)

    def raise_all(self) -> None:
        raise_problems(self.items)

    def unknown_keys(self, table: dict, allowed, where: str | None) -> None:
        """A problem naming every key of ``table`` that is not one of ``allowed``."""
        unknown = sorted(set(table) - set(allowed))
        if unknown:
            self.add(f"found unknown key(s) {unknown}; expected only {list(allowed)}", where=where)

    def table(self, parent: dict, key: str, where: str | None = None) -> dict:
        """A TOML table (section); an empty dict (and a problem) if it is missing or not one."""
        value = parent.get(key)
        if not isinstance(value, dict):
            self.add(where=where or f"[{key}]", expected="a table of keys", found=value)
            return {}
        return value

    def text(self, table: dict, key: str, where: str | None, required: bool = True) -> str:
        """Stripped text at ``key``; "" (and a problem) if missing, empty or not text."""
        value = table.get(key, None if required else "")
        if not isinstance(value, str) or (required and not value.strip()):
            self.add(
                where=where,
                field=key,
                expected="non-empty text" if required else "text",
                found=value,
            )
            return ""
        return value.strip()

    def number(
        self, table: dict, key: str, where: str | None, expected: str, low: float, high: float
    ) -> float | None:
        """A finite number in (low, high] at ``key``; None (and a problem) otherwise."""
        value = table.get(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not low < value <= high
        ):
            self.add(where=where, field=key, expected=expected, found=value)
            return None
        return value

    def id_list(
        self,
        table: dict,
        key: str,
        where: str | None,
        known: set[str] | None,
        required: bool = True,
    ) -> tuple[str, ...]:
        """A list of source ids at ``key``, each known; () (and a problem) otherwise."""
        value = table.get(key, None if required else [])
        if not isinstance(value, list) or not all(isinstance(i, str) and i.strip() for i in value):
            self.add(where=where, field=key, expected="a list of source ids", found=value)
            return ()
        ids = tuple(i.strip() for i in value)
        if required and not ids:
            self.add(where=where, field=key, expected="at least one source id", found=value)
        unknown = [i for i in ids if known is not None and i not in known]
        if unknown:
            self.add(
                f"unknown source id(s) {unknown}; every source must be listed in sources.csv",
                where=where,
                field=key,
            )
        return ids
