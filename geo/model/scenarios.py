"""Settlement scenarios for the four disputed groups, and the 1945 residents table.

- :func:`load_scenarios` reads ``data/scenarios.toml`` into frozen :class:`Scenario` objects,
  checking every field; problems are collected and raised together as one
  :class:`ScenarioDataError` (a :class:`~geo.errors.DataError`) naming file, entry, field,
  what was expected and what was found.
- :func:`custom_scenario` builds a scenario from a user's choice (each group, optionally each
  Habomai islet, to JP / RU / JOINT, and a share of Etorofu for Japan);
  :func:`encode_assignment` / :func:`decode_assignment` turn it into a short URL-safe text
  such as ``h=JP,s=JP,k=RU,e=0.25`` and back.
- :func:`scenario_land` gives every drawn feature its side under a scenario (cutting Etorofu
  where the scenario splits it); :func:`scenario_snapshot` turns a scenario into the same
  resolved :class:`~geo.model.snapshot.Snapshot` that a historical year gives, so every view and
  :mod:`geo.model.compare` treat both alike.
- :func:`load_residents_1945` reads ``data/timeline/residents_1945.csv``.

Nothing here reads Streamlit or caches; every function is pure given its inputs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo.errors import AtlasError, DataError, data_label
from geo.files.codes import DISPUTED_GROUPS, ISO_DATE
from geo.files.read import DATA_DIR, read_csv, read_toml
from geo.i18n import t
from geo.model.areas import (
    SIDES,
    Split,
    area_km2,
    equal_area_split,
    geometry_km2,
    split_long_axis,
)
from geo.model.snapshot import SCENARIO, Snapshot, Unit

SCENARIOS_PATH = DATA_DIR / "scenarios.toml"
RESIDENTS_PATH = DATA_DIR / "timeline" / "residents_1945.csv"

# Codes a disputed group can take in a scenario: the atlas's state codes for holders, and
# DISPUTED for "still disputed / left to negotiation".
SCENARIO_CODES = SIDES  # ("JP", "RU", "JOINT", "DISPUTED")
CUSTOM_CODES = ("JP", "RU", "JOINT")
SPLIT_EQUAL_AREA = "SPLIT_EQUAL_AREA"
# The one group a scenario may cut in two, and the group that marks Japan's end of it.
SPLIT_GROUP = "etorofu"
SPLIT_TOWARD = "kunashiri"
ISLET_GROUP = "habomai"
SHARE_DECIMALS = 4  # custom Etorofu shares are rounded to 0.01 % of the island
MAX_ENCODED_LENGTH = 256
YEAR = re.compile(r"^\d{4}$")
ID = re.compile(r"^[a-z][a-z0-9_]*$")


# --------------------------------------------------------------------------- data model


@dataclass(frozen=True)
class QuotedShare:
    """A share of a group quoted at the time of a proposal (e.g. "25 % of Etorofu")."""

    group: str
    share: float
    said_by: str
    date: str
    wording: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    """Who would hold each disputed group under one scenario.

    Attributes
    ----------
    id, label, proposer, date, description, verification : str. ``date`` is YYYY-MM-DD or
        YYYY (empty for a custom scenario).
    sources : tuple of source ids (``timeline/sources.csv``); empty for a custom scenario.
    allocation : tuple of (group, value) pairs, one per disputed group, in the order of
        ``DISPUTED_GROUPS``. Value: JP, RU, JOINT, DISPUTED, or for ``etorofu`` also
        ``SPLIT_EQUAL_AREA`` or ``SPLIT`` (a fixed share, see ``split_share``).
    islets : tuple of (feature id, code) pairs overriding the Habomai group's value for single
        islets (custom scenarios only).
    split_share : float in [0, 1] or None. Japan's share of Etorofu's area when the
        allocation is ``SPLIT`` (custom scenarios).
    quoted_shares : tuple of QuotedShare.
    custom : bool. True for a scenario built from a user's assignment.
    final : bool. True for a settlement: every group's claims end with the allocation (a
        state keeps no claim to land it does not get). False for a partial step: a group
        left with its present-day holder (or ``DISPUTED``) keeps its present-day claims.
    """

    id: str
    label: str
    proposer: str
    date: str
    description: str
    sources: tuple[str, ...]
    allocation: tuple[tuple[str, str], ...]
    islets: tuple[tuple[str, str], ...] = ()
    split_share: float | None = None
    verification: str = ""
    quoted_shares: tuple[QuotedShare, ...] = ()
    custom: bool = False
    final: bool = False

    def value(self, group: str) -> str:
        """The allocation value of ``group`` (KeyError if it is not a disputed group)."""
        return dict(self.allocation)[group]

    def side_of_feature(self, feature: str, group: str) -> str:
        """The side of one drawn feature: its islet override, else its group's value."""
        return dict(self.islets).get(feature, self.value(group))


class ScenarioDataError(DataError):
    """One or more problems in a scenarios file, all listed in the message.

    ``problems`` holds one :class:`~geo.errors.DataError` per problem (file, where, field).
    """

    def __init__(self, problems: list[DataError]) -> None:
        problems = [p for error in problems for p in error.problems]
        combined = DataError.collect(problems)
        super().__init__(
            combined.file,
            combined.problem,
            where=combined.where,
            field=combined.field,
            problems=tuple(problems),
        )
        if len(problems) > 1:  # the message names the file only; the list names each place
            self.args = (str(combined),)


class AssignmentError(AtlasError, ValueError):
    """A custom assignment (from a user or a URL) is malformed; the message says how."""


# --------------------------------------------------------------------------- loading


def _text(entry: dict, key: str, problems: list, label: str, where: str, required=True) -> str:
    value = entry.get(key, "" if not required else None)
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(
            DataError(
                label,
                f"expected {'non-empty ' if required else ''}text, found {value!r}",
                where=where,
                field=key,
            )
        )
        return ""
    return value.strip()


def _source_list(value, known: set[str], label: str, where: str, key: str, problems: list):
    if not isinstance(value, list) or not value or not all(isinstance(s, str) for s in value):
        problems.append(
            DataError(
                label,
                f"expected a non-empty list of source ids, found {value!r}",
                where=where,
                field=key,
            )
        )
        return ()
    unknown = [s for s in value if s not in known]
    if unknown:
        problems.append(
            DataError(
                label,
                f"expected ids listed in timeline/sources.csv, found unknown {unknown}",
                where=where,
                field=key,
            )
        )
    return tuple(value)


def _check_date(value: str, problems: list, label: str, where: str) -> None:
    """Record a problem unless ``value`` is empty, a real YYYY-MM-DD date or a year YYYY."""
    if value and not _date_ok(value):
        problems.append(
            DataError(
                label,
                f"expected a real date YYYY-MM-DD or a year YYYY, found {value!r}",
                where=where,
                field="date",
            )
        )


def _date_ok(value: str) -> bool:
    if YEAR.match(value):
        return True
    if not ISO_DATE.match(value):
        return False
    year, month, day = (int(v) for v in value.split("-"))
    try:
        pd.Timestamp(year=year, month=month, day=day)
    except ValueError:
        return False
    return True


def load_scenarios(
    path: Path | str | None = None,
    source_ids: set[str] | frozenset[str] | None = None,
    groups: tuple[str, ...] = DISPUTED_GROUPS,
) -> dict[str, Scenario]:
    """Read and check the scenarios file.

    Parameters
    ----------
    path : path of the TOML file (default ``data/scenarios.toml``).
    source_ids : every known source id (``Atlas.sources.index``); every cited id must be one.
        Required: pass ``set(atlas.sources.index)``.
    groups : the disputed groups every scenario must allocate, in display order.

    Returns
    -------
    dict from scenario id to :class:`Scenario`, in file order.

    Raises
    ------
    ScenarioDataError
        listing every problem found (file, entry, field, expected, found).
    """
    path = Path(path) if path is not None else SCENARIOS_PATH
    if source_ids is None:
        raise TypeError("load_scenarios needs source_ids (the ids of timeline/sources.csv)")
    label = data_label(path)
    try:
        doc = read_toml(path, label)
    except DataError as exc:
        raise ScenarioDataError([exc]) from None
    entries = doc.get("scenario")
    if not isinstance(entries, list) or not entries:
        raise ScenarioDataError(
            [DataError(label, expected="at least one [[scenario]] table", found=entries)]
        )

    known = set(source_ids)
    problems: list[DataError] = []
    scenarios: dict[str, Scenario] = {}
    allowed_keys = {
        "id",
        "label",
        "proposer",
        "date",
        "description",
        "sources",
        "verification",
        "allocation",
        "quoted_share",
        "final",
    }
    seen_ids: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(
                DataError(label, where=f"scenario #{index}", expected="a table", found=entry)
            )
            continue
        sid = entry.get("id")
        where = f"scenario #{index} ({sid})"
        before = len(problems)
        extra = sorted(set(entry) - allowed_keys)
        if extra:
            problems.append(
                DataError(
                    label,
                    f"expected only keys {sorted(allowed_keys)}, found unknown {extra}",
                    where=where,
                )
            )
        if not isinstance(sid, str) or not ID.match(sid):
            problems.append(
                DataError(
                    label,
                    f"expected a lowercase id (a-z, 0-9, _), found {sid!r}",
                    where=where,
                    field="id",
                )
            )
        elif sid in seen_ids:
            problems.append(
                DataError(
                    label,
                    f"expected a unique id, found duplicate id {sid!r}",
                    where=where,
                    field="id",
                )
            )
        if isinstance(sid, str):
            seen_ids.add(sid)
        texts = {
            k: _text(entry, k, problems, label, where)
            for k in ("label", "proposer", "date", "description")
        }
        verification = _text(entry, "verification", problems, label, where, required=False)
        _check_date(texts["date"], problems, label, where)
        sources = _source_list(entry.get("sources"), known, label, where, "sources", problems)
        allocation = _check_allocation(entry.get("allocation"), groups, label, where, problems)
        quoted = _check_quoted(entry.get("quoted_share", []), groups, known, label, where, problems)
        final = entry.get("final")
        if not isinstance(final, bool):
            problems.append(
                DataError(
                    label,
                    "expected true (a settlement: claims end with the allocation) or false "
                    f"(a step: untouched groups keep today's claims), found {final!r}",
                    where=where,
                    field="final",
                )
            )
        if len(problems) == before:
            scenarios[sid] = Scenario(
                id=sid,
                sources=sources,
                allocation=allocation,
                verification=verification,
                quoted_shares=quoted,
                final=final,
                **texts,
            )
    if problems:
        raise ScenarioDataError(problems)
    return scenarios


def _check_allocation(value, groups, label, where, problems) -> tuple[tuple[str, str], ...]:
    key = "allocation"
    if not isinstance(value, dict):
        problems.append(
            DataError(
                label,
                f"expected a table with one value per group {list(groups)}, found {value!r}",
                where=where,
                field=key,
            )
        )
        return ()
    missing = [g for g in groups if g not in value]
    extra = sorted(set(value) - set(groups))
    if missing or extra:
        problems.append(
            DataError(
                label,
                f"expected exactly the groups {list(groups)}, found missing {missing}, "
                f"unknown {extra}",
                where=where,
                field=key,
            )
        )
    pairs = []
    for group in groups:
        if group not in value:
            continue
        code = value[group]
        allowed = list(SCENARIO_CODES) + ([SPLIT_EQUAL_AREA] if group == SPLIT_GROUP else [])
        if code not in allowed:
            problems.append(
                DataError(
                    label,
                    f"expected one of {allowed}, found {code!r}",
                    where=where,
                    field=f"{key}.{group}",
                )
            )
        pairs.append((group, code))
    return tuple(pairs)


def _check_quoted(value, groups, known, label, where, problems) -> tuple[QuotedShare, ...]:
    if not isinstance(value, list):
        problems.append(
            DataError(
                label,
                f"expected [[scenario.quoted_share]] tables, found {value!r}",
                where=where,
                field="quoted_share",
            )
        )
        return ()
    quoted = []
    for q_index, q in enumerate(value, start=1):
        q_where = f"{where}, quoted_share #{q_index}"
        if not isinstance(q, dict):
            problems.append(DataError(label, f"expected a table, found {q!r}", where=q_where))
            continue
        group = q.get("group")
        if group not in groups:
            problems.append(
                DataError(
                    label,
                    f"expected one of {list(groups)}, found {group!r}",
                    where=q_where,
                    field="group",
                )
            )
        share = q.get("share")
        if (
            not isinstance(share, int | float)
            or isinstance(share, bool)
            or not math.isfinite(share)
            or not 0 <= share <= 1
        ):
            problems.append(
                DataError(
                    label,
                    f"expected a number in [0, 1] (a fraction, not a percent), found {share!r}",
                    where=q_where,
                    field="share",
                )
            )
        texts = {k: _text(q, k, problems, label, q_where) for k in ("said_by", "date", "wording")}
        _check_date(texts["date"], problems, label, q_where)
        sources = _source_list(q.get("sources"), known, label, q_where, "sources", problems)
        if isinstance(share, int | float) and not isinstance(share, bool):
            quoted.append(QuotedShare(str(group), float(share), sources=sources, **texts))
    return tuple(quoted)


# --------------------------------------------------------------------------- custom scenarios


def short_keys(groups: tuple[str, ...] = DISPUTED_GROUPS) -> dict[str, str]:
    """The shortest unique prefix of each group id (``habomai`` → ``h`` ...), group → key."""
    keys = {}
    for group in groups:
        for n in range(1, len(group) + 1):
            prefix = group[:n]
            if not any(g != group and g.startswith(prefix) for g in groups):
                keys[group] = prefix
                break
    return keys


def custom_scenario(
    assignment: Mapping[str, str | float],
    *,
    groups: tuple[str, ...] = DISPUTED_GROUPS,
    islets: tuple[str, ...] = (),
) -> Scenario:
    """Build a scenario from a user's choice, checking every value.

    Parameters
    ----------
    assignment : mapping with one entry per disputed group (``habomai``, ``shikotan``,
        ``kunashiri``, ``etorofu``) to ``"JP"``, ``"RU"`` or ``"JOINT"``; for ``etorofu`` a
        number in [0, 1] (Japan's share of its area, cut across its long axis from the
        Kunashiri end; rounded to 4 decimals) is accepted as well. Optional entries for single
        Habomai islets (ids in ``islets``) override the Habomai value for that islet.
    groups : the disputed groups.
    islets : the Habomai islet feature ids that may be set one by one (e.g. ``suisho``,
        ``yuri``, ``akiyuri``, ``shibotsu``, ``taraku``, ``habomai_rocks``).

    Returns
    -------
    Scenario with ``custom=True`` and id ``custom``.

    Raises
    ------
    AssignmentError
        naming every missing, unknown or invalid entry.
    """
    problems = []
    if not isinstance(assignment, Mapping):
        raise AssignmentError(f"expected a mapping of group to code, got {type(assignment)}")
    missing = [g for g in groups if g not in assignment]
    if missing:
        problems.append(f"missing group(s) {missing}")
    unknown = sorted(set(assignment) - set(groups) - set(islets))
    if unknown:
        problems.append(
            f"unknown key(s) {unknown}; expected groups {list(groups)} or islets {list(islets)}"
        )
    allocation, split_share = [], None
    for group in groups:
        if group not in assignment:
            continue
        value = assignment[group]
        if group == SPLIT_GROUP and isinstance(value, int | float) and not isinstance(value, bool):
            if not math.isfinite(value) or not 0 <= value <= 1:
                problems.append(f"{group}: expected a share in [0, 1], got {value!r}")
                continue
            split_share = round(float(value), SHARE_DECIMALS)
            allocation.append((group, "SPLIT"))
        elif value in CUSTOM_CODES:
            allocation.append((group, value))
        else:
            extra = " or a share in [0, 1]" if group == SPLIT_GROUP else ""
            problems.append(f"{group}: expected one of {list(CUSTOM_CODES)}{extra}, got {value!r}")
    islet_pairs = []
    for islet in islets:
        if islet in assignment:
            value = assignment[islet]
            if value in CUSTOM_CODES:
                islet_pairs.append((islet, value))
            else:
                problems.append(f"{islet}: expected one of {list(CUSTOM_CODES)}, got {value!r}")
    if problems:
        raise AssignmentError("invalid custom assignment: " + "; ".join(problems))
    return Scenario(
        id="custom",
        # the interface's words (data/messages.toml [custom]), translated from the catalogue
        label=t("custom.title", "en"),
        proposer=t("custom.subtitle", "en"),
        date="",
        description=t("custom.description", "en"),
        sources=(),
        allocation=tuple(allocation),
        islets=tuple(islet_pairs),
        split_share=split_share,
        custom=True,
        final=True,
    )


_ENCODED = re.compile(r"^[A-Za-z0-9_.,=]+$")
_SHARE = re.compile(rf"^(0(\.\d{{1,{SHARE_DECIMALS}}})?|1(\.0{{1,{SHARE_DECIMALS}}})?)$")


def encode_assignment(scenario: Scenario, groups: tuple[str, ...] = DISPUTED_GROUPS) -> str:
    """A short URL-safe text for a custom scenario, e.g. ``h=JP,s=JP,k=RU,e=0.25``.

    Groups use their shortest unique prefix (:func:`short_keys`), islets their full id;
    Etorofu is a code or Japan's share with at most 4 decimals. Only letters, digits and
    ``_ . , =`` are used, so it can go into a query parameter as it is.

    Raises
    ------
    AssignmentError
        for a scenario whose values a custom assignment cannot express (DISPUTED,
        SPLIT_EQUAL_AREA).
    """
    keys = short_keys(groups)
    parts = []
    for group, value in scenario.allocation:
        if value == "SPLIT":
            text = f"{scenario.split_share:.{SHARE_DECIMALS}f}".rstrip("0").rstrip(".")
            parts.append(f"{keys[group]}={text or '0'}")
        elif value in CUSTOM_CODES:
            parts.append(f"{keys[group]}={value}")
        else:
            raise AssignmentError(
                f"{group}: {value!r} cannot be encoded; expected one of {list(CUSTOM_CODES)} "
                "or a share"
            )
    parts += [f"{islet}={code}" for islet, code in scenario.islets]
    return ",".join(parts)


def decode_assignment(
    text: str,
    *,
    groups: tuple[str, ...] = DISPUTED_GROUPS,
    islets: tuple[str, ...] = (),
) -> Scenario:
    """Parse the text made by :func:`encode_assignment` back into a custom scenario.

    Raises
    ------
    AssignmentError
        if the text is longer than 256 characters, uses other characters than letters,
        digits and ``_ . , =``, is not a list of ``key=value`` pairs, repeats a key, or fails
        :func:`custom_scenario`'s checks.
    """
    if not isinstance(text, str):
        raise AssignmentError(f"expected text, got {type(text).__name__}")
    if len(text) > MAX_ENCODED_LENGTH:
        raise AssignmentError(
            f"assignment text too long: {len(text)} characters, at most {MAX_ENCODED_LENGTH}"
        )
    if not _ENCODED.match(text):
        raise AssignmentError(
            "assignment text may only contain letters, digits and '_ . , =', "
            f"e.g. 'h=JP,s=JP,k=RU,e=0.25'; got {text[:40]!r}"
        )
    by_key = {key: group for group, key in short_keys(groups).items()}
    assignment: dict[str, str | float] = {}
    for pair in text.split(","):
        key, sep, value = pair.partition("=")
        if not sep or not key or not value or "=" in value:
            raise AssignmentError(f"expected key=value pairs separated by ',', got {pair!r}")
        name = by_key.get(key, key)
        if name in assignment:
            raise AssignmentError(f"key {key!r} given twice")
        if name == SPLIT_GROUP and value not in CUSTOM_CODES:
            if not _SHARE.match(value):
                raise AssignmentError(
                    f"{key}: expected {list(CUSTOM_CODES)} or a share 0...1 with at most "
                    f"{SHARE_DECIMALS} decimals, got {value!r}"
                )
            assignment[name] = float(value)
        else:
            assignment[name] = value
    return custom_scenario(assignment, groups=groups, islets=islets)


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class ScenarioLand:
    """Every drawn feature with its side under one scenario.

    Attributes
    ----------
    land : GeoDataFrame, EPSG:4326: ``id``, ``group``, ``side``, ``disputed`` (bool) and
        ``geometry``; a split feature has two rows (one per side).
    split : Split or None. The cut of Etorofu, if the scenario splits it.
    """

    land: gpd.GeoDataFrame
    split: Split | None = None


def scenario_land(
    scenario: Scenario,
    areas: gpd.GeoDataFrame,
    context: Mapping[str, str],
    groups: tuple[str, ...] = DISPUTED_GROUPS,
) -> ScenarioLand:
    """Give every feature of ``areas`` its side under ``scenario``.

    Disputed groups take the scenario's value (islet overrides included); other groups take
    ``context`` (today's administrator, from the present-day snapshot). Etorofu, when split,
    is cut across its long axis with Japan's part at the Kunashiri end: for
    ``SPLIT_EQUAL_AREA`` so that Japan's total land among the disputed groups equals Russia's
    (:func:`geo.model.areas.equal_area_split`), for ``SPLIT`` at the scenario's fixed share.

    Parameters
    ----------
    scenario : Scenario.
    areas : GeoDataFrame, EPSG:4326, with ``id``, ``group``, ``geometry`` (``Atlas.areas``).
    context : side of every non-disputed group.
    groups : the disputed groups.

    Returns
    -------
    ScenarioLand.
    """
    rows, split = [], None
    for fid, group, geom in zip(areas["id"], areas["group"], areas.geometry):
        disputed = group in groups
        side = scenario.side_of_feature(fid, group) if disputed else context[group]
        rows.append(
            {"id": fid, "group": group, "side": side, "disputed": disputed, "geometry": geom}
        )
    value = scenario.value(SPLIT_GROUP)
    if value in (SPLIT_EQUAL_AREA, "SPLIT"):
        island = shapely.union_all([r["geometry"] for r in rows if r["group"] == SPLIT_GROUP])
        toward = shapely.union_all([r["geometry"] for r in rows if r["group"] == SPLIT_TOWARD])
        if value == SPLIT_EQUAL_AREA:
            fixed = {
                side: sum(
                    geometry_km2(r["geometry"])
                    for r in rows
                    if r["disputed"] and r["group"] != SPLIT_GROUP and r["side"] == side
                )
                for side in ("JP", "RU")
            }
            split = equal_area_split(
                fixed["JP"], island, toward, second_fixed_km2=fixed["RU"]
            ).split
        else:
            split = split_long_axis(island, float(scenario.split_share), toward)
        keep = [r for r in rows if r["group"] != SPLIT_GROUP]
        ids = [r["id"] for r in rows if r["group"] == SPLIT_GROUP]
        fid = ids[0] if len(ids) == 1 else SPLIT_GROUP
        for side, part in (("JP", split.near), ("RU", split.far)):
            if not part.is_empty:
                keep.append(
                    {
                        "id": fid,
                        "group": SPLIT_GROUP,
                        "side": side,
                        "disputed": True,
                        "geometry": part,
                    }
                )
        rows = keep
    land = gpd.GeoDataFrame(rows, geometry="geometry", crs=areas.crs)
    return ScenarioLand(land=land, split=split)


# The name of a holder a scenario introduces, when today's data has none for it.
JOINT_STATE_NAME = "Japan and Russia jointly"


def scenario_snapshot(scenario: Scenario, present: Snapshot, areas: gpd.GeoDataFrame) -> Snapshot:
    """The snapshot of ``scenario``, built on the present-day snapshot.

    Rules (the same for the data file's proposals and for a reader's custom division):

    - groups other than the four disputed ones keep their present-day status;
    - a disputed group given to another holder than today's changes hands: administered and
      claimed by the new holder only (both states for ``JOINT``), basis the scenario;
    - a group left ``DISPUTED``, or left with today's holder in a scenario that is not
      ``final``, keeps its present-day status and claims (Japan's claim stays striped);
    - in a ``final`` scenario (a settlement) every disputed group is claimed by its holder
      only;
    - Habomai islets set one by one become units of their own; a divided Etorofu becomes two
      units with their own geometry (:func:`scenario_land`), and the cut line is kept.

    Parameters
    ----------
    scenario : Scenario.
    present : Snapshot. The latest historical snapshot (``timeline.historical_snapshot``).
    areas : GeoDataFrame, EPSG:4326 (``Atlas.areas``).

    Returns
    -------
    Snapshot of kind ``"scenario"`` with ``id`` = the scenario's id.
    """
    context = {
        g: present.unit(g).administered_by for g in present.groups if g not in DISPUTED_GROUPS
    }
    land = scenario_land(scenario, areas, context)
    names = {u.administered_by: u.administering_state for u in present.units}
    names.setdefault("JOINT", JOINT_STATE_NAME)
    units = []
    for today in present.units:
        if today.group not in DISPUTED_GROUPS:
            units.append(today)
            continue
        rows = land.land[land.land["group"] == today.group]
        by_side: dict[str, list] = {}
        for fid, side, geom in zip(rows["id"], rows["side"], rows.geometry):
            by_side.setdefault(side, []).append((fid, geom))
        divided = land.split is not None and today.group == SPLIT_GROUP
        for side, members in by_side.items():
            unit_id = today.group if len(by_side) == 1 else f"{today.group}_{side.lower()}"
            if divided:
                part_share = land.split.share if side == "JP" else 1 - land.split.share
                extra = {"features": (), "geometry": members[0][1], "share": part_share}
            else:
                fids = tuple(fid for fid, _ in members)
                extra = {"features": fids, "share": _share(rows, fids)}
            units.append(_scenario_unit(scenario, today, side, unit_id, names, extra))
    cut = land.split.cut if land.split is not None and not land.split.cut.is_empty else None
    return Snapshot(
        id=scenario.id,
        kind=SCENARIO,
        label=scenario.label,
        subtitle=", ".join(v for v in (scenario.proposer, scenario.date) if v),
        tag="Scenario",
        year=present.year,
        units=tuple(units),
        lines=present.lines,
        sources=scenario.sources,
        description=scenario.description,
        cut=cut,
        cut_label=(
            f"Dividing line across {SPLIT_GROUP.title()} (computed by this atlas: a straight "
            "cut across the island's long axis; no line was ever specified)"
            if cut is not None
            else ""
        ),
    )


def _share(rows: gpd.GeoDataFrame, fids: tuple[str, ...]) -> float:
    """The share of a group's land area held by some of its features (EPSG:6933)."""
    km2 = area_km2(rows)
    total = float(km2.sum())
    return float(km2[rows["id"].isin(fids)].sum()) / total if total > 0 else 1.0


def _scenario_unit(
    scenario: Scenario, today: Unit, side: str, unit_id: str, names: dict, extra: dict
) -> Unit:
    """One disputed unit under a scenario, following the rules of :func:`scenario_snapshot`."""
    if side == "DISPUTED" or (side == today.administered_by and not scenario.final):
        why = (
            "Left to negotiation under this scenario; as today."
            if side == "DISPUTED"
            else "Unchanged by this scenario; as today."
        )
        return replace(today, id=unit_id, basis_note=f"{why} {today.basis_note}".strip(), **extra)
    return Unit(
        id=unit_id,
        group=today.group,
        administered_by=side,
        administering_state=names[side],
        claimed_by=("JP", "RU") if side == "JOINT" else (side,),
        event_date=scenario.date,
        basis_instrument=f"Scenario: {scenario.label}",
        basis_note=f"Proposed or stated by: {scenario.proposer}",
        note=scenario.verification,
        sources=scenario.sources,
        **extra,
    )


# --------------------------------------------------------------------------- 1945 residents

RESIDENT_COLUMNS = ("unit", "kind", "group", "households", "residents", "as_of", "sources", "note")
RESIDENT_KINDS = ("feature", "group", "total")


@dataclass(frozen=True)
class Residents1945:
    """Japanese residents of the four groups on 15 Aug 1945, as published.

    Attributes
    ----------
    table : DataFrame, one row per published figure: ``unit``, ``kind`` (feature, group,
        total), ``group``, ``households``, ``residents`` (int), ``as_of``, ``sources`` (tuple),
        ``note``.
    by_group : dict group → residents (the published group figures).
    stated_total : int. The published total.
    sum_of_groups : int. The group figures added up.
    islet_sums : dict group → sum of its published islet figures (only groups with islets).
    """

    table: pd.DataFrame
    by_group: dict[str, int]
    stated_total: int
    sum_of_groups: int
    islet_sums: dict[str, int] = field(default_factory=dict)

    @property
    def groups_add_up(self) -> bool:
        """Whether the group figures add up to the stated total (both are kept either way)."""
        return self.sum_of_groups == self.stated_total


def load_residents_1945(
    path: Path | str | None = None,
    source_ids: set[str] | frozenset[str] | None = None,
    groups: tuple[str, ...] = DISPUTED_GROUPS,
    features: Mapping[str, str] | None = None,
) -> Residents1945:
    """Read and check the 1945 residents table.

    Parameters
    ----------
    path : CSV path (default ``data/timeline/residents_1945.csv``).
    source_ids : every known source id (required).
    groups : the disputed groups; each needs exactly one ``group`` row, and there must be one
        ``total`` row.
    features : feature id → group (from ``Atlas.areas``); ``feature`` rows must name a
        drawn feature of a disputed group. Optional; unchecked if None.

    Returns
    -------
    Residents1945. Sums that do not match are reported (``groups_add_up``, ``islet_sums``),
    never corrected.

    Raises
    ------
    ScenarioDataError
        listing every problem (file, line, field, expected, found).
    """
    path = Path(path) if path is not None else RESIDENTS_PATH
    if source_ids is None:
        raise TypeError("load_residents_1945 needs source_ids")
    label = data_label(path)
    try:  # the atlas's one CSV reader: encoding, columns and field counts checked there
        rows = read_csv(path, label, RESIDENT_COLUMNS)
    except DataError as exc:
        raise ScenarioDataError([exc]) from None
    problems: list[DataError] = []
    records, seen = [], set()
    for number, row in enumerate(rows, start=2):
        where = f"line {number} ({row['unit'] or 'no unit'})"
        kind = row["kind"]
        if kind not in RESIDENT_KINDS:
            problems.append(
                DataError(
                    label,
                    f"expected one of {list(RESIDENT_KINDS)}, found {kind!r}",
                    where=where,
                    field="kind",
                )
            )
        if (row["unit"], kind) in seen:
            problems.append(DataError(label, f"duplicate {kind} {row['unit']!r}", where=where))
        seen.add((row["unit"], kind))
        if kind == "group" and (row["unit"] not in groups or row["group"] != row["unit"]):
            problems.append(
                DataError(
                    label,
                    f"expected unit and group both one of {list(groups)}, "
                    f"found {row['unit']!r} / {row['group']!r}",
                    where=where,
                    field="unit",
                )
            )
        if kind == "feature":
            if row["group"] not in groups:
                problems.append(
                    DataError(
                        label,
                        f"expected one of {list(groups)}, found {row['group']!r}",
                        where=where,
                        field="group",
                    )
                )
            elif features is not None and features.get(row["unit"]) != row["group"]:
                problems.append(
                    DataError(
                        label,
                        f"expected a drawn feature of group {row['group']!r}, "
                        f"found {row['unit']!r}",
                        where=where,
                        field="unit",
                    )
                )
        if kind == "total" and (row["unit"] != "total" or row["group"]):
            problems.append(
                DataError(
                    label, "expected unit 'total' and an empty group", where=where, field="unit"
                )
            )
        numbers = {}
        for key in ("households", "residents"):
            if not re.fullmatch(r"\d+", row[key]):
                problems.append(
                    DataError(
                        label,
                        f"expected a whole number ≥ 0, found {row[key]!r}",
                        where=where,
                        field=key,
                    )
                )
            else:
                numbers[key] = int(row[key])
        if not ISO_DATE.match(row["as_of"]) or not _date_ok(row["as_of"]):
            problems.append(
                DataError(
                    label,
                    f"expected YYYY-MM-DD, found {row['as_of']!r}",
                    where=where,
                    field="as_of",
                )
            )
        ids = tuple(s.strip() for s in row["sources"].split(";") if s.strip())
        _source_list(list(ids), set(source_ids), label, where, "sources", problems)
        records.append({**row, **numbers, "sources": ids})
    kinds = [(r["unit"], r["kind"]) for r in records]
    absent = [g for g in groups if (g, "group") not in kinds]
    if absent:
        problems.append(DataError(label, f"expected a group row for each of {absent}, found none"))
    if ("total", "total") not in kinds:
        problems.append(DataError(label, "expected one 'total' row, found none"))
    if problems:
        raise ScenarioDataError(problems)
    table = pd.DataFrame.from_records(records, columns=list(RESIDENT_COLUMNS))
    by_group = {r["unit"]: r["residents"] for r in records if r["kind"] == "group"}
    by_group = {g: by_group[g] for g in groups}
    total = next(r["residents"] for r in records if r["kind"] == "total")
    islet_sums: dict[str, int] = {}
    for r in records:
        if r["kind"] == "feature":
            islet_sums[r["group"]] = islet_sums.get(r["group"], 0) + r["residents"]
    return Residents1945(
        table=table,
        by_group=by_group,
        stated_total=total,
        sum_of_groups=sum(by_group.values()),
        islet_sums=islet_sums,
    )
