"""Read and cross-check every data file of the atlas into one :class:`~geo.files.atlas.Atlas`.

All files live in one data directory (``data/`` beside this package by default); each has its
module and schema in geo/files/:

- ``timeline/sources.csv``, ``timeline/source_kinds.csv``, ``timeline/names.csv``:
  :mod:`geo.files.sources` (every source cited anywhere, its kind; the names of every feature
  and group in English, Japanese and Russian);
- ``areas.geojson``, ``lines.geojson``, ``basemap.geojson``: :mod:`geo.files.geometry`;
- ``timeline/configurations.toml``: :mod:`geo.files.configurations` (one entry per
  configuration year: instrument, quote, readings);
- ``timeline/status.csv``: :mod:`geo.files.status` (who administers / claims each group in
  each configuration);
- ``timeline/events.csv``: :mod:`geo.files.events`.

Read on demand, not by :func:`load_atlas`: ``timeline/quote_texts.toml``
(:mod:`geo.files.quote_texts`) and ``timeline/official_areas.csv``
(:mod:`geo.files.official_areas`).

:func:`load_atlas` reads the files in the order their cross-references need (sources first:
every other file cites them), and raises one :class:`~geo.errors.DataError` naming the file,
the row or feature, the field, what was expected and what was found.
"""

from __future__ import annotations

from pathlib import Path

from geo.errors import data_label
from geo.files.atlas import Atlas
from geo.files.configurations import load_configurations
from geo.files.events import load_events
from geo.files.geometry import check_basemap, load_areas, load_lines
from geo.files.read import DATA_DIR
from geo.files.sources import add_source_kinds, check_names_cover, load_names, load_sources
from geo.files.status import load_status


def label_in(data_dir: Path, path: Path) -> str:
    """A file of the data folder ``data_dir`` as messages show it: from that folder on
    (``data/timeline/status.csv``); a file elsewhere by :func:`~geo.errors.data_label`."""
    try:
        return str(Path(data_dir.name) / path.relative_to(data_dir))
    except ValueError:
        return data_label(path)


def load_atlas(data_dir: Path | str | None = None) -> Atlas:
    """Read and cross-check every data file in ``data_dir`` (default: the bundled ``data/``).

    Each file is checked against its schema, with what the files read before it give (the
    source ids, the groups of areas.geojson, the configuration years) for its
    cross-references.

    Raises
    ------
    DataError
        naming the file, the row or feature, the field, what was expected and what was found.
    """
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR

    def file(name: str) -> tuple[Path, str]:
        path = data_dir / name
        return path, label_in(data_dir, path)

    sources = add_source_kinds(
        *file("timeline/source_kinds.csv"), load_sources(*file("timeline/sources.csv"))
    )
    source_ids = set(sources.index)
    names = load_names(*file("timeline/names.csv"), source_ids)
    areas = load_areas(*file("areas.geojson"))
    check_basemap(*file("basemap.geojson"))
    groups = tuple(dict.fromkeys(areas["group"]))  # in file order
    check_names_cover(
        names, areas["id"], groups, file("timeline/names.csv")[1], file("areas.geojson")[1]
    )
    configurations = load_configurations(*file("timeline/configurations.toml"), source_ids)
    years = set(configurations)
    status = load_status(*file("timeline/status.csv"), years, set(groups), source_ids)
    return Atlas(
        data_dir=data_dir,
        areas=areas,
        lines=load_lines(*file("lines.geojson"), years),
        names=names,
        sources=sources,
        configurations=configurations,
        status=status,
        groups=groups,
        events=load_events(*file("timeline/events.csv"), configurations, set(groups), source_ids),
    )
