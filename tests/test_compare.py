"""The compare view's geo side: ids, state, figures, and the payloads of scenario snapshots."""

from __future__ import annotations

import json

import pytest

import geo
from geo import i18n
from geo.files import worldviews
from geo.files.codes import DISPUTED_GROUPS
from geo.files.official_areas import load_official_areas
from geo.files.residents_1945 import load_residents_1945
from geo.files.scenarios import load_scenarios
from geo.files.style import load_style
from geo.maps.payload import NO_STYLE, snapshot_payload
from geo.model import compare
from geo.model.custom import AssignmentError
from geo.model.snapshot import changed_groups, group_signatures
from geo.text import compare_text
from tests.conftest import DATA, bundled_atlas

ATLAS = bundled_atlas()
SOURCE_IDS = set(ATLAS.sources.index)
SCENARIOS = load_scenarios(DATA / "scenarios.toml", SOURCE_IDS)
WORLDVIEWS = worldviews.load_for(ATLAS)
RESIDENTS = load_residents_1945(source_ids=SOURCE_IDS)
OFFICIAL = load_official_areas(source_ids=SOURCE_IDS)
STYLE = load_style()


def resolve(sid: str, custom: str = ""):
    return compare.resolve_snapshot(sid, ATLAS, SCENARIOS, custom, WORLDVIEWS)


def test_every_choice_resolves_to_a_snapshot_of_its_kind():
    choices = compare.snapshot_choices(ATLAS, SCENARIOS, WORLDVIEWS)
    assert choices[: len(geo.configurations(bundled_atlas()))] == [
        str(y) for y in geo.configurations(bundled_atlas())
    ]
    assert set(SCENARIOS) < set(choices) and choices[-1] == compare.CUSTOM
    for sid in choices:
        s = resolve(sid)
        kind = "worldview" if sid in WORLDVIEWS else "scenario"
        assert s.kind == ("historical" if sid.isdigit() else kind)
        assert set(DISPUTED_GROUPS) <= set(s.groups)
        assert resolve(sid) == s  # cached, and equal when rebuilt


def test_a_link_without_sides_takes_the_defaults_without_a_notice_even_with_no_scenarios():
    """A broken scenarios.toml gives the compare view no scenarios: the defaults (scenarios)
    were then reported as bad link values on every page, even the bare URL."""
    for scenarios_read in (SCENARIOS, {}):
        state, problems = compare.CompareState.from_params({}, ATLAS, scenarios_read)
        assert state == compare.CompareState() and problems == []
    state, problems = compare.CompareState.from_params(
        {"left": "equal_area_2006", "right": "<b>"}, ATLAS, {}
    )
    assert state.left == "equal_area_2006"  # kept unconfirmed: the file is at fault
    assert problems == [
        "right='<b>' is not a year, scenario or country's map; showing 'japan_four'"
    ]
    state, problems = compare.CompareState.from_params({"left": "atlantis"}, ATLAS, SCENARIOS)
    assert (
        state.left == "decl_1956"
        and "left='atlantis' is not a year, scenario or country's map" in problems[0]
    )


@pytest.mark.parametrize("bad", ["1900", "19566", "atlantis", "", "<script>", "0x7b2"])
def test_an_unknown_id_names_the_known_ones(bad):
    with pytest.raises(geo.UnknownIdError, match="decl_1956"):
        resolve(bad)


def test_custom_snapshot_follows_its_text_and_rejects_bad_text():
    s = resolve("custom", "h=RU,s=JOINT,k=JP,e=0.4")
    assert s.unit("shikotan").administered_by == "JOINT"
    assert not s.unit("shikotan").contested  # joint: both administer
    shares = {u.administered_by: u.share for u in s.units_of("etorofu")}
    assert shares["JP"] == pytest.approx(0.4, abs=1e-3)
    with pytest.raises(AssignmentError):
        resolve("custom", "h=XX")


def test_compare_state_round_trips_and_replaces_bad_values():
    state = compare.CompareState(left="1855", right="custom", custom="h=JP,s=JP,k=JP,e=0.25")
    params = state.to_params()
    assert params == {"left": "1855", "right": "custom", "custom": "h=JP,s=JP,k=JP,e=0.25"}
    assert sum(len(k) + len(v) for k, v in params.items()) < 80  # fits a URL easily
    back, problems = compare.CompareState.from_params(params, ATLAS, SCENARIOS)
    assert back == state and problems == []
    assert "custom" not in compare.CompareState().to_params()
    odd = {"left": "<b>1999</b>", "right": "japan_four", "custom": "h=JP;drop"}
    back, problems = compare.CompareState.from_params(odd, ATLAS, SCENARIOS)
    assert back.left == compare.CompareState().left and back.right == "japan_four"
    assert back.custom == compare.DEFAULT_CUSTOM
    assert len(problems) == 2 and "left=" in problems[0] and "custom" in problems[1]


@pytest.mark.parametrize("sid", ["1855", "1956", "status_quo", "decl_1956", "equal_area_2006"])
def test_land_figures_sum_to_the_whole_and_to_one_hundred(sid):
    table = compare.land_figures(resolve(sid), ATLAS, compare.official_pairs(OFFICIAL))
    whole = compare.land_figures(resolve("2026"), ATLAS)["km2"].sum()
    assert table["km2"].sum() == pytest.approx(whole, rel=1e-9)
    assert table["pct"].sum() == pytest.approx(100.0, abs=1e-9)
    assert table["official_km2"].sum() == pytest.approx(sum(a.area_km2 for a in OFFICIAL.values()))
    assert (table["contested_km2"] <= table["km2"] + 1e-9).all()


def test_hand_changes_carry_the_published_1945_residents():
    changes = compare.hand_changes(resolve("2026"), resolve("decl_1956"), ATLAS, RESIDENTS)
    assert [(c.group, c.residents) for c in changes] == [
        ("habomai", RESIDENTS.by_group["habomai"]),
        ("shikotan", RESIDENTS.by_group["shikotan"]),
    ]
    assert all(c.moves[0][:2] == ("RU", "JP") for c in changes)
    # a divided island: no figure is invented for a part
    split = compare.hand_changes(resolve("2026"), resolve("equal_area_2006"), ATLAS, RESIDENTS)
    etorofu = next(c for c in split if c.group == "etorofu")
    assert etorofu.residents is None and "whole island" in etorofu.residents_note
    # single islets: the published islet figures, and what has none is named
    islets = compare.hand_changes(
        resolve("2026"),
        resolve("custom", "h=RU,s=RU,k=RU,e=RU,suisho=JP,yuri=JP"),
        ATLAS,
        RESIDENTS,
    )
    table = RESIDENTS.table.set_index("unit")
    assert islets[0].residents == table.loc["suisho", "residents"] + table.loc["yuri", "residents"]
    assert compare.hand_changes(resolve("1956"), resolve("status_quo"), ATLAS, RESIDENTS) == []


def test_scenario_payload_draws_parts_a_cut_and_the_changes():
    left, right = resolve("decl_1956"), resolve("equal_area_2006")
    changed = changed_groups(left, right)
    assert changed == {"kunashiri", "etorofu"}
    payload = snapshot_payload(right, ATLAS)
    assert payload["id"] == "equal_area_2006" and payload["year"] is None
    assert payload["hidden"] == ["etorofu"]
    assert sorted(p["unit"] for p in payload["parts"]) == ["etorofu_jp", "etorofu_ru"]
    assert payload["cut"]["geometry"]["type"] == "LineString"
    assert payload["units"]["etorofu_jp"]["area_style"]["fillColor"] == STYLE.state["JP"].fill
    # the change outline is the map's to draw, for the groups the page names (changed)
    assert all(u["changed_style"] == NO_STYLE for u in payload["units"].values())
    assert any("This part: 21." in line for line in payload["units"]["etorofu_jp"]["card"])
    assert {row["kind"] for row in payload["legend"]} >= {"cut"}
    assert len(json.dumps(payload)) < 30_000  # the parts are the only geometry sent
    # every drawn feature maps to a unit, except the hidden one, which its parts replace
    assert set(payload["feature_units"]) == set(ATLAS.areas["id"]) - {"etorofu"}


def test_comparison_table_reads_both_sides_in_plain_text():
    left, right = resolve("decl_1956"), resolve("japan_four")
    land = tuple(
        compare.land_figures(s, ATLAS, compare.official_pairs(OFFICIAL)) for s in (left, right)
    )
    table = compare_text.comparison_table(left, right, STYLE, land)
    assert list(table.columns) == ["Measure", "Left map", "Right map", "Difference"]
    japan = table.set_index("Measure").loc[
        "Land administered by Japan (atlas geometry, % of the four groups)"
    ]
    assert japan["Left map"].endswith("(6.8 %)") and japan["Right map"].endswith("(100.0 %)")
    assert japan["Difference"] == "+93.2 percentage points"
    assert not table.map(lambda v: "<" in v).any().any()


def test_split_lines_set_the_computed_share_beside_the_quoted_ones():
    lines = compare_text.split_lines(
        resolve("equal_area_2006"), SCENARIOS["equal_area_2006"], atlas=bundled_atlas()
    )
    assert "Japan 21." in lines[0] and "Etorofu" in lines[0]
    assert [line.split(" of ")[0] for line in lines[1:]] == [
        "Quoted at the time: 25.0 %",
        "Quoted at the time: 20.0 %",
    ]
    assert (
        compare_text.split_lines(
            resolve("decl_1956"), SCENARIOS["decl_1956"], atlas=bundled_atlas()
        )
        == []
    )


def test_group_signatures_differ_exactly_where_the_compare_view_outlines():
    # The browser outlines a pair's differences from the payloads' signatures alone; they must
    # agree with changed_groups for every pair the compare view offers.
    ids = compare.snapshot_choices(ATLAS, SCENARIOS, WORLDVIEWS)
    snapshots = {i: resolve(i) for i in ids}
    for a in ids:
        for b in ids:
            left, right = snapshots[a], snapshots[b]
            sig_l, sig_r = group_signatures(left), group_signatures(right)
            by_signature = {g for g in right.groups if sig_l.get(g) != sig_r[g]}
            assert by_signature == set(changed_groups(left, right)), (a, b)


def test_a_joint_holding_reads_as_both_states_in_the_comparison_table():
    """It read "Land administered by Joint (unpartitioned)" (#19)."""
    atlas = bundled_atlas()
    loaded = load_scenarios(source_ids=set(atlas.sources.index))
    left = compare.resolve_snapshot("1956", atlas, loaded)
    right = compare.resolve_snapshot(compare.CUSTOM, atlas, loaded, "h=JOINT,s=JP,k=RU,e=RU")
    land = (compare.land_figures(left, atlas), compare.land_figures(right, atlas))
    for mode in ("en", "ja", "ru"):
        table = compare_text.comparison_table(
            left, right, load_style(), land, None, names_mode=mode
        )
        measures = list(table.iloc[:, 0])
        lang = i18n.ui_language(mode)
        assert i18n.t("compare.land", lang, state=i18n.t("state_by.JOINT", lang)) in measures
        old = i18n.t("compare.land", lang, state=i18n.t("state_short.JOINT", lang))
        assert old not in measures
