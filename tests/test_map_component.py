"""The map component's Python side (atlas_ui/map_component.py): what it sends, what it reads.

AppTest shows a Components v2 element as an unknown element and cannot run its script, so the
values the browser reports are checked here as plain functions; the browser tests drive the
real map.
"""

from __future__ import annotations

import json

import pytest

from atlas_ui.map_component import LOADER_JS, MapData, read_pick, read_step

STEPS = ("1855", "1875", "1956")
URLS = {"module": "app/static/atlas/atlas_map.js?v=1", "css": "c.css?v=1", "en": "config.json"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"id": "1875", "n": 3}, ("1875", 3)),
        ({"id": "1875", "n": 0}, ("1875", 0)),
        ({"id": "1999", "n": 3}, None),  # not a step of this map
        ({"id": 1875, "n": 3}, None),
        ({"id": "1875", "n": "3"}, None),
        ({"id": "1875", "n": True}, None),
        ({"id": "1875", "n": -1}, None),
        ({"id": "1875"}, None),
        ("1875", None),
        (None, None),
        ([], None),
    ],
)
def test_a_step_from_the_browser_is_used_only_when_it_is_one_of_the_maps_steps(value, expected):
    assert read_step(value, STEPS) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("shikotan", "shikotan"), ("atlantis", None), ("<b>x</b>", None), (5, None), (None, None)],
)
def test_a_pick_from_the_browser_is_used_only_when_it_is_a_group(value, expected):
    assert read_pick(value, ("habomai", "shikotan")) == expected


def test_each_rerun_sends_ids_and_urls_not_payloads():
    data = MapData(URLS, "en", "timeline", "1875", steps=STEPS, ack=4, hidden_layers=("claims",))
    sent = data.to_json()
    assert sent["config_url"] == "config.json" and sent["module"] == URLS["module"]
    assert sent["step"] == "1875" and sent["steps"] == list(STEPS) and sent["ack"] == 4
    assert sent["hidden_layers"] == ["claims"] and sent["extra"] == {}
    assert all(u.startswith("app/static/") for u in [sent["leaflet"], sent["css"][0]])
    assert len(json.dumps(sent)) < 900
    assert "changed_by_step" not in sent
    assert MapData(URLS, "en", "compare", "1875").to_json()["steps"] is None  # no step bar


def test_the_loader_is_small_and_reaches_nothing_of_the_page():
    assert len(LOADER_JS) < 1_200  # re-sent with every change of data
    for word in ("window.parent", "st-key", "data-testid", "querySelectorAll"):
        assert word not in LOADER_JS
    assert "http" not in LOADER_JS  # URLs come in the data, relative to the page
