"""Scenarios and 1945 residents: loading, validation, custom assignments, per-scenario figures."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

import geo
from geo.errors import DataError
from geo.files.codes import DISPUTED_GROUPS
from geo.files.residents_1945 import load_residents_1945
from geo.files.scenarios import SPLIT_EQUAL_AREA, load_scenarios
from geo.model import areas, compare, scenarios
from geo.model.custom import AssignmentError, custom_scenario, decode_assignment, encode_assignment
from tests.conftest import DATA, bundled_atlas, edit_csv

ATLAS = bundled_atlas()
SOURCE_IDS = set(ATLAS.sources.index)
ISLETS = tuple(ATLAS.areas.loc[ATLAS.areas["group"] == "habomai", "id"])
FEATURES = dict(zip(ATLAS.areas["id"], ATLAS.areas["group"]))
SCENARIOS = load_scenarios(DATA / "scenarios.toml", SOURCE_IDS)
with open(DATA / "timeline" / "official_areas.csv", encoding="utf-8") as f:
    OFFICIAL = {row["group"]: float(row["area_km2"]) for row in csv.DictReader(f)}


PRESENT = geo.historical_snapshot(geo.configurations(bundled_atlas())[-1], bundled_atlas())
OFFICIAL_PAIRS = tuple(OFFICIAL.items())


def snapshot_of(scenario):
    return scenarios.scenario_snapshot(scenario, PRESENT, ATLAS.areas)


@pytest.fixture(scope="module")
def snapshots():
    return {sid: snapshot_of(s) for sid, s in SCENARIOS.items()}


@pytest.fixture(scope="module")
def land(snapshots):
    return {sid: compare.land_figures(s, ATLAS, OFFICIAL_PAIRS) for sid, s in snapshots.items()}


# --------------------------------------------------------------------------- the real data


def test_the_real_scenarios_load():
    expected = {"status_quo", "decl_1956", "japan_four", "equal_area_2006", "parallel_2001"}
    assert expected <= set(SCENARIOS)
    for scenario in SCENARIOS.values():
        assert [g for g, _ in scenario.allocation] == list(DISPUTED_GROUPS)
        assert scenario.sources and scenario.description and scenario.proposer
        assert set(scenario.sources) <= SOURCE_IDS


def test_each_scenario_allocates_as_specified():
    value = {sid: dict(s.allocation) for sid, s in SCENARIOS.items()}
    assert set(value["status_quo"].values()) == {"RU"}
    assert set(value["japan_four"].values()) == {"JP"}
    assert value["decl_1956"] == {
        "habomai": "JP",
        "shikotan": "JP",
        "kunashiri": "RU",
        "etorofu": "RU",
    }
    assert value["parallel_2001"]["kunashiri"] == value["parallel_2001"]["etorofu"] == "DISPUTED"
    assert value["equal_area_2006"]["etorofu"] == SPLIT_EQUAL_AREA


def test_the_2006_entry_records_the_shares_quoted_at_the_time_with_sources():
    quoted = SCENARIOS["equal_area_2006"].quoted_shares
    assert {q.share for q in quoted} == {0.25, 0.20}
    assert all(q.sources and set(q.sources) <= SOURCE_IDS for q in quoted)


def test_every_land_table_sums_to_one_hundred_percent(land):
    for sid, table in land.items():
        assert table["pct"].sum() == pytest.approx(100.0, abs=1e-9), sid
        assert list(table.index) == list(geo.STATE_CODES)
        assert table["official_km2"].sum() == pytest.approx(sum(OFFICIAL.values())), sid


def test_decl_1956_gives_japan_about_seven_percent(land):
    japan = land["decl_1956"].loc["JP", "pct"]
    official = (OFFICIAL["habomai"] + OFFICIAL["shikotan"]) / sum(
        OFFICIAL[g] for g in DISPUTED_GROUPS
    )
    assert japan == pytest.approx(official * 100, abs=0.2)
    assert 6.5 < japan < 7.5


def test_the_equal_area_division_balances_within_half_a_percent(land, snapshots):
    assert land["equal_area_2006"].loc["JP", "pct"] == pytest.approx(50.0, abs=0.25)
    etorofu = snapshots["equal_area_2006"].units_of("etorofu")
    assert sorted(u.administered_by for u in etorofu) == ["JP", "RU"]
    japan = next(u for u in etorofu if u.administered_by == "JP")
    assert 0.15 < japan.share < 0.3
    assert sum(u.share for u in etorofu) == pytest.approx(1.0)
    assert snapshots["equal_area_2006"].cut is not None  # the dividing line is kept


def test_scenario_rules_keep_or_end_claims(snapshots):
    """A final scenario ends every claim; a step keeps today's claims where it changes nothing."""
    for group in DISPUTED_GROUPS:
        quo = snapshots["status_quo"].unit(group)
        assert quo.status_key() == PRESENT.unit(group).status_key()  # exactly today
        assert quo.contested  # Japan's claim stays striped
        four = snapshots["japan_four"].unit(group)
        assert (four.administered_by, four.claimed_by, four.contested) == ("JP", ("JP",), False)
    decl = snapshots["decl_1956"]
    assert decl.unit("shikotan").claimed_by == ("JP",)
    assert not decl.unit("shikotan").transfer_promised  # carried out
    assert decl.unit("kunashiri").contested  # not final: Japan still claims it
    parallel = snapshots["parallel_2001"].unit("etorofu")
    assert parallel.contested and "negotiation" in parallel.basis_note
    # context groups are today's
    assert snapshots["japan_four"].unit("hokkaido") == PRESENT.unit("hokkaido")


def test_sea_partition_per_scenario_covers_the_same_region(snapshots):
    picked = {sid: snapshots[sid] for sid in ("status_quo", "decl_1956", "japan_four")}
    seas = {sid: compare.sea_figures(s, ATLAS) for sid, s in picked.items()}
    first = next(iter(seas.values())).region_km2
    for sid, sea in seas.items():
        assert sea.parts["km2"].sum() == pytest.approx(sea.region_km2, rel=1e-6), sid
        assert sea.region_km2 == pytest.approx(first, rel=1e-6), sid
    by_side = {sid: sea.parts.set_index("side")["km2"] for sid, sea in seas.items()}
    assert by_side["japan_four"]["JP"] > by_side["decl_1956"]["JP"] > by_side["status_quo"]["JP"]
    moves = compare.sea_moves(seas["status_quo"], seas["japan_four"])
    assert list(moves["from"]) == ["RU"] and list(moves["to"]) == ["JP"]
    gained = by_side["japan_four"]["JP"] - by_side["status_quo"]["JP"]
    assert moves["km2"].sum() == pytest.approx(gained, rel=1e-3)


# --------------------------------------------------------------------------- broken files

ENTRY_2006 = '[[scenario]]\nid = "equal_area_2006"'


def _broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = (DATA / "scenarios.toml").read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "scenarios.toml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


BROKEN = [
    ('id = "decl_1956"', 'id = "Decl 1956"', "id", "found 'Decl 1956'"),
    ('id = "decl_1956"', 'id = "status_quo"', "id", "duplicate id 'status_quo'"),
    (
        'label = "1956 Joint Declaration carried out (Article 9)"',
        'label = "  "',
        "label",
        "expected non-empty text, found '  '",
    ),
    ('date = "1956-10-19"', 'date = "1956-13-40"', "date", "found '1956-13-40'"),
    ('date = "1956-10-19"', 'date = "19 Oct 1956"', "date", "found '19 Oct 1956'"),
    (
        'sources = ["unts-263-1956-joint-declaration"',
        'sources = ["no-such-source"',
        "sources",
        "unknown source id(s) ['no-such-source']; every source must be listed in sources.csv",
    ),
    (
        'sources = ["unts-263-1956-joint-declaration", "spf-1956-joint-declaration-ja"]',
        "sources = []",
        "sources",
        "found []",
    ),
    ('etorofu = "SPLIT_EQUAL_AREA"', 'etorofu = "HALF"', "allocation.etorofu", "found 'HALF'"),
    ('habomai = "RU"', 'habomai = "SPLIT_EQUAL_AREA"', "allocation.habomai", "found 'SPLIT"),
    (
        'habomai = "RU"\n',
        "",
        "allocation.habomai",
        "expected one of ['JP', 'RU', 'JOINT', 'DISPUTED'], found nothing",
    ),
    (
        'habomai = "RU"\n',
        'habomai = "RU"\nurup = "RU"\n',
        None,
        "found unknown key(s) ['urup']; "
        "expected only ['habomai', 'shikotan', 'kunashiri', 'etorofu']",
    ),
    ("share = 0.25", "share = 25", "share", "found 25"),
    (
        'said_by = "Taro Aso (press conference), recounting his Diet answer"',
        "said_by = 2006",
        "said_by",
        "expected non-empty text, found 2006",
    ),
]


@pytest.mark.parametrize(("old", "new", "field", "found"), BROKEN)
def test_each_broken_field_fails_with_a_named_message(tmp_path, old, new, field, found):
    path = _broken(tmp_path, old, new)
    with pytest.raises(DataError) as info:
        load_scenarios(path, SOURCE_IDS)
    message = str(info.value)
    assert isinstance(info.value, DataError)
    assert "scenarios.toml" in message
    assert re.search(r"scenario #\d+ \([^)]+\)", message), message
    assert field is None or f"field '{field}'" in message, message
    assert found in message, message
    assert "expected" in message or "every source must be listed" in message, message


def test_several_problems_are_reported_together(tmp_path):
    text = (DATA / "scenarios.toml").read_text(encoding="utf-8")
    text = text.replace('date = "1956-10-19"', 'date = "1956"').replace(
        'etorofu = "SPLIT_EQUAL_AREA"', 'etorofu = "??"'
    )
    text = text.replace('id = "japan_four"', 'id = "Japan"')
    path = tmp_path / "scenarios.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_scenarios(path, SOURCE_IDS)
    assert len(info.value.problems) == 2  # a bare year is a valid date
    assert "2 problems" in str(info.value)
    assert {p.field for p in info.value.problems} == {"id", "allocation.etorofu"}


def test_unreadable_or_empty_files_fail_clearly(tmp_path):
    path = tmp_path / "scenarios.toml"
    path.write_text("[[scenario]\n", encoding="utf-8")
    with pytest.raises(DataError, match="not valid TOML"):
        load_scenarios(path, SOURCE_IDS)
    path.write_text("title = 'none'\n", encoding="utf-8")
    with pytest.raises(DataError, match="at least one"):
        load_scenarios(path, SOURCE_IDS)
    with pytest.raises(DataError, match="missing"):
        load_scenarios(tmp_path / "absent.toml", SOURCE_IDS)


def test_an_unknown_key_is_named(tmp_path):
    path = _broken(tmp_path, ENTRY_2006, ENTRY_2006 + "\nshare_of_etorofu = 0.25")
    with pytest.raises(DataError, match=r"found unknown key\(s\) \['share_of_etorofu'\]"):
        load_scenarios(path, SOURCE_IDS)


# --------------------------------------------------------------------------- custom scenarios

ROUND_TRIPS = [
    {"habomai": "JP", "shikotan": "JP", "kunashiri": "RU", "etorofu": 0.25},
    {"habomai": "JOINT", "shikotan": "RU", "kunashiri": "JP", "etorofu": "RU"},
    {"habomai": "JP", "shikotan": "JP", "kunashiri": "JP", "etorofu": 0.0, "shibotsu": "RU"},
    {"habomai": "RU", "shikotan": "JOINT", "kunashiri": "JP", "etorofu": 1.0, "suisho": "JP"},
    {"habomai": "JP", "shikotan": "JP", "kunashiri": "JP", "etorofu": 0.2118},
]


@pytest.mark.parametrize("assignment", ROUND_TRIPS)
def test_custom_assignment_round_trips_through_its_text(assignment):
    scenario = custom_scenario(assignment, islets=ISLETS)
    text = encode_assignment(scenario)
    assert re.fullmatch(r"[A-Za-z0-9_.,=]+", text) and len(text) < 80
    assert decode_assignment(text, islets=ISLETS) == scenario


def test_encoding_is_short_and_readable():
    scenario = custom_scenario(ROUND_TRIPS[0], islets=ISLETS)
    assert encode_assignment(scenario) == "h=JP,s=JP,k=RU,e=0.25"


MALFORMED = [
    ("", "only contain"),
    ("h=JP,s=JP,k=RU,e=0.25," + "x" * 300, "too long"),
    ("h=JP;s=JP;k=RU;e=RU", "only contain"),
    ("h=JP,s=JP,k=RU,e=<b>", "only contain"),
    ("h=JP,s=JP,k=RU", "missing group"),
    ("h=JP,h=RU,s=JP,k=RU,e=RU", "given twice"),
    ("h=JP,s=JP,k=RU,e=1.5", "share"),
    ("h=JP,s=JP,k=RU,e=nan", "share"),
    ("h=JP,s=JP,k=RU,e=1e-3", "only contain"),
    ("h=JP,s=JP,k=RU,e=1e3", "share"),
    ("h=JP,s=JP,k=RU,e=0.123456", "share"),
    ("h=XX,s=JP,k=RU,e=RU", "habomai: expected one of"),
    ("h=JP,s=JP,k=RU,e=RU,urup=JP", "unknown key"),
    ("h=JP,s=JP,k=DISPUTED,e=RU", "kunashiri: expected one of"),
    ("h=JP,s,k=RU,e=RU", "key=value"),
    ("h=JP,s==JP,k=RU,e=RU", "key=value"),
    ("h=JP,s=JP,k=RU,e=RU,shibotsu=0.5", "shibotsu: expected one of"),
]


@pytest.mark.parametrize(("text", "message"), MALFORMED)
def test_malformed_or_oversized_text_is_rejected_clearly(text, message):
    with pytest.raises(AssignmentError, match=message):
        decode_assignment(text, islets=ISLETS)


def test_custom_scenario_validates_a_mapping_directly():
    with pytest.raises(AssignmentError, match="etorofu: expected a share"):
        custom_scenario({"habomai": "JP", "shikotan": "JP", "kunashiri": "JP", "etorofu": -0.1})
    with pytest.raises(AssignmentError, match="cannot be encoded"):
        encode_assignment(SCENARIOS["parallel_2001"])


def test_custom_scenario_figures_follow_islets_and_the_etorofu_share():
    scenario = decode_assignment("h=JP,s=RU,k=RU,e=0.5,shibotsu=RU", islets=ISLETS)
    snapshot = snapshot_of(scenario)
    suisho = next(u for u in snapshot.units_of("habomai") if "suisho" in u.features)
    assert suisho.administered_by == "JP" and "shibotsu" not in suisho.features
    shibotsu = next(u for u in snapshot.units_of("habomai") if "shibotsu" in u.features)
    assert shibotsu.administered_by == "RU" and shibotsu.features == ("shibotsu",)
    etorofu = {u.administered_by: u for u in snapshot.units_of("etorofu")}
    assert etorofu["JP"].share == pytest.approx(0.5, abs=1e-3)
    totals = compare.land_figures(snapshot, ATLAS)
    assert totals["pct"].sum() == pytest.approx(100.0, abs=1e-9)
    habomai = ATLAS.areas[ATLAS.areas["group"] == "habomai"]
    shibotsu_km2 = areas.area_km2(habomai[habomai["id"] == "shibotsu"]).sum()
    etorofu_jp_km2 = compare.unit_km2(snapshot, ATLAS)[etorofu["JP"].id]
    expected_jp = areas.area_km2(habomai).sum() - shibotsu_km2 + etorofu_jp_km2
    assert totals.loc["JP", "km2"] == pytest.approx(expected_jp, rel=1e-6)
    # Etorofu counts on both sides; the other Habomai islets on Japan's
    assert totals.loc["JP", "islands"] == len(habomai) - 1 + 1


# --------------------------------------------------------------------------- 1945 residents


def _residents(path=None):
    return load_residents_1945(path, SOURCE_IDS, features=FEATURES)


def test_residents_1945_load_and_add_up_as_published():
    residents = _residents()
    assert set(residents.by_group) == set(DISPUTED_GROUPS)
    assert residents.stated_total == 17291  # the published total (Cabinet Office, MOFA)
    assert residents.groups_add_up
    assert residents.islet_sums["habomai"] == residents.by_group["habomai"]


def _residents_copy(tmp_path: Path) -> Path:
    path = tmp_path / "residents_1945.csv"
    shutil.copy(DATA / "timeline" / "residents_1945.csv", path)
    return path


def test_a_mismatched_total_is_kept_and_reported_not_corrected(tmp_path):
    path = _residents_copy(tmp_path)

    def change(rows):
        for row in rows:
            if row["kind"] == "total":
                row["residents"] = "17000"

    edit_csv(path, change)
    residents = _residents(path)
    assert residents.stated_total == 17000
    assert residents.sum_of_groups == sum(residents.by_group.values())
    assert not residents.groups_add_up


RESIDENT_BREAKS = [
    ("residents", "12a", "field 'residents'", "found '12a'"),
    ("households", "-3", "field 'households'", "found '-3'"),
    ("as_of", "1945-08-32", "field 'as_of'", "found '1945-08-32'"),
    ("sources", "nowhere", "field 'sources'", "unknown source id(s) ['nowhere']"),
    ("kind", "island", "field 'kind'", "found 'island'"),
]


@pytest.mark.parametrize(("column", "value", "field", "found"), RESIDENT_BREAKS)
def test_each_broken_residents_field_is_named(tmp_path, column, value, field, found):
    path = _residents_copy(tmp_path)

    def change(rows):
        rows[0][column] = value

    edit_csv(path, change)
    with pytest.raises(DataError) as info:
        _residents(path)
    message = str(info.value)
    assert "residents_1945.csv" in message and "line 2 (suisho)" in message, message
    assert field in message and found in message, message


def test_residents_reject_an_unknown_islet_and_a_missing_group(tmp_path):
    path = _residents_copy(tmp_path)

    def change(rows):
        rows[0]["unit"] = "kaigara"  # named but not drawn
        return [r for r in rows if r["unit"] != "etorofu"]

    edit_csv(path, change)
    with pytest.raises(DataError) as info:
        _residents(path)
    assert len(info.value.problems) == 2
    assert "found 'kaigara'" in str(info.value)
    assert "['etorofu']" in str(info.value)
