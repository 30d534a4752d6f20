"""The page's tables as AppTest sees them: Markdown text parsed back into data frames."""

from __future__ import annotations

import re

import pandas as pd

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


def parse_markdown_table(text: str) -> pd.DataFrame:
    """A pipe table (as ``geo.text.markdown.markdown_table`` writes it): headers unescaped, cells as
    written (escaped, as the page receives them)."""
    lines = [line.strip() for line in text.strip().splitlines()]
    rows = [[cell.strip() for cell in _CELL_SPLIT.split(line)[1:-1]] for line in lines]
    header, rule, *body = rows
    assert all(set(cell) <= {"-", ":"} for cell in rule), f"not a table rule: {rule}"
    return pd.DataFrame(body, columns=[re.sub(r"\\(.)", r"\1", cell) for cell in header])


def tables(at) -> list[pd.DataFrame]:
    """Every table on the page, in order."""
    return [parse_markdown_table(m.value) for m in at.markdown if m.value.startswith("| ")]
