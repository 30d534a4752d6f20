"""Map building: local Leaflet only, no geometry per switch, data never becomes live code."""

from __future__ import annotations

import json
import re

import pytest

import geo
from geo.files.scenarios import load_scenarios
from geo.files.style import LABEL_SIDES, load_style
from geo.maps import mapview
from geo.maps.payload import snapshot_payload, year_payload
from geo.model.compare import resolve_snapshot
from tests.conftest import bundled_atlas

CDN = re.compile(r"cdn\.|unpkg\.com|jsdelivr|cloudflare|code\.jquery|bootstrapcdn|d3js\.org")


def test_the_map_module_loads_nothing_from_elsewhere():
    module = mapview.library_js()
    # the one URL in it is the SVG namespace (the stripes' patterns), never fetched
    assert not CDN.search(module)
    assert re.findall(r"https?://[^\"' ]+", module) == ["http://www.w3.org/2000/svg"]
    # The map talks to the page only through mount()'s data and hooks: no parent document,
    # no Streamlit markup, no hidden widgets.
    for word in ("window.parent", "parent.document", "st-key", "data-testid", "postMessage"):
        assert word not in module, word
    assert "export function mount(" in module
    assert not CDN.search(mapview.CSS)


def test_opening_view_frames_the_four_disputed_groups():
    atlas = bundled_atlas()
    views = mapview.view_bounds(atlas)
    areas = geo.load_areas(bundled_atlas())
    west, south, east, north = areas[areas["group"].isin(geo.DISPUTED_GROUPS)].total_bounds
    assert views["four"] == [
        [pytest.approx(south, abs=1e-4), pytest.approx(west, abs=1e-4)],
        [pytest.approx(north, abs=1e-4), pytest.approx(east, abs=1e-4)],
    ]
    west, south, east, north = areas.total_bounds
    assert views["region"][0] == [pytest.approx(south, abs=1e-4), pytest.approx(west, abs=1e-4)]
    config = mapview.map_config(atlas)
    assert config["views"] == views
    assert config["disputed_groups"] == list(geo.DISPUTED_GROUPS)
    labelled = {label["group"]: label for label in config["labels"]}
    for group in geo.DISPUTED_GROUPS:
        assert labelled[group]["disputed"] and labelled[group]["side"] in LABEL_SIDES


def test_a_click_is_reported_as_the_group_of_the_feature():
    atlas = bundled_atlas()
    config = mapview.map_config(atlas)
    assert config["feature_groups"] == dict(zip(atlas.areas["id"], atlas.areas["group"]))
    assert 0 < config["pick_tolerance_px"] <= 20


def test_the_map_module_and_configuration_are_published_as_versioned_static_files():
    atlas = bundled_atlas()
    scenarios = load_scenarios(atlas.data_dir / "scenarios.toml", set(atlas.sources.index))
    shown = tuple(resolve_snapshot(i, atlas, scenarios) for i in scenarios)
    urls = mapview.publish_map_files(atlas, shown)
    assert set(urls) == {"module", "css", *geo.i18n.NAME_MODES}
    years = [str(y) for y in geo.configurations(bundled_atlas())]
    for mode in geo.i18n.NAME_MODES:
        config = mapview.read_published_config(urls[mode])
        # every year's and every scenario's payload, ready for a step without a round trip
        assert list(config["payloads"]) == sorted([*years, *scenarios])
        assert config["step_labels"]["1956"]["short"] == "1956"
        assert config == json.loads(json.dumps(mapview.map_config(atlas, mode, shown)))
    english = mapview.read_published_config(urls["en"])["step_labels"]["1956"]
    label = atlas.configurations[1956].label
    assert english == {"short": "1956", "title": label, "option": label}
    # versioned by content: the module and stylesheet by a query, each configuration by its
    # name (another server's configuration is another file)
    assert all(re.search(r"\?v=[0-9a-f]{12}$", urls[k]) for k in ("module", "css"))
    names = [urls[m].rsplit("/", 1)[-1] for m in geo.i18n.NAME_MODES]
    assert all(re.fullmatch(r"config-[a-z]+-[0-9a-f]{12}\.json", n) for n in names), names


def test_a_configuration_of_other_data_is_another_file_and_old_ones_are_cleared(tmp_path):
    atlas = bundled_atlas()
    first = mapview.publish_map_files(atlas, static_dir=tmp_path)
    scenarios = load_scenarios(atlas.data_dir / "scenarios.toml", set(atlas.sources.index))
    shown = (resolve_snapshot("decl_1956", atlas, scenarios),)
    second = mapview.publish_map_files(atlas, shown, static_dir=tmp_path)
    assert first["en"] != second["en"]
    # the first configuration a page may still be reading is still there, unchanged
    assert "decl_1956" not in mapview.read_published_config(first["en"], tmp_path)["payloads"]
    assert "decl_1956" in mapview.read_published_config(second["en"], tmp_path)["payloads"]
    for i in range(mapview.KEEP_CONFIGS + 3):  # many other configurations: the oldest go
        (tmp_path / "atlas" / f"config-en-old{i:09x}.json").write_text("{}", encoding="utf-8")
    third = (resolve_snapshot("status_quo", atlas, scenarios),)  # published once per process
    mapview.publish_map_files(atlas, third, static_dir=tmp_path)
    assert len(list((tmp_path / "atlas").glob("config-en-*.json"))) == mapview.KEEP_CONFIGS
    assert "export function mount(" in (mapview.STATIC_DIR / "atlas" / "atlas_map.js").read_text(
        encoding="utf-8"
    )


def test_geometry_urls_are_versioned_static_files():
    urls = mapview.map_config(bundled_atlas())["urls"]
    assert [u.split("?")[0] for u in urls] == [
        "app/static/atlas/basemap.geojson",
        "app/static/atlas/areas.geojson",
        "app/static/atlas/lines.geojson",
    ]
    assert all(re.search(r"\?v=[0-9a-f]{12}$", u) for u in urls)


@pytest.mark.parametrize("year", geo.configurations(bundled_atlas()))
def test_year_payload_is_small_and_matches_the_data(year):
    payload = year_payload(year, bundled_atlas())
    text = json.dumps(payload, ensure_ascii=False)
    assert len(text.encode()) < 20_000 and '"coordinates"' not in text
    style = load_style()
    status = geo.configuration(year, bundled_atlas()).drop_duplicates("group").set_index("group")
    assert set(payload["units"]) == set(status.index)
    for group, entry in payload["units"].items():
        code = status.loc[group, "administered_by"]
        assert entry["area_style"]["fillColor"] == style.state[code].fill
        hatched = entry["claim_style"]["fill"]
        claimants = set(status.loc[group, "claimed_by"])
        assert hatched == (code != "JOINT" and bool(claimants - {code}))
        assert entry["transfer_style"]["stroke"] == bool(status.loc[group, "transfer_promised_to"])
    assert payload["lines"] == sorted(geo.lines_for(year, bundled_atlas())["id"])


def test_1956_marks_habomai_and_shikotan_as_promised_and_claims_hatched():
    groups = year_payload(1956, bundled_atlas())["units"]
    assert groups["habomai"]["transfer_style"]["stroke"]
    assert groups["shikotan"]["transfer_style"]["stroke"]
    assert not groups["kunashiri"]["transfer_style"]["stroke"]
    assert groups["kunashiri"]["claim_style"]["fillColor"] == "url(#atlas-hatch-JP)"
    assert "Claimed, not administered, by: Japan" in groups["etorofu"]["card"]
    assert "Transfer to Japan promised, not carried out" in groups["habomai"]["card"]


def test_card_is_short_and_says_the_year_and_basis():
    for year in geo.configurations(bundled_atlas()):
        payload = year_payload(year, bundled_atlas())
        assert payload["title"] == geo.configuration_info(year, bundled_atlas()).label
        for entry in payload["units"].values():
            assert entry["card"][0].startswith(f"{year}: administered by ")
            assert len(entry["card"]) <= 5 and all(len(line) < 160 for line in entry["card"])


def test_stripes_legend_shows_this_years_pairs_only():
    style = load_style()
    assert (
        year_payload(1855, bundled_atlas())["legend"] == []
    )  # nothing claimed without administering
    (row,) = year_payload(1956, bundled_atlas())["legend"]
    assert row["color"] == style.state["RU"].fill
    assert row["stripes"] == style.state["JP"].fill


def test_unknown_year_payload_raises_clear_error():
    with pytest.raises(geo.UnknownIdError, match="unknown configuration year 1"):
        year_payload(1, bundled_atlas())


def test_broken_style_file_is_named(tmp_path):
    path = tmp_path / "style.toml"
    path.write_text('[state.JP]\nfill = "orange"\n', encoding="utf-8")
    with pytest.raises(
        geo.DataError,
        # every problem of the file is listed (this one lacks every other section too)
        match=r"style\.toml: \d+ problems:\n- \[state\.JP\]: field 'fill': "
        r"expected a '#RRGGBB' colour, found 'orange'",
    ):
        load_style(path)


def test_attribution_names_openstreetmap_and_licence():
    text = mapview.attribution_text(bundled_atlas())
    assert "OpenStreetMap contributors" in text and "ODbL" in text


def test_joint_administration_is_not_hatched_as_a_claim():
    groups = year_payload(1855, bundled_atlas())["units"]
    assert not groups["sakhalin_south"]["claim_style"]["fill"]
    assert not any("not administered" in line for line in groups["sakhalin_south"]["card"])


@pytest.mark.parametrize(
    ("section", "key", "value", "expected"),
    [
        ("disputed", "color", '"black"', "expected a '#RRGGBB' colour"),
        ("disputed", "weight", '"thick"', "expected a number of pixels"),
        ("claim", "hatch_width", "0", "expected a number of pixels"),
        ("label_side", "etorofu", '"above"', "expected one of"),
    ],
)
def test_style_values_of_the_readable_map_are_checked(tmp_path, section, key, value, expected):
    text = (bundled_atlas().data_dir / "style.toml").read_text(encoding="utf-8")
    text = re.sub(rf"(?m)^(\[{section}\][^\[]*?^{key} = ).*$", rf"\g<1>{value}", text)
    path = tmp_path / "style.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(geo.DataError, match=rf"\[{section}\]: field '{key}': {expected}"):
        load_style(path)


def test_an_unwritable_static_folder_is_named_without_its_server_path(tmp_path):
    from geo.maps.assets import publish_static_assets

    blocked = tmp_path / "static"
    blocked.write_text("a file where the folder should be")  # mkdir fails, also as root
    with pytest.raises(geo.PublishError) as caught:
        publish_static_assets(bundled_atlas().data_dir, blocked)
    message = str(caught.value)
    assert "static/" in message and "could not write" in message
    assert str(tmp_path) not in message
    with pytest.raises(geo.PublishError):
        mapview.publish_map_files(bundled_atlas(), static_dir=blocked)


@pytest.mark.parametrize(
    ("year", "lang", "expected"),
    [
        (1855, "en", "Japan"),  # "Japan (Tokugawa shogunate)" on the card and in the table
        (1855, "ja", "日本"),
        (1905, "en", "Empire of Japan"),
        (1945, "en", "USSR"),
        (1956, "en", "USSR"),
        (1956, "ja", "ソ連"),
        (1956, "ru", "СССР"),
        (2026, "en", "Russian Federation"),
    ],
)
def test_the_label_names_the_administrator_as_the_state_was_called_then(year, lang, expected):
    atlas = bundled_atlas()
    payload = snapshot_payload(geo.historical_snapshot(year, atlas), atlas, lang)
    assert payload["units"]["kunashiri"]["administrator"] == expected
