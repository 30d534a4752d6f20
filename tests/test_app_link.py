"""A link for every view, names in three languages and presentation mode, in-process (AppTest).

Opening a URL sets every control; the URL follows the controls; a bad value gives a notice in
plain text and falls back to the default.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import geo
from geo import i18n
from geo.files import worldviews
from geo.files.scenarios import load_scenarios
from geo.maps import mapview
from geo.model import compare
from geo.state import present as lesson
from geo.state.urlstate import ViewState
from geo.text import markdown
from tests.conftest import ROOT, bundled_atlas
from tests.maps import map_data, shown_payload, step_map
from tests.tables import tables

ATLAS = bundled_atlas()
YEARS = geo.configurations(ATLAS)
SCENARIOS = load_scenarios(source_ids=set(ATLAS.sources.index))
WORLDVIEWS = worldviews.load_for(ATLAS)


def open_link(params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(params)
    at.run()
    assert not at.exception, at.exception
    return at


def maps(at: AppTest) -> list[dict]:
    """This rerun's data of each map, in page order."""
    return list(map_data(at).values())


def payload_of(data: dict) -> dict:
    """The payload the rerun makes the map show."""
    return shown_payload(data)


def test_a_bare_link_opens_the_default_view_and_stays_bare():
    at = open_link({})
    assert maps(at)[0]["step"] == str(YEARS[-1])
    assert at.query_params == {}
    assert not at.warning


@pytest.mark.parametrize(
    "params",
    [
        {"year": "1956"},
        {"year": "1855", "names": "ja"},
        {"year": "1945", "names": "ru", "hide": "claims,lines"},
        {"view": "compare", "left": "1875", "right": "equal_area_2006"},
        {"view": "compare", "left": "custom", "custom": "h=JP,s=RU,k=JOINT,e=0.3"},
        {"view": "compare", "right": "custom", "custom": "h=RU,s=RU,k=RU,e=RU,suisho=JP"},
        {"present": "1", "year": "1875"},
        {"present": "1", "view": "compare", "right": "equal_area_2006", "names": "en"},
    ],
    ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()),
)
def test_a_link_reproduces_its_view_and_the_url_keeps_it(params):
    at = open_link(params)
    assert at.query_params == params
    assert not at.warning
    state, notices = ViewState.from_params(params, ATLAS, SCENARIOS, WORLDVIEWS)
    assert notices == []
    args = maps(at)
    if state.present:
        assert len(args) == 1
        ids = lesson.lesson_steps(state.view, ATLAS, SCENARIOS, WORLDVIEWS)
        shown = state.compare.right if state.view == "compare" else str(state.year)
        assert payload_of(args[0])["id"] == shown
        assert args[0]["steps"] == ids and args[0]["keys"] and args[0]["present"]
    elif state.view == "compare":
        assert [payload_of(a)["id"] for a in args] == [state.compare.left, state.compare.right]
        custom = compare.resolve_snapshot("custom", ATLAS, SCENARIOS, state.compare.custom)
        if "custom" in params:
            side = [payload_of(a) for a in args][
                [state.compare.left, state.compare.right].index("custom")
            ]
            assert side["units"].keys() == {u.id for u in custom.units}
    else:
        payload = payload_of(args[0])
        assert payload["year"] == state.year
        assert args[0]["hidden_layers"] == list(state.hidden_layers)
    # names in the chosen language on the map
    label = next(x for x in _config(args[0])["labels"] if x["group"] == "etorofu")
    row = geo.names_of(ATLAS, "group").loc["etorofu"]
    assert label["text"] == "\n".join(i18n.place_lines(row, state.names))


def _config(data: dict) -> dict:
    return mapview.read_published_config(data["config_url"])


def test_the_url_follows_the_controls():
    at = open_link({})
    step_map(at, "timeline_map", "1905")
    assert at.query_params == {"year": "1905"}
    at.selectbox(key="names").set_value("ru").run()
    assert at.query_params == {"year": "1905", "names": "ru"}
    at.radio(key="view").set_value(i18n.t("app.view_compare", "ru")).run()
    assert at.query_params == {"view": "compare", "names": "ru"}
    step_map(at, "compare_left_map", "1855")
    assert at.query_params == {"view": "compare", "left": "1855", "names": "ru"}
    at.button(key="present_on").click().run()
    assert at.query_params["present"] == "1"


HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.mark.parametrize(
    "params, field",
    [
        ({"year": "1999"}, "year"),
        ({"year": HOSTILE}, "year"),
        ({"names": "xx"}, "names"),
        ({"view": "map"}, "view"),
        ({"left": HOSTILE, "view": "compare"}, "left"),
        ({"custom": "h=JP;drop", "view": "compare", "right": "custom"}, "custom"),
        ({"hide": "everything"}, "hide"),
        ({"present": "maybe"}, "present"),
        ({"year": "1" * 10_000}, "year"),
        ({"utm_source": "mail"}, "utm_source"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_a_bad_link_value_gives_a_notice_and_the_default(params, field):
    at = open_link(params)
    assert not at.exception
    warning = " ".join(w.value for w in at.warning).replace("\\_", "_")
    assert field in warning
    # escaped for Markdown: shown literally, never as markup
    assert "<img" not in warning.replace("\\<img", "")
    assert len(warning) < 1000  # an oversized value is not repeated
    # the page still shows a map and its table
    assert maps(at)
    assert tables(at)
    # the bad value is gone from the URL
    for key, value in params.items():
        assert at.query_params.get(key) != value or key in ("view", "right")


def test_the_notice_can_be_dismissed():
    at = open_link({"year": "1999"})
    assert at.warning
    at.button(key="dismiss_notices").click().run()
    assert not at.warning


def test_interface_and_tables_follow_the_names_language():
    at = open_link({"names": "ja", "year": "1956"})
    assert at.title[0].value == markdown.md_escape(i18n.t("app.title", "ja"))
    table = tables(at)[0]
    assert any("択捉島" in str(v) for v in table.to_numpy().ravel())
    config = _config(maps(at)[0])
    assert config["legend"]["title"] == i18n.t("map.legend", "ja")
    note = markdown.md_escape(i18n.t("language.narrative_note", "ja"))
    assert any(note in c.value for c in at.caption)


def test_presentation_steps_with_its_map_and_the_link_follows():
    at = open_link({"present": "1", "year": "1855"})
    assert not at.radio  # the page's own controls are out of the way
    assert at.header[0].value == markdown.md_escape(ATLAS.configurations[1855].label)
    step_map(at, "present_timeline_map", "1875")
    assert at.query_params == {"present": "1", "year": "1875"}
    assert payload_of(maps(at)[0])["year"] == 1875
    assert at.header[0].value == markdown.md_escape(ATLAS.configurations[1875].label)
    step_map(at, "present_timeline_map", str(YEARS[-1]), counter=2)
    assert at.query_params == {"present": "1"}  # the present day is the default year
    step_map(at, "present_timeline_map", "1855", counter=3)
    assert at.query_params["year"] == "1855"
    assert maps(at)[0]["ack"] == 3
    at.button(key="present_exit").click().run()
    assert "present" not in at.query_params
    assert at.radio(key="view")


def test_presentation_notes_say_the_instrument_the_quote_and_what_changed():
    at = open_link({"present": "1", "year": "1956"})
    text = " ".join(m.value for m in at.markdown)
    info = ATLAS.configurations[1956]
    assert info.key_article in text
    assert "1951" in text  # what changed since the previous configuration
    assert lesson.key_words(info.quote)[:40].replace("-", "\\-") in text.replace("\\.", ".")


def test_presentation_of_a_comparison_steps_through_the_scenarios():
    at = open_link({"present": "1", "view": "compare", "left": "status_quo"})
    args = maps(at)[0]
    ids = args["steps"]
    assert ids == lesson.lesson_steps("compare", ATLAS, SCENARIOS, WORLDVIEWS)
    # each step names the groups that differ from the left map (the baseline), outlined by
    # the map; every scenario's payload is published, the custom division's comes along
    assert "shikotan" in args["changed_by_step"]["decl_1956"]
    assert "etorofu" not in args["changed_by_step"]["decl_1956"]
    assert set(ids) - {"custom"} <= set(_config(args)["payloads"])
    assert list(args["extra"]) == ["custom"]
    step_map(at, "present_compare_map", ids[ids.index("japan_four") + 1])
    assert at.query_params["right"] == ids[ids.index("japan_four") + 1]


def test_presenting_from_the_compare_view_keeps_the_view_and_the_names_language():
    at = open_link({"view": "compare", "left": "1855", "names": "ja"})
    at.button(key="present_on").click().run()
    assert at.query_params == {"view": "compare", "left": "1855", "names": "ja", "present": "1"}
    step_map(at, "present_compare_map", "decl_1956")
    assert at.query_params["names"] == "ja" and at.query_params["view"] == "compare"
    at.button(key="present_exit").click().run()
    assert at.query_params == {
        "view": "compare",
        "left": "1855",
        "right": "decl_1956",
        "names": "ja",
    }
    assert at.radio(key="view").value == "compare"
