"""Shared fixtures and helpers: a throw-away copy of the data directory that a test may break
(a test builds its own small atlas from such a copy with ``load_atlas``); the atlas of data/, its
scenarios and the questions of every step (one of each per test module); a
worldview snapshot built by hand from data/worldviews.toml."""

from __future__ import annotations

import csv
import functools
import shutil
import tomllib
from pathlib import Path

import pytest

from geo.files.atlas import Atlas
from geo.files.loading import load_atlas
from geo.files.questions import load_questions
from geo.files.scenarios import load_scenarios
from geo.model.snapshot import WORLDVIEW, Snapshot, Unit
from geo.model.timeline import configurations

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


@pytest.fixture(scope="module")
def atlas():
    return bundled_atlas()


@pytest.fixture(scope="module")
def scenarios(atlas):
    return load_scenarios(source_ids=set(atlas.sources.index))


@pytest.fixture(scope="module")
def steps(atlas, scenarios):
    return load_questions(atlas, scenarios)


def worldview_snapshot(worldview_id: str, atlas) -> Snapshot:
    """A worldview snapshot built by hand from data/worldviews.toml's ``drawn_as`` (the
    interface the lead's worldview snapshots give: ``administered_by`` holds how the map draws
    the group: JP, RU, UNDETERMINED or NOT_STATED)."""
    raw = tomllib.loads((DATA / "worldviews.toml").read_text(encoding="utf-8"))
    (entry,) = [w for w in raw["worldview"] if w["id"] == worldview_id]
    drawn = {g["group"]: g["drawn_as"].upper() for g in entry["group"]}
    units = tuple(
        Unit(
            id=group,
            group=group,
            features=tuple(atlas.areas.loc[atlas.areas["group"] == group, "id"]),
            administered_by=drawn[group],
            administering_state="",
            claimed_by=(),
        )
        for group in atlas.groups
    )
    return Snapshot(
        id=worldview_id,
        kind=WORLDVIEW,
        label=entry["label"],
        subtitle="",
        tag="",
        year=configurations(atlas)[-1],
        units=units,
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that runs a whole copy of the app on broken data (``app_with`` in
    tests/test_broken_files.py: the code and data copied, geo imported afresh, the page run)
    takes about a second: it is part of the slow part of the tests (scripts/test.sh), not the
    fast one."""
    for item in items:
        if "app_with" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)
