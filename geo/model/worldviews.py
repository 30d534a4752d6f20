"""Worldviews: how one authority's own maps draw the area today, as snapshots (issue 21).

``data/worldviews.toml`` records, for each worldview (Japan's authorized school atlases,
Russia's official position, international reference maps), how its maps draw every status
group: ``JP``, ``RU``, ``UNDETERMINED`` (left white: attribution undetermined, 帰属未定) or
``not_stated`` (no source read says), whose claim they mark, the boundary lines they draw, and
the sources of each. :func:`geo.files.worldviews.load_worldviews` checks the file;
:func:`worldview_snapshot` turns one worldview into a :class:`~geo.model.snapshot.Snapshot` of
kind ``"worldview"``, so that every view (map, compare, presentation, link, exports, print)
shows it like a year or a scenario.

In such a snapshot a unit's ``administered_by`` is how the map *draws* the group, not who
administers it: the views word it "drawn as" (:func:`geo.text.wording.is_drawn`). The texts are
English; their Japanese and Russian are history-text translations
(``data/timeline/translations``). Nothing here imports Streamlit.
"""

from __future__ import annotations

from functools import lru_cache

from geo.files.atlas import Atlas
from geo.files.worldviews import CLAIM_CODES, Worldview
from geo.model.snapshot import WORLDVIEW, Snapshot, Unit
from geo.model.timeline import configurations

TAG = "This map"  # the catalogue's history.worldview_tag in English


def worldview_snapshot(worldview: Worldview, atlas: Atlas) -> Snapshot:
    """The snapshot of ``worldview``: one unit per group, ``administered_by`` = how its maps
    draw the group, ``claimed_by`` = that drawing and any claim the maps mark (drawn as
    stripes where it is another state's), the group's note and sources; the boundary lines the
    maps draw. Built once per worldview and atlas (immutable)."""
    return _snapshot(worldview, atlas)


@lru_cache(maxsize=16)
def _snapshot(worldview: Worldview, atlas: Atlas) -> Snapshot:
    areas = atlas.areas
    units = []
    for drawn in worldview.groups:
        holder = (drawn.drawn_as,) if drawn.drawn_as in CLAIM_CODES else ()
        marked = (drawn.claim_marked_by,) if drawn.claim_marked_by else ()
        units.append(
            Unit(
                id=drawn.group,
                group=drawn.group,
                features=tuple(areas.loc[areas["group"] == drawn.group, "id"]),
                administered_by=drawn.drawn_as,
                administering_state="",
                claimed_by=tuple(dict.fromkeys(holder + marked)),
                note=drawn.note,
                sources=drawn.sources,
            )
        )
    return Snapshot(
        id=worldview.id,
        kind=WORLDVIEW,
        label=worldview.label,
        subtitle=worldview.series,
        tag=TAG,
        year=configurations(atlas)[-1],
        units=tuple(units),
        lines=worldview.lines,
        sources=worldview.sources,
        description=worldview.description,
        line_label=worldview.line_label,
    )
