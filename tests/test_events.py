"""timeline/events.csv: sourced events shown with the configuration in force at their date."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import geo
from geo.files.events import PRESENT_DAY_EVENTS_FROM
from geo.model.timeline import events, events_for
from tests.conftest import DATA, edit_csv

EVENTS = "data/timeline/events.csv"

# Issue 9 part B: every listed event is in events.csv, or recorded as unverified in the README.
REQUIRED_EVENTS = (
    "ainu-of-the-kurils",
    "kuril-ainu-moved-to-shikotan",
    "japanese-residents-removed",
    "yalta-agreement",
    "potsdam-declaration",
    "instrument-of-surrender",
    "general-order-no-1",
    "soviet-memoranda-1960",
    "tanaka-brezhnev-communique",
    "gorbachev-joint-communique-1991",
    "tokyo-declaration-1993",
    "irkutsk-statement-2001",
    "joint-economic-activity-2016",
    "singapore-agreement-2018",
    "russian-constitution-2020",
    "russia-suspends-talks-2022",
)


@pytest.fixture(scope="module")
def atlas() -> geo.Atlas:
    return geo.load_atlas()


def test_real_file_loads(atlas):
    assert len(atlas.events) >= len(REQUIRED_EVENTS)
    assert all(event.sources for event in atlas.events)


def test_every_listed_event_is_present_or_recorded_unverified(atlas):
    present = {event.id for event in atlas.events}
    readme = (DATA / "timeline" / "README.md").read_text(encoding="utf-8")
    for event_id in REQUIRED_EVENTS:
        assert event_id in present or f"`{event_id}`" in readme, event_id


def test_events_are_chronological_overall_and_per_configuration(atlas):
    keys = [event.sort_key for event in events(atlas)]
    assert keys == sorted(keys)
    shown = []
    for year in geo.configurations(atlas):
        year_events = events_for(year, atlas)
        assert [e.sort_key for e in year_events] == sorted(e.sort_key for e in year_events)
        assert all(event.configuration == year for event in year_events)
        shown.extend(year_events)
    assert len(shown) == len(atlas.events)


def test_configuration_rule_on_the_real_data(atlas):
    by_id = {event.id: event for event in atlas.events}
    assert by_id["ainu-of-the-kurils"].configuration == 1855  # before the first configuration
    assert by_id["kuril-ainu-moved-to-shikotan"].configuration == 1875
    assert by_id["yalta-agreement"].configuration == 1905  # 1945 starts on 1945-09-05
    assert by_id["japanese-residents-removed"].configuration == 1945
    assert by_id["soviet-memoranda-1960"].configuration == 1956
    assert by_id["gorbachev-joint-communique-1991"].configuration == 1956  # USSR era
    assert by_id["irkutsk-statement-2001"].configuration == 2026
    assert PRESENT_DAY_EVENTS_FROM == (1992, 1, 1)


def test_readings_come_in_pairs_with_sources(atlas):
    for event in atlas.events:
        assert bool(event.japan_reading) == bool(event.russia_reading), event.id
        if event.japan_reading:
            assert event.reading_sources, event.id
        if event.quote:
            assert event.quote_source, event.id


def test_dates_read_as_text(atlas):
    by_id = {event.id: event for event in atlas.events}
    assert by_id["ainu-of-the-kurils"].when == "before 7 February 1855"
    assert by_id["japanese-residents-removed"].when == "1947\u20131949"
    assert by_id["tanaka-brezhnev-communique"].when == "10 October 1973"


def test_resident_figures_add_up(atlas):
    summary = {e.id: e for e in atlas.events}["japanese-residents-removed"].summary
    islets = [986, 501, 88, 2249, 1457]
    islands = {"Habomai": 5281, "Shikotan": 1038, "Kunashiri": 7364, "Etorofu": 3608}
    assert sum(islets) == islands["Habomai"]
    assert sum(islands.values()) == 17291
    for figure in [*islets, *islands.values(), 17291]:
        assert f"{figure:,}" in summary


def test_unknown_year_is_refused(atlas):
    with pytest.raises(geo.UnknownIdError):
        events_for(1999, atlas)


# --------------------------------------------------------------------------- broken copies


def load(data_dir: Path) -> geo.Atlas:
    return geo.load_atlas(data_dir)


def break_row(data_copy: Path, event_id: str, **changes) -> None:
    def change(rows):
        for row in rows:
            if row["id"] == event_id:
                row.update(changes)

    edit_csv(data_copy / "timeline" / "events.csv", change)


def expect(data_copy: Path, where: str, field: str, text: str) -> None:
    with pytest.raises(geo.DataError) as info:
        load(data_copy)
    message = str(info.value)
    assert message.startswith(f"{EVENTS}: {where}"), message
    assert f"field '{field}'" in message and text in message, message


def line_of(event_id: str) -> str:
    with open(DATA / "timeline" / "events.csv", encoding="utf-8") as f:
        ids = [re.split(r",", line, maxsplit=1)[0] for line in f]
    return f"line {ids.index(event_id) + 1} ({event_id})"


def test_missing_file(data_copy):
    (data_copy / "timeline" / "events.csv").unlink()
    with pytest.raises(geo.DataError, match=r"events\.csv: file is missing$"):
        load(data_copy)


def test_missing_column(data_copy):
    path = data_copy / "timeline" / "events.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",groups,", ",areas,", 1), encoding="utf-8")
    with pytest.raises(geo.DataError, match=r"missing column\(s\) \['groups'\]"):
        load(data_copy)


@pytest.mark.parametrize(
    ("changes", "field", "text"),
    [
        ({"date": "1960-13-01"}, "date", "expected a date YYYY, YYYY-MM or YYYY-MM-DD"),
        ({"date": "1960-02-30"}, "date", "expected a date"),
        ({"date": "27 Jan 1960"}, "date", "expected a date"),
        ({"end_date": "1959"}, "end_date", "expected a date after"),
        ({"date_qualifier": "circa"}, "date_qualifier", "expected one of"),
        ({"title": ""}, "title", "expected non-empty text"),
        ({"summary": ""}, "summary", "expected non-empty text"),
        ({"summary": "x" * 1501}, "summary", "at most 1500 characters"),
        ({"quote": "a quote without its source"}, "quote_source", "together, or neither"),
        ({"japan_reading": "one side only"}, "russia_reading", "both governments' readings"),
        (
            {"reading_sources": "mofa-northern-territories-en"},
            "reading_sources",
            "without readings",
        ),
        ({"groups": "habomai;atlantis"}, "groups", "unknown area(s) ['atlantis']"),
        ({"sources": ""}, "sources", "expected at least one source id"),
        ({"sources": "no-such-source"}, "sources", "unknown source id(s) ['no-such-source']"),
        ({"configuration": "1957"}, "configuration", "unknown configuration year 1957"),
        ({"configuration": "sixty"}, "configuration", "expected a configuration year"),
        ({"configuration": "1951"}, "configuration", "expected 1956"),
        ({"id": "Soviet Memoranda"}, "id", "expected a lowercase id"),
    ],
)
def test_each_rule_fails_on_a_broken_copy(data_copy, changes, field, text):
    where = line_of("soviet-memoranda-1960")
    if "id" in changes:
        where = where.split(" (")[0]
    break_row(data_copy, "soviet-memoranda-1960", **changes)
    expect(data_copy, where, field, text)


def test_reading_sources_must_be_known(data_copy):
    break_row(data_copy, "irkutsk-statement-2001", reading_sources="no-such-source")
    expect(data_copy, line_of("irkutsk-statement-2001"), "reading_sources", "unknown source id")


def test_duplicate_id(data_copy):
    break_row(data_copy, "tanaka-brezhnev-communique", id="soviet-memoranda-1960")
    expect(data_copy, line_of("tanaka-brezhnev-communique").split(" (")[0], "id", "duplicate id")


def test_partial_date_spanning_a_configuration_date_is_ambiguous(data_copy):
    # 1956 straddles the 1956 configuration (1956-10-19): the year alone cannot place it.
    break_row(data_copy, "soviet-memoranda-1960", date="1956", configuration="1956")
    expect(data_copy, line_of("soviet-memoranda-1960"), "date", "spans a configuration date")


def test_rows_must_be_chronological(data_copy):
    break_row(data_copy, "tanaka-brezhnev-communique", date="1960-01-01")
    expect(data_copy, line_of("tanaka-brezhnev-communique"), "date", "chronological order")


def test_all_problems_are_collected(data_copy):
    break_row(data_copy, "soviet-memoranda-1960", title="", groups="atlantis")
    with pytest.raises(geo.DataError) as info:
        load(data_copy)
    message = str(info.value)
    assert "2 problems" in message and "field 'title'" in message and "field 'groups'" in message
