"""Shared fixtures: the atlas of data/, and a throw-away copy of the data directory that a test
may break (a test builds its own small atlas from such a copy with ``load_atlas``)."""

from __future__ import annotations

import csv
import functools
import shutil
from pathlib import Path

import pytest

from geo.files.atlas import Atlas
from geo.files.loading import load_atlas

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@functools.cache
def bundled_atlas() -> Atlas:
    """The atlas of data/, loaded and checked once per test process, as the app loads it once
    per server process and passes it on (geo has no atlas of its own to fall back on)."""
    return load_atlas(DATA)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ (without the build cache) in a temporary directory."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("cache"))
    return target


def edit_csv(path: Path, change) -> None:
    """Rewrite a CSV file through ``change(rows)``: it edits rows in place or returns new ones."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        columns, rows = reader.fieldnames, list(reader)
    rows = change(rows) or rows
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
