"""How each side's own maps draw the area today (issue 21 part 1): data/worldviews.toml read
and checked, turned into snapshots of kind "worldview", and worded "drawn as" wherever a view
would say "administered by"."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

import geo
from geo.errors import DataError
from geo.files import worldviews
from geo.files.codes import DISPUTED_GROUPS
from geo.files.scenarios import load_scenarios
from geo.files.style import load_style
from geo.i18n import t
from geo.maps.payload import card_lines, snapshot_payload
from geo.model import compare
from geo.text import compare_text, tables
from tests.conftest import DATA, ROOT, bundled_atlas
from tests.maps import map_data

ATLAS = bundled_atlas()
SCENARIOS = load_scenarios(DATA / "scenarios.toml", set(ATLAS.sources.index))
WORLDVIEWS = worldviews.load_for(ATLAS)
STYLE = load_style(DATA / "style.toml")
FOUR = tuple(DISPUTED_GROUPS)


def snapshot(wid: str) -> geo.Snapshot:
    return compare.resolve_snapshot(wid, ATLAS, SCENARIOS, worldviews=WORLDVIEWS)


def drawn(wid: str) -> dict[str, str]:
    return {u.group: u.administered_by for u in snapshot(wid).units}


def test_three_worldviews_each_drawing_every_group_with_sources():
    assert list(WORLDVIEWS) == ["japan_official", "russia_official", "international_reference"]
    for worldview in WORLDVIEWS.values():
        assert [g.group for g in worldview.groups] == list(ATLAS.groups)
        assert worldview.sources and all(g.sources for g in worldview.groups)
        assert set(worldview.lines) <= set(ATLAS.lines["id"])


def test_japans_school_atlases_draw_the_four_japanese_and_the_renounced_land_white():
    view = drawn("japan_official")
    assert [view[g] for g in FOUR] == ["JP"] * 4
    for group in ("sakhalin_south", "urup", "northern_kurils"):
        assert view[group] == "UNDETERMINED"
    # what no source read says is not filled in: left "not stated"
    assert view["kamchatka"] == view["sakhalin_north"] == "NOT_STATED"
    assert not any(u.contested for u in snapshot("japan_official").units)
    # the lines the publishers name: Etorofu-Uruppu, Shumshu-Kamchatka, La Perouse, 50 N
    assert set(snapshot("japan_official").lines) == {
        "shimoda_1855",
        "stpetersburg_1875_kamchatka",
        "stpetersburg_1875_laperouse",
        "portsmouth_1905",
    }


def test_russias_position_draws_all_of_it_russian_and_reference_maps_mark_japans_claim():
    russia = drawn("russia_official")
    assert all(russia[g] == "RU" for g in ATLAS.groups if g != "hokkaido")
    assert russia["hokkaido"] == "JP"
    reference = snapshot("international_reference")
    for group in FOUR:
        unit = reference.unit(group)
        assert unit.administered_by == "RU" and unit.claimed_not_administered == ("JP",)
    assert not reference.unit("urup").contested
    assert (
        reference.kind == "worldview" and reference.year == geo.configurations(bundled_atlas())[-1]
    )


@pytest.mark.parametrize(
    ("lang", "drawn_words", "admin_words"),
    [
        ("en", "drawn as Japanese", "administered"),
        ("ja", "日本領として描かれる", "施政"),
        ("ru", "изображается как японская территория", "управляет"),
    ],
)
def test_a_worldviews_card_says_drawn_as_never_administered(lang, drawn_words, admin_words):
    shown = snapshot("japan_official")
    card = card_lines(shown.unit("kunashiri"), shown, STYLE, lang)
    assert drawn_words in card[0] and admin_words not in " ".join(card)
    marked = snapshot("international_reference")
    card = card_lines(marked.unit("etorofu"), marked, STYLE, lang)
    assert card[1] == t(
        "card.claim_marked", lang, states=t("state_short.JP", lang) if lang != "en" else "Japan"
    )


def test_a_worldviews_payload_brings_its_legend_rows_line_label_and_prefix():
    payload = snapshot_payload(snapshot("japan_official"), ATLAS)
    fills = [row["label"] for row in payload["legend"] if row["kind"] == "fill"]
    assert fills == [STYLE.state["NOT_STATED"].label, STYLE.state["UNDETERMINED"].label]
    assert payload["line_label"].startswith("A boundary line these atlases draw")
    assert payload["admin_prefix"] == t("map.drawn_prefix", "en")
    hatch = snapshot_payload(snapshot("international_reference"), ATLAS)["legend"]
    assert [row["label"] for row in hatch] == [
        t("map.legend_marked", "en", admin="Russia", claimant="Japan")
    ]
    # a year keeps the treaties' own line labels and the administration prefix
    year = snapshot_payload(geo.historical_snapshot(1956, ATLAS), ATLAS)
    assert year["line_label"] == "" and year["admin_prefix"] == t("map.admin_prefix", "en")


def test_tables_details_and_differences_say_drawn_as():
    table = tables.status_table(snapshot("japan_official"), STYLE, ATLAS)
    assert list(table.columns)[2:4] == ["Drawn as", "Claim marked"]
    row = table[table["Area"].str.startswith("Uruppu")].iloc[0]
    assert row["Drawn as"] == "Undetermined" and row["Claim marked"] == "—"
    detail = tables.area_detail("etorofu", snapshot("international_reference"), STYLE, ATLAS)
    fields = dict(detail["fields"])
    assert fields["Drawn as"] == "Russia" and fields["Claim marked"] == "Japan"
    lines = tables.change_lines(
        snapshot("japan_official"), snapshot("russia_official"), STYLE, ATLAS
    )
    kunashiri = next(line for line in lines if line.startswith("Kunashiri"))
    assert "shown: Japan → Russia" in kunashiri and "administered" not in " ".join(lines)


def test_the_numbers_of_two_countries_maps_are_worded_shown_as():
    left, right = snapshot("japan_official"), snapshot("russia_official")
    land = (compare.land_figures(left, ATLAS), compare.land_figures(right, ATLAS))
    table = compare_text.comparison_table(left, right, STYLE, land)
    measures = " ".join(table.iloc[:, 0])
    assert "shown as Japan's" in measures and "administered by" not in measures
    assert land[0].loc["JP", "pct"] == pytest.approx(100) and land[1].loc["RU", "pct"] == 100


def copy_data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('drawn_as = "UNDETERMINED"', 'drawn_as = "white"', "field 'drawn_as': expected one of"),
        (
            'claim_marked_by = "JP"',
            'claim_marked_by = "Japan"',
            "field 'claim_marked_by': expected",
        ),
        ('lines = ["shimoda_1855"]', 'lines = ["no_such_line"]', "unknown line id(s)"),
        ('group = "urup"', 'group = "uruppu"', "field 'group': unknown group 'uruppu'; known: ["),
        ('id = "russia_official"', 'id = "russia official"', "a link's id"),
    ],
)
def test_a_broken_worldviews_file_names_what_is_wrong(tmp_path, old, new, expected):
    data = copy_data(tmp_path)
    path = data / "worldviews.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        worldviews.load_for(ATLAS, path)
    message = str(caught.value)
    assert "worldviews.toml" in message and expected in message, message
    if old.startswith("group"):  # the group left out is named too
        assert "no [[worldview.group]] for ['urup']" in message


def test_an_unknown_source_is_named(tmp_path):
    data = copy_data(tmp_path)
    path = data / "worldviews.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"ruwiki-geography-sakhalin-oblast"]', '"nowhere"]', 1), "utf-8")
    with pytest.raises(DataError, match=r"unknown source id\(s\) \['nowhere'\]"):
        worldviews.load_for(ATLAS, path)


def test_japans_map_beside_russias_from_a_link():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params.update(view="compare", left="japan_official", right="russia_official")
    at.run()
    assert not at.exception and not at.error and not at.warning, at.warning
    data = map_data(at)
    # (the step each map shows; its payload is published with every scenario's and worldview's)
    shown = [data[key]["step"] for key in ("compare_left_map", "compare_right_map")]
    assert shown == ["japan_official", "russia_official"]
    assert data["compare_left_map"]["changed"] == sorted(
        {"habomai", "shikotan", "kunashiri", "etorofu", "kamchatka", "sakhalin_north"}
        | {"sakhalin_south", "urup", "northern_kurils"}
    )
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "shown: Japan → Russia" in text
    assert "administered by" not in text.lower()
