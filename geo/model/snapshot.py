"""The resolved snapshot: who administers and who claims every area, with why, at one moment.

A :class:`Snapshot` is the one value every view consumes (map payload, status table, area
figures, change list). Two producers make it: :func:`geo.model.timeline.historical_snapshot` (a
configuration year, from ``data/timeline/status.csv``) and
:func:`geo.model.scenarios.scenario_snapshot`
(a proposal or a reader's custom division, built on the present-day snapshot). The status rules
are properties of :class:`Unit` and apply the same way to both:

- an area is *claimed but not administered* by every claimant that does not administer it,
  except under joint administration, where the claimants administer it together;
- a *transfer* is promised when ``transfer_promised_to`` names a state;
- two snapshots *differ* for a group when its administrator, claimants, promised transfer or
  division differ (:func:`diff`).

Nothing here imports Streamlit, reads files or knows about colours.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
from shapely.geometry.base import BaseGeometry

from geo.files.codes import HISTORICAL, SCENARIO, WORLDVIEW

KINDS = (HISTORICAL, SCENARIO, WORLDVIEW)
# The fields whose change between two snapshots makes an area "change status".
STATUS_FIELDS = ("administered_by", "administering_state", "claimed_by", "transfer_promised_to")


def claimed_not_administered(administered_by: str, claimed_by: tuple[str, ...]) -> list[str]:
    """The claimants that do not administer the area.

    Under ``JOINT`` administration (e.g. Sakhalin in 1855) the claimants administer it
    together, so none of them counts as claiming without administering.
    """
    if administered_by == "JOINT":
        return []
    return [code for code in claimed_by if code != administered_by]


@dataclass(frozen=True)
class Unit:
    """The status of one area in one snapshot.

    A unit is usually a whole group (``id == group``, all its drawn ``features``). A scenario
    may make smaller units: one Habomai islet on its own (``features`` = that islet), or one
    part of a divided island (``geometry`` set, ``features`` empty, ``share`` < 1).

    Attributes
    ----------
    id, group : str. Unit id (unique in its snapshot) and the group it belongs to.
    features : tuple of drawn feature ids (``Atlas.areas.id``) the unit covers whole.
    administered_by : JP, RU, JOINT or NONE.
    administering_state : str. The administrator's name at the time ("USSR", "Japan", ...).
    claimed_by : tuple of state codes, the administrator included.
    transfer_promised_to, transfer_condition : str, empty if no transfer is promised.
    event_date, basis_instrument, basis_article, basis_note, note : str.
    sources : tuple of source ids (``timeline/sources.csv``).
    share : float. The unit's share of its group's land area (1.0 for a whole group; for a
        divided group, the part's share measured in EPSG:6933).
    geometry : shapely geometry, EPSG:4326, or None. Only for a part of a divided feature;
        otherwise the unit is drawn from its ``features``. Not compared or hashed.
    """

    id: str
    group: str
    features: tuple[str, ...]
    administered_by: str
    administering_state: str
    claimed_by: tuple[str, ...]
    transfer_promised_to: str = ""
    transfer_condition: str = ""
    event_date: str = ""
    basis_instrument: str = ""
    basis_article: str = ""
    basis_note: str = ""
    note: str = ""
    sources: tuple[str, ...] = ()
    share: float = 1.0
    geometry: BaseGeometry | None = field(default=None, compare=False, repr=False)

    @property
    def claimed_not_administered(self) -> tuple[str, ...]:
        """Claimants that do not administer the unit (drawn as stripes on the map)."""
        return tuple(claimed_not_administered(self.administered_by, self.claimed_by))

    @property
    def contested(self) -> bool:
        """Whether some state claims the unit without administering it."""
        return bool(self.claimed_not_administered)

    @property
    def transfer_promised(self) -> bool:
        """Whether a transfer to another state has been promised and not carried out."""
        return bool(self.transfer_promised_to)

    @property
    def divided(self) -> bool:
        """Whether the unit is a part of a divided feature (drawn from its own geometry)."""
        return self.geometry is not None

    def status_key(self) -> tuple:
        """What a diff compares: the status fields and the share (to 0.01 %)."""
        return (*(getattr(self, f) for f in STATUS_FIELDS), round(self.share, 4))


@dataclass(frozen=True)
class Snapshot:
    """Who administers and claims every area at one moment, with its sources.

    Attributes
    ----------
    id : str. ``"1956"`` for a configuration year, a scenario id (``"decl_1956"``) or
        ``"custom"``.
    kind : ``"historical"`` or ``"scenario"``.
    label : str. E.g. "1956: Soviet-Japanese Joint Declaration".
    subtitle : str. The instrument (historical) or proposer and date (scenario).
    tag : str. A short prefix for per-area text: the year, or "Scenario".
    year : int. The configuration year, or for a scenario the year it is built on.
    units : tuple of Unit, in the atlas's group order.
    lines : tuple of line ids (``lines.geojson``) drawn with the snapshot.
    sources : tuple of source ids of the snapshot as a whole.
    description : str. The configuration summary or the scenario's description.
    cut : shapely geometry or None, EPSG:4326. The line dividing a divided feature.
    cut_label : str. What the cut is, for its tooltip.
    line_label : str. What the snapshot's lines are, where the lines file's own labels (the
        treaties') do not say it: a worldview's boundary lines.
    language : str. The language of its texts ("en", or "ja" / "ru" once translated).
    """

    id: str
    kind: str
    label: str
    subtitle: str
    tag: str
    year: int
    units: tuple[Unit, ...]
    lines: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    description: str = ""
    cut: BaseGeometry | None = field(default=None, compare=False, repr=False)
    cut_label: str = ""
    line_label: str = ""
    # The language of the texts (label, notes...): "en" as built from the data; "ja" / "ru"
    # once geo.text.history_text.snapshot_in has translated them.
    language: str = field(default="en", compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"snapshot kind: expected one of {list(KINDS)}, got {self.kind!r}")
        ids = [u.id for u in self.units]
        if len(ids) != len(set(ids)):
            raise ValueError(f"snapshot {self.id!r}: duplicate unit ids in {ids}")

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups, in unit order, each once."""
        return tuple(dict.fromkeys(u.group for u in self.units))

    def units_of(self, group: str) -> tuple[Unit, ...]:
        """The units of one group (one, unless the snapshot divides the group)."""
        return tuple(u for u in self.units if u.group == group)

    def unit(self, group: str) -> Unit:
        """The group's unit covering its largest share (its only unit if undivided).

        Raises KeyError for a group the snapshot does not contain.
        """
        units = self.units_of(group)
        if not units:
            raise KeyError(group)
        return max(units, key=lambda u: (u.share, len(u.features)))

    def feature_units(self) -> dict[str, str]:
        """Drawn feature id → id of the unit that covers it whole."""
        return {fid: u.id for u in self.units for fid in u.features}

    def divided_features(self, areas: gpd.GeoDataFrame) -> tuple[str, ...]:
        """Feature ids of groups that some unit divides (drawn from the parts instead)."""
        divided = {u.group for u in self.units if u.divided}
        return tuple(fid for fid, g in zip(areas["id"], areas["group"]) if g in divided)

    def source_ids(self) -> tuple[str, ...]:
        """Every source the snapshot cites (its own, then its units'), in first-cited order."""
        ids = list(self.sources) + [s for u in self.units for s in u.sources]
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True)
class GroupChange:
    """How one group differs between two snapshots.

    ``fields`` lists the differing :data:`STATUS_FIELDS` (plus ``"division"`` when the group
    is divided differently); ``before`` / ``after`` are the group's units in each snapshot.
    ``changes_hands`` is True when some of its land has a different administrator.
    """

    group: str
    fields: tuple[str, ...]
    before: tuple[Unit, ...]
    after: tuple[Unit, ...]

    @property
    def changes_hands(self) -> bool:
        return _holders(self.before) != _holders(self.after)

    @property
    def substantive(self) -> bool:
        """More than a new name for the same administrator (e.g. USSR → Russian Federation)."""
        return any(f != "administering_state" for f in self.fields)


def _holders(units: tuple[Unit, ...]) -> tuple:
    return tuple(sorted((u.administered_by, round(u.share, 4)) for u in units))


def diff(before: Snapshot, after: Snapshot) -> list[GroupChange]:
    """The groups whose status differs between two snapshots, in ``after``'s group order.

    The same rule for any two snapshots: two years, two scenarios, or a year and a scenario.
    """
    changes = []
    for group in after.groups:
        old, new = before.units_of(group), after.units_of(group)
        if not old:
            continue
        fields = [
            f for f in STATUS_FIELDS if {getattr(u, f) for u in old} != {getattr(u, f) for u in new}
        ]
        if sorted(round(u.share, 4) for u in old) != sorted(round(u.share, 4) for u in new):
            fields.append("division")
        if fields:
            changes.append(GroupChange(group, tuple(fields), old, new))
    return changes


def changed_groups(before: Snapshot, after: Snapshot) -> frozenset[str]:
    """The groups whose status differs in substance between two snapshots (see :func:`diff`);
    a renamed administrator alone does not count. What the compare view outlines."""
    return frozenset(c.group for c in diff(before, after) if c.substantive)


def group_signatures(snapshot: Snapshot) -> dict[str, str]:
    """Each group's status in substance, as a short text: two snapshots differ in a group
    (:func:`changed_groups`) exactly when its signatures differ. Lets the browser outline the
    differences of any pair of published snapshots without asking the server."""
    substance = [f for f in STATUS_FIELDS if f != "administering_state"]
    out = {}
    for group in snapshot.groups:
        units = snapshot.units_of(group)
        parts = ["|".join(sorted({str(getattr(u, f)) for u in units})) for f in substance]
        parts.append(",".join(str(x) for x in sorted(round(u.share, 4) for u in units)))
        out[group] = ";".join(parts)
    return out


def land_frame(snapshot: Snapshot, areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The snapshot's land, one row per drawn feature or divided part, EPSG:4326.

        Columns: ``id`` (feature id; a divided part keeps its group id), ``unit``, ``group``,
        ``side`` (the administrator's code), ``contested`` (bool) and ``geometry``. The input of
        the area arithmetic in :mod:`geo.model.areas` (``land_totals``) and :mod:`geo.model.sea`
    (``sea_partition``).

        Parameters
        ----------
        snapshot : Snapshot.
        areas : GeoDataFrame, EPSG:4326, with ``id``, ``group`` and ``geometry`` (``Atlas.areas``).
    """
    geometry = dict(zip(areas["id"], areas.geometry))
    rows = []
    for unit in snapshot.units:
        parts = [(unit.group, unit.geometry)] if unit.divided else []
        parts += [(fid, geometry[fid]) for fid in unit.features]
        for fid, geom in parts:
            rows.append(
                {
                    "id": fid,
                    "unit": unit.id,
                    "group": unit.group,
                    "side": unit.administered_by,
                    "contested": unit.contested,
                    "geometry": geom,
                }
            )
    columns = ["id", "unit", "group", "side", "contested", "geometry"]
    return gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs=areas.crs)
