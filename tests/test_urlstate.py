"""The whole view as query parameters (geo/state/urlstate.py), tested against its docstrings.

A link reproduces the view (round trip), leaves every default out (the opening view is a
bare URL), and any value a visitor may type falls back to the default for that field only,
with exactly one plain-text notice naming the parameter and quoting at most ~40 characters
of the bad value.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

import geo
from geo.files import worldviews
from geo.files.scenarios import load_scenarios
from geo.i18n import NAME_MODES
from geo.maps.mapview import HIDEABLE_LAYERS
from geo.model.compare import DEFAULT_CUSTOM, CompareState
from geo.model.custom import AssignmentError
from geo.state.urlstate import KNOWN_PARAMS, MAX_NOTICES, MAX_SHOWN, ViewState, custom_widget_values
from tests.conftest import DATA, bundled_atlas

ATLAS = bundled_atlas()
SOURCE_IDS = set(ATLAS.sources.index)
SCENARIOS = load_scenarios(DATA / "scenarios.toml", SOURCE_IDS)
WORLDVIEWS = worldviews.load_for(ATLAS)
YEARS = geo.configurations(ATLAS)

# A divided Etorofu (Japan 25 %) and one Habomai islet set on its own.
CUSTOM = "h=RU,s=JP,k=JP,e=0.25,yuri=RU"


def read(params):
    return ViewState.from_params(params, ATLAS, SCENARIOS, WORLDVIEWS)


# --------------------------------------------------------------------------- round trip

ROUND_TRIPS = {
    "timeline_1855": ViewState(year=1855),
    "timeline_1956": ViewState(year=1956),
    "present_day_default": ViewState(),
    "compare_default_pair": ViewState(view="compare"),
    "compare_two_years": ViewState(view="compare", compare=CompareState(left="1855", right="1956")),
    "compare_two_scenarios": ViewState(
        view="compare", compare=CompareState(left="status_quo", right="equal_area_2006")
    ),
    "compare_custom_right": ViewState(
        view="compare", compare=CompareState(left="decl_1956", right="custom", custom=CUSTOM)
    ),
    "compare_custom_left": ViewState(
        view="compare",
        compare=CompareState(
            left="custom", right="1945", custom="h=JOINT,s=RU,k=RU,e=0.5,suisho=JP"
        ),
    ),
    **{f"names_{mode}": ViewState(year=1945, names=mode) for mode in NAME_MODES},
    "hide_one": ViewState(hidden_layers=("labels",)),
    "hide_two": ViewState(year=1905, hidden_layers=("claims", "lines")),
    "hide_all": ViewState(hidden_layers=HIDEABLE_LAYERS),
    "present_timeline": ViewState(year=1875, present=True),
    "present_day_presented": ViewState(present=True, names="ja"),
    "present_compare": ViewState(
        view="compare",
        compare=CompareState(left="decl_1956", right="custom", custom=CUSTOM),
        present=True,
        names="ru",
        hidden_layers=("transfer",),
    ),
}


@pytest.mark.parametrize("state", ROUND_TRIPS.values(), ids=ROUND_TRIPS.keys())
def test_a_link_reproduces_its_view_without_notices(state):
    params = state.to_params(ATLAS)
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in params.items())
    assert set(params) <= set(KNOWN_PARAMS)
    back, notices = read(params)
    assert back == state
    assert notices == []


def test_the_opening_view_is_a_bare_url():
    assert ViewState().to_params(ATLAS) == {}
    assert read({}) == (ViewState(), [])
    # the present day is the default year, whether named or not
    assert ViewState(year=YEARS[-1]).to_params(ATLAS) == {}


def test_defaults_are_left_out_of_the_params():
    assert ViewState(year=1956).to_params(ATLAS) == {"year": "1956"}
    assert ViewState(view="compare").to_params(ATLAS) == {"view": "compare"}
    only_right = ViewState(view="compare", compare=CompareState(right="1855"))
    assert only_right.to_params(ATLAS) == {"view": "compare", "right": "1855"}
    only_left = ViewState(view="compare", compare=CompareState(left="1855"))
    assert only_left.to_params(ATLAS) == {"view": "compare", "left": "1855"}
    # custom travels only when a side shows it (CompareState's docstring)
    unused = ViewState(view="compare", compare=CompareState(custom=CUSTOM))
    assert unused.to_params(ATLAS) == {"view": "compare"}
    shown = ViewState(view="compare", compare=CompareState(right="custom", custom=CUSTOM))
    assert shown.to_params(ATLAS) == {"view": "compare", "right": "custom", "custom": CUSTOM}
    # names local, nothing hidden, not presenting: all defaults, all left out
    plain = ViewState(year=1875, names="local", hidden_layers=(), present=False)
    assert plain.to_params(ATLAS) == {"year": "1875"}
    assert ViewState(names="en").to_params(ATLAS) == {"names": "en"}
    assert ViewState(present=True).to_params(ATLAS) == {"present": "1"}


def test_a_full_link_stays_short():
    state = ROUND_TRIPS["present_compare"]
    params = state.to_params(ATLAS)
    query = "&".join(f"{k}={v}" for k, v in params.items())
    assert len(query) < 120, query


# --------------------------------------------------------------------------- bad values

# Every field away from its default, so that a fallback of one field is visible.
GOOD = {
    "view": "compare",
    "year": "1956",
    "left": "1855",
    "right": "custom",
    "custom": CUSTOM,
    "names": "ja",
    "hide": "labels,lines",
    "present": "1",
}
GOOD_STATE = ViewState(
    view="compare",
    year=1956,
    compare=CompareState(left="1855", right="custom", custom=CUSTOM),
    names="ja",
    hidden_layers=("lines", "labels"),
    present=True,
)
DEFAULT = ViewState()


def fallback(param: str) -> ViewState:
    """GOOD_STATE with only ``param``'s field back at its default."""
    if param not in GOOD:  # a lesson's parameters (tests/test_lesson_plan.py)
        return GOOD_STATE
    if param in ("left", "right", "custom"):
        compare = replace(GOOD_STATE.compare, **{param: getattr(CompareState(), param)})
        return replace(GOOD_STATE, compare=compare)
    field = {"hide": "hidden_layers"}.get(param, param)
    return replace(GOOD_STATE, **{field: getattr(DEFAULT, field)})


def test_the_good_params_read_back_whole():
    assert read(GOOD) == (GOOD_STATE, [])


def repeats_too_much(value: str, notice: str) -> bool:
    """Whether ``notice`` repeats more than MAX_SHOWN + 1 consecutive characters of ``value``."""
    size = MAX_SHOWN + 2
    return any(value[i : i + size] in notice for i in range(len(value) - size + 1))


def assert_one_notice(notices: list[str], param: str, value: str) -> None:
    assert len(notices) == 1, notices
    notice = notices[0]
    assert param.lower() in notice.lower(), notice
    # at most ~40 characters of the bad value are repeated (never the whole of a long one)
    assert not repeats_too_much(value, notice), notice
    assert len(notice) < 400


UNICODE_2000 = ("Итуруп 択捉島 \u202e🏝️ ʻokina\u0301 \u200b\ufeff" * 100)[:2000]
HOSTILE = {
    "script": "<script>alert(1)</script>",
    "javascript": "javascript:alert(document.cookie)",
    "oversized": "9" * 10_000,
    "unicode_2000": UNICODE_2000,
    "empty": "",
}
SPECIFIC = [
    ("year", "1999"),
    ("year", "19a6"),
    ("year", "0x7b2"),
    ("year", " 1956"),
    ("left", "nope"),
    ("right", "nope"),
    ("left", "<b>1999</b>"),
    ("names", "xx"),
    ("names", "EN"),
    ("view", "map"),
    ("view", "Compare"),
    ("hide", "foo"),
    ("hide", "lines,foo"),
    ("present", "maybe"),
    ("present", "yes"),
    ("custom", "h=JP;drop"),
    ("custom", "h=XX,s=JP,k=RU,e=RU"),
    ("custom", "h=JP,s=JP,k=RU,e=1.5"),
    ("custom", "h=JP,s=JP,k=RU"),
    ("custom", "h=JP,h=JP,s=JP,k=RU,e=RU"),
]
CASES = [pytest.param(p, v, id=f"{p}={v[:20]}") for p, v in SPECIFIC] + [
    pytest.param(p, v, id=f"{p}-{name}")
    for p in KNOWN_PARAMS
    for name, v in HOSTILE.items()
    if not (p == "hide" and name == "empty")  # hide= hides nothing: the default, no notice
]


@pytest.mark.parametrize(("param", "value"), CASES)
def test_a_bad_value_falls_back_for_its_field_only(param, value):
    expected = fallback(param)
    if param == "hide" and value == "lines,foo":
        expected = replace(GOOD_STATE, hidden_layers=("lines",))  # the known layer is kept
    state, notices = read({**GOOD, param: value})
    assert state == expected
    assert_one_notice(notices, param, value)


@pytest.mark.parametrize("param", KNOWN_PARAMS)
def test_a_missing_param_is_its_default_silently(param):
    # Defaults are left out of a link, so a missing parameter is not a problem to report.
    params = {k: v for k, v in GOOD.items() if k != param}
    assert read(params) == (fallback(param), [])


@pytest.mark.parametrize(
    "name", ["zzz", "Year", "<script>alert(1)</script>", "javascript:", "k" * 300, UNICODE_2000]
)
def test_an_unknown_param_is_ignored_and_named(name):
    state, notices = read({**GOOD, name: "1"})
    assert state == GOOD_STATE
    assert len(notices) == 1 and "unknown" in notices[0].lower()
    assert_one_notice(notices, name[:6], name)


@pytest.mark.parametrize(
    ("param", "value"),
    [("names", ["en", "<script>"]), ("year", ["1855", "19a6"]), ("view", ["compare", "map"])],
)
def test_a_repeated_param_is_read_by_its_last_value(param, value):
    # Streamlit gives a repeated parameter as a list; the last value counts.
    state, notices = read({**GOOD, param: value})
    assert state == fallback(param)
    assert_one_notice(notices, param, value[-1])
    good = {**GOOD, param: [value[-1], GOOD[param]]}
    assert read(good) == (GOOD_STATE, [])


def test_several_bad_values_give_one_notice_each():
    params = {**GOOD, "year": "1999", "names": "xx", "present": "maybe", "utm_source": "x"}
    state, notices = read(params)
    assert state == replace(GOOD_STATE, year=None, names="local", present=False)
    assert len(notices) == 4


def test_notices_are_plain_text_sentences():
    _, notices = read({"view": "map", "left": "nope", "custom": "h=JP;drop", "year": "1999"})
    assert len(notices) == 4
    assert all(n.endswith(".") and "\n" not in n for n in notices)


# Behaviours that contradict the docstrings ("falls back to the default for every ...
# malformed or oversized value and says what it replaced"; MAX_SHOWN: "characters of a bad
# value repeated in a notice"). Kept to the docstring, marked xfail until geo/ is fixed.


@pytest.mark.parametrize("value", ["²", "¹⁹⁵⁶"])
def test_a_unicode_digit_year_falls_back(value):
    state, notices = read({**GOOD, "year": value})
    assert state == fallback("year")
    assert_one_notice(notices, "year", value)


@pytest.mark.parametrize(
    "value",
    [
        "x" * 250,
        "h=JP,s=JP,k=RU,e=RU," + "a" * 200,
        "h=JP,s=JP,k=RU,e=0." + "1" * 200,
        "h=JP,s=JP,k=RU,e=RU," + "z" * 200 + "=JP",
    ],
    ids=["no_pairs", "bare_key", "long_share", "unknown_key"],
)
def test_a_long_bad_custom_value_is_quoted_short(value):
    state, notices = read({**GOOD, "custom": value})
    assert state == fallback("custom")
    assert_one_notice(notices, "custom", value)


def test_an_empty_list_value_falls_back():
    state, notices = read({**GOOD, "names": []})
    assert state == fallback("names")
    assert len(notices) == 1 and "names" in notices[0]


# --------------------------------------------------------------------------- custom editor


def test_custom_widget_values_of_a_divided_etorofu_and_an_islet():
    assert custom_widget_values(CUSTOM, ATLAS) == {
        "habomai": "RU",
        "shikotan": "JP",
        "kunashiri": "JP",
        "etorofu": "SPLIT",
        "etorofu_share": 25,  # percent
        "yuri": "RU",
    }


def test_custom_widget_values_of_the_default_and_of_codes_only():
    assert custom_widget_values(DEFAULT_CUSTOM, ATLAS) == {
        "habomai": "JP",
        "shikotan": "JP",
        "kunashiri": "RU",
        "etorofu": "RU",
    }
    values = custom_widget_values("h=JOINT,s=RU,k=JOINT,e=JOINT,habomai_rocks=JP", ATLAS)
    assert values["etorofu"] == "JOINT" and "etorofu_share" not in values
    assert values["habomai_rocks"] == "JP"


@pytest.mark.parametrize("share, percent", [("0", 0), ("1", 100), ("0.5", 50), ("0.07", 7)])
def test_custom_widget_share_is_in_percent(share, percent):
    values = custom_widget_values(f"h=JP,s=JP,k=RU,e={share}", ATLAS)
    assert values["etorofu"] == "SPLIT" and values["etorofu_share"] == percent


@pytest.mark.parametrize("text", ["h=JP;drop", "h=XX,s=JP,k=RU,e=RU", "", "h=JP,s=JP,k=RU"])
def test_custom_widget_values_reject_a_bad_assignment(text):
    with pytest.raises(AssignmentError):
        custom_widget_values(text, ATLAS)


def test_a_rejected_custom_text_falls_back_to_one_the_editor_opens():
    # from_params keeps only a custom text the editor can show (the app calls
    # custom_widget_values on it without a try)
    state, _ = read({"view": "compare", "right": "custom", "custom": "h=JP;drop"})
    assert custom_widget_values(state.compare.custom, ATLAS)["habomai"] == "JP"


def test_a_thousand_unknown_keys_give_one_short_notice():
    """A link with 1,000 unknown keys gave a notice about 1,000 lines long (#23)."""
    state, notices = read({**GOOD, **{f"junk{i}": "1" for i in range(1000)}})
    assert state == GOOD_STATE
    assert len(notices) == 1
    assert "997 more" in notices[0] and len(notices[0]) < 200


def test_notices_are_capped_and_count_the_rest():
    bad = {
        "view": "x",
        "year": "x",
        "left": "x",
        "right": "x",
        "custom": "x=",
        "names": "x",
        "hide": "x",
        "present": "x",
        "area": "x",
        "zzz": "1",
    }
    _state, notices = read(bad)
    assert len(notices) == MAX_NOTICES
    assert notices[-1].startswith("…") and str(len(bad) - (MAX_NOTICES - 1)) in notices[-1]


@pytest.mark.parametrize("area", ["shikotan", "kamchatka"])
def test_the_picked_area_is_in_the_link(area):
    state = replace(GOOD_STATE, area=area)
    assert read(state.to_params(ATLAS)) == (state.linked(ATLAS), [])


def test_an_unknown_area_is_named_and_ignored():
    state, notices = read({**GOOD, "area": "atlantis"})
    assert state == GOOD_STATE
    assert_one_notice(notices, "area", "atlantis")
