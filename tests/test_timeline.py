"""The treaty facts each configuration must get right, checked against the data."""

from __future__ import annotations

import pytest

import geo
from tests.conftest import bundled_atlas


def status(year: int) -> dict:
    frame = geo.configuration(year, bundled_atlas()).drop_duplicates("group").set_index("group")
    return frame.to_dict("index")


def test_required_configurations_ascending():
    years = geo.configurations(bundled_atlas())
    assert years == sorted(years)
    assert {1855, 1875, 1945, 1956} <= set(years)


def test_configuration_has_every_feature_with_status_columns():
    frame = geo.configuration(1956, bundled_atlas())
    assert len(frame) == len(geo.load_areas(bundled_atlas()))
    assert frame.crs.to_epsg() == 4326
    for column in (
        "administered_by",
        "administering_state",
        "claimed_by",
        "transfer_promised_to",
        "basis_instrument",
        "basis_article",
        "sources",
        "name_en",
        "name_ja",
        "name_ja_latn",
        "name_ru",
        "name_ru_latn",
    ):
        assert column in frame.columns
    assert all(isinstance(c, tuple) for c in frame["claimed_by"])
    assert all(isinstance(s, tuple) and s for s in frame["sources"])
    assert set(frame["administered_by"]) <= set(geo.STATE_CODES)


def test_unknown_year_is_a_clear_error():
    with pytest.raises(geo.UnknownIdError, match=r"unknown configuration year 1900; known: 1855"):
        geo.configuration(1900, bundled_atlas())


def test_1855_shimoda_line_between_etorofu_and_urup_sakhalin_unpartitioned():
    s = status(1855)
    for group in geo.DISPUTED_GROUPS:
        assert s[group]["administered_by"] == "JP"
    for group in ("urup", "northern_kurils"):
        assert s[group]["administered_by"] == "RU"
        assert s[group]["administering_state"] == "Russian Empire"
    for group in ("sakhalin_south", "sakhalin_north"):
        assert s[group]["administered_by"] == "JOINT"
    info = geo.configuration_info(1855, bundled_atlas())
    assert info.key_article == "Article 2"
    assert "Etorofu" in info.quote and "Uruppu" in info.quote
    assert s["etorofu"]["basis_article"] == "Article 2"
    assert geo.lines_for(1855, bundled_atlas())["id"].tolist() == ["shimoda_1855"]


def test_1875_japan_gets_the_kurils_to_shumshu_russia_all_sakhalin():
    s = status(1875)
    for group in ("urup", "northern_kurils", *geo.DISPUTED_GROUPS):
        assert s[group]["administered_by"] == "JP"
    for group in ("sakhalin_south", "sakhalin_north"):
        assert s[group]["administered_by"] == "RU"
    assert "Saint Petersburg" in s["northern_kurils"]["basis_instrument"]
    assert set(geo.lines_for(1875, bundled_atlas())["id"]) == {
        "stpetersburg_1875_kamchatka",
        "stpetersburg_1875_laperouse",
    }


def test_1905_portsmouth_article_ix_fiftieth_parallel():
    s = status(1905)
    assert s["sakhalin_south"]["administered_by"] == "JP"
    assert s["sakhalin_north"]["administered_by"] == "RU"
    assert s["sakhalin_south"]["basis_article"] == "Article IX"
    assert (
        "50" in geo.configuration_info(1905, bundled_atlas()).quote
        or "fiftieth" in geo.configuration_info(1905, bundled_atlas()).quote.lower()
    )
    changed = [c["group"] for c in geo.changes_since_previous(1905, bundled_atlas())]
    assert changed == ["sakhalin_south"]


def test_1945_soviet_occupation_with_each_islands_date():
    s = status(1945)
    expected_dates = {
        "etorofu": "1945-08-28",
        "kunashiri": "1945-09-01",
        "shikotan": "1945-09-01",
        "habomai": "1945-09-03",
        "northern_kurils": "1945-08-18",
    }
    for group, date in expected_dates.items():
        assert s[group]["administered_by"] == "RU"
        assert s[group]["administering_state"] == "USSR"
        assert s[group]["event_date"] == date, group
        assert "JP" in s[group]["claimed_by"]
    info = geo.configuration_info(1945, bundled_atlas())
    assert "SCAPIN-677" in info.key_article
    assert any("scapin" in source for source in info.sources)


def test_1951_san_francisco_article_2c_not_signed_by_the_ussr():
    info = geo.configuration_info(1951, bundled_atlas())
    assert info.key_article == "Article 2(c)"
    assert "renounces" in info.quote and "Kurile Islands" in info.quote
    assert "did not sign" in info.summary
    s = status(1951)
    for group in geo.DISPUTED_GROUPS:
        assert s[group]["claimed_by"] == ("RU", "JP")
    for group in ("urup", "northern_kurils", "sakhalin_south"):
        assert "JP" not in s[group]["claimed_by"]


def test_1956_joint_declaration_article_9_agrees_to_transfer_two_after_peace_treaty():
    info = geo.configuration_info(1956, bundled_atlas())
    assert info.key_article == "Article 9"
    assert "agrees to transfer" in info.quote
    assert "after the conclusion of a Peace Treaty" in info.quote
    s = status(1956)
    for group in ("habomai", "shikotan"):
        assert s[group]["transfer_promised_to"] == "JP"
        assert "peace treaty" in s[group]["transfer_condition"].lower()
        assert s[group]["administered_by"] == "RU"
    for group in ("kunashiri", "etorofu"):
        assert s[group]["transfer_promised_to"] == ""


def test_present_day_russian_federation_administers_japan_claims_the_four():
    latest = geo.configurations(bundled_atlas())[-1]
    s = status(latest)
    for group in geo.DISPUTED_GROUPS:
        assert s[group]["administering_state"] == "Russian Federation"
        assert set(s[group]["claimed_by"]) == {"RU", "JP"}


@pytest.mark.parametrize("year", [1945, 1951, 1956, 2026])
def test_disputed_readings_record_both_governments(year):
    readings = geo.configuration_info(year, bundled_atlas()).readings
    assert readings
    for reading in readings:
        assert reading.japan.strip() and reading.russia.strip() and reading.sources


def test_every_area_and_group_has_names_in_three_languages():
    areas = geo.load_areas(bundled_atlas())
    for column in (
        "name_en",
        "name_ja",
        "name_ja_latn",
        "name_ru",
        "name_ru_latn",
        "group_name_en",
        "group_name_ja",
        "group_name_ru",
    ):
        assert areas[column].notna().all() and (areas[column].str.len() > 0).all(), column
    assert areas.set_index("id").loc["etorofu", "name_ja"] == "択捉島"
    assert "Итуруп" in areas.set_index("id").loc["etorofu", "name_ru"]
