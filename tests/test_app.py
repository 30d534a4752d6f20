"""The app in-process with Streamlit's AppTest: every configuration, what is sent to the map."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

import geo
from geo import i18n
from geo.files.style import load_style
from geo.maps import mapview
from geo.maps.payload import year_payload
from geo.model.timeline import events_for
from geo.text import markdown
from geo.text import tables as text_tables
from tests.conftest import ROOT, bundled_atlas
from tests.maps import loader_scripts, map_data, pick_on_map, shown_payload, step_map
from tests.tables import tables

CDN = re.compile(r"https?://")
YEARS = geo.configurations(bundled_atlas())


def run_app(year: int | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    if year is not None:
        step_map(at, "timeline_map", str(year))
    assert not at.exception, at.exception
    return at


def open_tab(at: AppTest, key: str, language: str = "en") -> AppTest:
    """Open one tab of the side panel as a click on it does (a lazy tab: built once open)."""
    at.session_state["panel"] = markdown.md_escape(i18n.t(f"app.tab_{key}", language))
    return at.run()


def table_of(at: AppTest):
    """The status table as shown: Markdown-escaped cells, unescaped for comparison."""
    return tables(at)[0].map(lambda v: str(v).replace("\\", ""))


@pytest.fixture(scope="module")
def app() -> AppTest:
    return run_app()


def test_opens_on_the_present_day(app):
    assert map_data(app)["timeline_map"]["step"] == str(YEARS[-1])
    assert not app.error


@pytest.mark.parametrize("year", YEARS)
def test_every_configuration_runs_and_shows_the_statuses_of_geo(year):
    at = run_app(year)
    assert not at.error
    table = table_of(at)
    status = geo.configuration(year, bundled_atlas()).drop_duplicates("group")
    assert list(table["Administered by"]) == list(status["administering_state"])
    names = geo.names_of(bundled_atlas(), "group")
    assert list(table["Area"]) == [names.loc[g, "name_en"] for g in status["group"]]
    info = geo.configuration_info(year, bundled_atlas())
    assert markdown.md_escape(info.label) in [h.value for h in at.subheader]
    # the rerun names the year; the map holds every year's payload from the start (in the
    # static configuration file its data names)
    data = map_data(at)["timeline_map"]
    assert data["step"] == str(year) and data["steps"] == [str(y) for y in YEARS]
    assert data["extra"] == {} and data["hidden_layers"] == []
    atlas = bundled_atlas()
    assert shown_payload(data) == json.loads(json.dumps(year_payload(year, atlas)))


def test_no_cdn_or_other_remote_url_in_what_the_map_loads(app):
    data = map_data(app)["timeline_map"]
    urls = [data["leaflet"], data["module"], *data["css"], data["config_url"]]
    config = mapview.read_published_config(data["config_url"])
    urls += config["urls"]
    assert len(urls) == 8  # Leaflet, our module, two stylesheets, configuration, 3 geometries
    for url in urls:
        assert not CDN.match(url), url
        assert url.startswith("app/static/")
    (script,) = loader_scripts(app)
    assert not CDN.search(script) and "cdn" not in script.lower()


def test_a_year_switch_keeps_the_same_map_and_sends_only_ids():
    # The same component key and loader: the browser keeps the same map element (no remount),
    # so the user's zoom and pan survive; only the step and the acknowledged counter change.
    at = run_app(YEARS[0])
    first = map_data(at)["timeline_map"]
    step_map(at, "timeline_map", str(YEARS[-1]), counter=2)
    second = map_data(at)["timeline_map"]
    assert list(map_data(at)) == ["timeline_map"]
    assert {k for k in first if first[k] != second[k]} == {"step", "ack"}
    assert second["step"] == str(YEARS[-1]) and second["ack"] == 2
    message = json.dumps(second)
    assert '"coordinates"' not in message
    assert len(message) < 1_000  # ids, URLs and options; no payload, no geometry


def test_a_pick_on_the_map_selects_the_area_in_its_tab_beside_the_map():
    atlas = bundled_atlas()
    at = run_app(1956)
    assert "area" not in [box.key for box in at.selectbox]  # its tab is closed: not built
    for group in [*atlas.groups, atlas.groups[0]]:
        # what the map's pick callback does (pick_area): the area, and its tab opened
        pick_on_map(at, group)
        assert at.selectbox(key="area").value == group
        assert at.query_params["area"] == group


def test_readings_of_both_governments_are_shown():
    at = run_app(1956)
    text = " ".join(m.value for m in at.markdown)
    assert "Japan's government" in text and "Russia's government" in text
    assert "agrees to transfer" in text


def test_each_period_lists_its_sourced_events():
    for year in (1956, YEARS[-1]):
        at = open_tab(run_app(year), "events")
        labels = [e.label.replace("\\", "") for e in at.expander]
        for event in events_for(year, bundled_atlas()):
            assert any(event.title in label for label in labels), (year, event.title, labels)


def test_selected_area_shows_its_note_and_sources_and_follows_the_year():
    at = open_tab(run_app(1956), "area")
    at.selectbox(key="area").set_value("shikotan").run()
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "Shikotan in 1956" in text
    note = geo.configuration(1956, bundled_atlas()).set_index("id").loc["shikotan", "note"]
    assert note[:40] in text
    step_map(at, "timeline_map", "1855", counter=2)
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "Shikotan in 1855" in text and "Shikotan in 1956" not in text


def test_status_table_has_few_columns_that_fit():
    table = table_of(run_app(1956))
    expected = text_tables.status_table(
        geo.historical_snapshot(1956, bundled_atlas()), load_style(), bundled_atlas()
    )
    assert list(table.columns) == list(expected.columns) and len(table.columns) == 5


def test_tabs_and_expanders_build_their_content_only_when_opened():
    """A closed tab or expander sends nothing (a year switch stays small); opening one shows
    it, and it stays open across a year switch."""
    at = run_app(1956)
    assert [t.label.replace("\\", "") for t in at.tabs] == [
        i18n.t(f"app.tab_{k}", "en") for k in ("text", "events", "people", "area", "sources")
    ]
    text = " ".join(m.value for m in at.markdown)
    assert "agrees to transfer" in text  # the open tab: summary, quote, readings
    # the events tab is closed: none of its expanders is made
    assert not [e for e in at.expander if e.label[0].isdigit()]
    open_tab(at, "sources")
    assert "agrees to transfer" not in " ".join(m.value for m in at.markdown)
    ids = geo.configuration_info(1956, bundled_atlas()).sources
    titles = [bundled_atlas().sources.loc[i, "title"] for i in ids]
    shown = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert any(t[:20] in shown for t in titles)
    open_tab(at, "events")
    closed = {e.label.replace("\\", ""): len(e.children) for e in at.expander}
    assert closed and all(n == 0 for n in closed.values()), closed
    at.session_state["event_1956_0"] = True
    at.run()
    assert not at.exception
    first_event = next(e for e in at.expander if e.children and e.label[0].isdigit())
    assert first_event.markdown, "the opened event shows its summary"
    # still open after a year switch: the state is the reader's
    step_map(at, "timeline_map", "1951", counter=2)
    assert at.tabs and at.expander


@pytest.mark.parametrize(
    ("year", "language"), [(1855, "日本語"), (1875, "French"), (1956, "日本語")]
)
def test_an_original_language_quote_is_labelled_with_its_language(year, language):
    at = run_app(year)
    captions = [c.value.replace("\\", "") for c in at.caption]
    assert i18n.t("history.original_text", "en", language=language) in captions
    assert geo.configuration_info(year, bundled_atlas()).quote_original[:20] in " ".join(
        m.value for m in at.markdown
    )
