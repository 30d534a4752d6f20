"""The compare view in-process (AppTest): two snapshots, their maps, the numbers, custom."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.files import worldviews
from geo.files.scenarios import load_scenarios
from geo.model import compare
from tests.conftest import DATA, ROOT, bundled_atlas
from tests.maps import map_data, shown_payload, step_map
from tests.tables import tables

ATLAS = bundled_atlas()
SCENARIOS = load_scenarios(DATA / "scenarios.toml", set(ATLAS.sources.index))
WORLDVIEWS = worldviews.load_for(ATLAS)


def open_compare() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.radio(key="view").set_value("Compare two maps").run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def text_of(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown).replace("\\", "")


def maps(at: AppTest) -> list[dict]:
    """This rerun's data of each compare map (left, right)."""
    data = map_data(at)
    return [data["compare_left_map"], data["compare_right_map"]]


def payloads(at: AppTest) -> list[dict]:
    """The payload each compare map shows (left, right)."""
    return [shown_payload(d) for d in maps(at)]


@pytest.fixture(scope="module")
def at() -> AppTest:
    return open_compare()


def test_opens_on_the_1956_declaration_beside_japans_position(at):
    left, right = payloads(at)
    assert (left["id"], right["id"]) == ("decl_1956", "japan_four")
    assert maps(at)[0]["chooser"] == "left" and maps(at)[1]["chooser"] == "right"
    assert maps(at)[0]["steps"] == compare.snapshot_choices(ATLAS, SCENARIOS, WORLDVIEWS)
    # the maps share a sync name and name the groups that differ (outlined by the map)
    for data in maps(at):
        assert data["sync"] == "compare"
        assert "kunashiri" in data["changed"] and "shikotan" not in data["changed"]
    text = text_of(at)
    assert "Kunashiri (Kunashir): administered by Russian Federation → Japan" in text
    assert "7,364 Japanese residents on 15 August 1945" in text


def test_the_numbers_table_gives_both_sides_and_the_sea(at):
    table = tables(at)[0].map(lambda v: str(v).replace("\\", ""))
    rows = table.set_index("Measure")
    japan = rows.loc["Land administered by Japan (atlas geometry, % of the four groups)"]
    assert japan["Left map"].endswith("(6.8 %)") and japan["Right map"].endswith("(100.0 %)")
    assert any(m.startswith("Sea nearer land administered by Japan") for m in rows.index)
    assert "illustration, not a legal delimitation" in " ".join(c.value for c in at.caption)


def test_changing_one_side_keeps_the_other_sides_map():
    at = open_compare()
    before = payloads(at)
    step_map(at, "compare_left_map", "1855")
    assert not at.exception
    left, right = payloads(at)
    assert left["id"] == "1855" and left["year"] == 1855
    assert right["id"] == before[1]["id"] == "japan_four"
    # 1855 and Japan's position give the four groups the same holder and claims: no halo on
    # them (Sakhalin was joint in 1855, so it gets one)
    changed = maps(at)[1]["changed"]
    for group in ("habomai", "shikotan", "kunashiri", "etorofu", "hokkaido"):
        assert group not in changed, group
    assert "sakhalin_south" in changed


def test_custom_division_has_its_editor_and_follows_it():
    at = open_compare()
    step_map(at, "compare_right_map", compare.CUSTOM)
    assert at.selectbox(key="custom_etorofu").value == "RU"
    at.selectbox(key="custom_etorofu").set_value("SPLIT").run()
    at.slider(key="custom_etorofu_share").set_value(30).run()
    at.selectbox(key="custom_kunashiri").set_value("JOINT").run()
    assert not at.exception and not at.error
    right = payloads(at)[1]
    assert right["id"] == "custom"
    assert sorted(p["unit"] for p in right["parts"]) == ["etorofu_jp", "etorofu_ru"]
    assert right["units"]["kunashiri"]["administered_by"] == "JOINT"
    assert "Japan 30.0 %" in text_of(at)


def test_every_scenario_can_be_shown_on_either_side():
    at = open_compare()
    for sid in SCENARIOS:
        step_map(at, "compare_right_map", sid)
        assert not at.exception and not at.error, sid
        assert payloads(at)[1]["title"] == SCENARIOS[sid].label
