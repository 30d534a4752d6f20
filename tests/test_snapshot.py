"""The resolved snapshot and its rules: one value for years and scenarios alike."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
import shapely

import geo
from geo.files.codes import DISPUTED_GROUPS
from geo.model import snapshot as snap
from tests.conftest import bundled_atlas

ATLAS = bundled_atlas()
YEARS = geo.configurations(bundled_atlas())


def _unit(**kw) -> snap.Unit:
    base = dict(
        id="x",
        group="x",
        features=("x",),
        administered_by="RU",
        administering_state="Russia",
        claimed_by=("RU", "JP"),
    )
    return snap.Unit(**{**base, **kw})


def test_rules_are_properties_of_the_unit():
    contested = _unit()
    assert contested.claimed_not_administered == ("JP",) and contested.contested
    joint = _unit(administered_by="JOINT", claimed_by=("JP", "RU"))
    assert joint.claimed_not_administered == () and not joint.contested
    settled = _unit(claimed_by=("RU",), transfer_promised_to="JP")
    assert not settled.contested and settled.transfer_promised
    part = _unit(features=(), geometry=shapely.box(0, 0, 1, 1), share=0.25)
    assert part.divided and not contested.divided


@pytest.mark.parametrize("year", YEARS)
def test_historical_snapshot_holds_every_status_row(year):
    s = geo.historical_snapshot(year, bundled_atlas())
    assert s.kind == snap.HISTORICAL and s.id == str(year) and s.year == year
    assert s.groups == ATLAS.groups
    rows = ATLAS.status[ATLAS.status["year"] == year].set_index("group")
    for unit in s.units:
        row = rows.loc[unit.group]
        assert unit.administered_by == row["administered_by"]
        assert unit.claimed_by == row["claimed_by"]
        assert unit.sources == row["sources"]
        assert unit.share == 1.0 and not unit.divided
    assert set(s.feature_units()) == set(ATLAS.areas["id"])  # every drawn feature covered
    assert s is geo.historical_snapshot(year, bundled_atlas())  # built once per process


def test_snapshot_rejects_duplicate_units_and_unknown_kinds():
    unit = _unit()
    with pytest.raises(ValueError, match="duplicate unit ids"):
        snap.Snapshot("s", snap.SCENARIO, "l", "", "", 2026, (unit, unit))
    with pytest.raises(ValueError, match="kind"):
        snap.Snapshot("s", "dream", "l", "", "", 2026, (unit,))


def test_diff_of_consecutive_years_matches_the_change_list():
    for before, after in itertools.pairwise(YEARS):
        changes = snap.diff(
            geo.historical_snapshot(before, bundled_atlas()),
            geo.historical_snapshot(after, bundled_atlas()),
        )
        listed = geo.changes_since_previous(after, bundled_atlas())
        assert [c.group for c in changes] == [c["group"] for c in listed]
    # 1951 -> 1956: only the promised transfers change, nothing changes hands
    changes = snap.diff(
        geo.historical_snapshot(1951, bundled_atlas()),
        geo.historical_snapshot(1956, bundled_atlas()),
    )
    assert {c.group for c in changes} == {"habomai", "shikotan"}
    assert all(c.fields == ("transfer_promised_to",) and not c.changes_hands for c in changes)


def test_diff_is_empty_for_a_snapshot_and_itself_and_symmetric_in_groups():
    a, b = (
        geo.historical_snapshot(1855, bundled_atlas()),
        geo.historical_snapshot(2026, bundled_atlas()),
    )
    assert snap.diff(a, a) == []
    assert {c.group for c in snap.diff(a, b)} == {c.group for c in snap.diff(b, a)}
    assert all(c.changes_hands for c in snap.diff(a, b) if c.group in DISPUTED_GROUPS)


def test_land_frame_covers_each_feature_once():
    s = geo.historical_snapshot(1956, bundled_atlas())
    land = snap.land_frame(s, ATLAS.areas)
    assert sorted(land["id"]) == sorted(ATLAS.areas["id"])
    assert set(land["side"]) <= set(geo.STATE_CODES)
    assert land.crs == ATLAS.areas.crs
    kunashiri = land.set_index("id").loc["kunashiri"]
    assert kunashiri["side"] == "RU" and kunashiri["contested"]


def test_unit_geometry_is_not_part_of_equality_or_hash():
    a = _unit(features=(), geometry=shapely.box(0, 0, 1, 1), share=0.5)
    b = dataclasses.replace(a, geometry=shapely.box(0, 0, 2, 2))
    assert a == b and hash(a) == hash(b)
