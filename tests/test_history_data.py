"""Rules of evidence for the timeline data, each checked on the bundled data and on a broken copy.

* Every status row names an instrument and an article, or says in ``basis_note`` why not.
* Every source has a title and either a URL or a full bibliographic reference: an author or a
  publisher, and a date.
* No field of any data file holds a local filesystem path.
* In every reading, the ``japan`` and ``russia`` columns (government positions only) each cite at
  least one source of a government-voice kind (``government`` or ``official-statement``).
"""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path

import pytest

import geo
from geo.files.codes import GOVERNMENT_VOICE_KINDS, SOURCE_KINDS
from tests.conftest import DATA, bundled_atlas, edit_csv

# /home/..., /work/..., /tmp/..., /Users/..., /mnt/..., C:\..., file://...
LOCAL_PATH = re.compile(
    r"(?<![\w.:/])/(?:home|work|tmp|Users|mnt|var|root|etc)/|\b[A-Za-z]:\\|file://", re.I
)


# --------------------------------------------------------------------------- the rules


def status_rows_without_basis(data_dir: Path) -> list[str]:
    with open(data_dir / "timeline" / "status.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return [
        f"{r['year']} {r['group']}"
        for r in rows
        if not (r["basis_instrument"].strip() and r["basis_article"].strip())
        and not r.get("basis_note", "").strip()
    ]


def sources_without_reference(data_dir: Path) -> list[str]:
    with open(data_dir / "timeline" / "sources.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    bad = []
    for r in rows:
        bibliographic = (r["author"].strip() or r["publisher"].strip()) and r["date"].strip()
        if not r["title"].strip() or not (r["url"].strip() or bibliographic):
            bad.append(r["id"])
    return bad


def fields_with_local_paths(data_dir: Path) -> list[str]:
    hits = []
    for path in sorted((data_dir / "timeline").iterdir()):
        if path.suffix == ".csv":
            with open(path, newline="", encoding="utf-8") as f:
                for number, row in enumerate(csv.DictReader(f), start=2):
                    hits += [
                        f"{path.name}:{number}:{k}" for k, v in row.items() if LOCAL_PATH.search(v)
                    ]
        elif path.suffix == ".toml":
            doc = tomllib.loads(path.read_text(encoding="utf-8"))
            tables = [entry for value in doc.values() if isinstance(value, list) for entry in value]
            for index, entry in enumerate(tables, start=1):
                for key, value in _strings(entry):
                    if LOCAL_PATH.search(value):
                        hits.append(f"{path.name}:#{index}:{key}")
    return hits


def _strings(entry, prefix=""):
    if isinstance(entry, str):
        yield prefix, entry
    elif isinstance(entry, dict):
        for key, value in entry.items():
            yield from _strings(value, f"{prefix}.{key}" if prefix else key)
    elif isinstance(entry, list):
        for index, value in enumerate(entry):
            yield from _strings(value, f"{prefix}[{index}]")


def readings_without_government_voice(data_dir: Path) -> list[str]:
    atlas = geo.load_atlas(data_dir)
    kind = atlas.sources["kind"].to_dict()
    bad = []
    for year, info in atlas.configurations.items():
        for reading in info.readings:
            columns = {"japan": reading.japan_sources, "russia": reading.russia_sources}
            if not any(columns.values()):  # only a combined list (not yet split by column)
                columns = {"japan or russia": reading.sources}
            for column, ids in columns.items():
                if not any(kind[i] in GOVERNMENT_VOICE_KINDS for i in ids):
                    bad.append(f"{year} '{reading.topic}' {column}")
    return bad


# --------------------------------------------------------------------------- bundled data


def test_every_status_row_names_its_basis_or_says_why_not():
    assert status_rows_without_basis(DATA) == []


def test_every_source_has_a_title_and_a_url_or_full_reference():
    assert sources_without_reference(DATA) == []


def test_no_data_field_holds_a_local_path():
    assert fields_with_local_paths(DATA) == []


def test_government_columns_cite_a_government_voice():
    assert readings_without_government_voice(DATA) == []


def test_every_source_has_a_known_kind():
    sources = geo.load_atlas().sources
    assert set(sources["kind"]) <= set(SOURCE_KINDS)


def test_readings_up_to_1956_split_sources_by_column():
    for year, info in geo.load_atlas().configurations.items():
        if year > 1956:
            continue
        for reading in info.readings:
            assert reading.japan_sources and reading.russia_sources, (year, reading.topic)


def test_1951_authentic_texts_are_english_french_spanish():
    info = geo.configuration_info(1951, bundled_atlas())
    assert "English, French and Spanish" in info.quote_translation
    assert "not one of the equally authentic texts" in info.quote_translation


def test_1945_soviet_claim_is_recorded_before_incorporation():
    frame = geo.configuration(1945, bundled_atlas()).drop_duplicates("group").set_index("group")
    for group in ("habomai", "shikotan", "kunashiri", "etorofu", "urup", "sakhalin_south"):
        assert set(frame.loc[group, "claimed_by"]) == {"RU", "JP"}, group
        assert "stalin-1945-09-02-address" in frame.loc[group, "sources"]


def test_1875_quote_includes_the_words_both_readings_turn_on():
    quote = geo.configuration_info(1875, bundled_atlas()).quote
    assert "the group of the islands, called Kurile which He possesses at present" in quote
    assert "18) Uruppu" in quote


def test_collective_name_gives_both_terms():
    names = geo.load_atlas().names.set_index("id")
    row = names.loc["four_islands"]
    assert row["kind"] == "collective"
    assert row["name_ja"] == "北方領土" and row["name_ru"] == "Южные Курилы"


# --------------------------------------------------------------------------- broken copies


def test_status_row_without_basis_or_note_is_caught(data_copy):
    def strip(rows):
        rows[9]["basis_instrument"] = rows[9]["basis_article"] = rows[9]["basis_note"] = ""

    edit_csv(data_copy / "timeline" / "status.csv", strip)
    assert status_rows_without_basis(data_copy) == ["1855 kamchatka"]
    with pytest.raises(geo.DataError, match=r"field 'basis_note': expected a basis_note"):
        geo.load_atlas(data_copy)


def test_source_without_url_or_reference_is_caught(data_copy):
    def strip(rows):
        rows[0]["url"] = rows[0]["date"] = ""

    edit_csv(data_copy / "timeline" / "sources.csv", strip)
    assert sources_without_reference(data_copy) == ["mofa-northern-territories-en"]


def test_source_without_title_is_caught(data_copy):
    edit_csv(data_copy / "timeline" / "sources.csv", lambda rows: rows[1].update(title=""))
    assert sources_without_reference(data_copy) == ["cas-basic-understanding-northern-territories"]


@pytest.mark.parametrize(
    "path",
    ["/home/me/seed.txt", "copy in /work/shared/seed/x.txt", "C:\\data\\x", "file:///tmp/x"],
)
def test_local_path_in_a_field_is_caught(data_copy, path):
    edit_csv(data_copy / "timeline" / "names.csv", lambda rows: rows[0].update(note=path))
    assert fields_with_local_paths(data_copy) == ["names.csv:2:note"]


def test_local_path_in_configurations_is_caught(data_copy):
    path = data_copy / "timeline" / "configurations.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('changes = ""', 'changes = "see /tmp/notes"', 1), "utf-8")
    assert fields_with_local_paths(data_copy) == ["configurations.toml:#1:changes"]


def test_urls_are_not_mistaken_for_local_paths():
    assert not LOCAL_PATH.search("https://example.org/work/tmp/home/x")


def test_government_column_citing_only_scholarship_is_caught(data_copy):
    path = data_copy / "timeline" / "configurations.toml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace(
        'russia_sources = ["afp-2019-01-14-lavrov"]',
        'russia_sources = ["gse-russo-japanese-treaties"]',
        1,
    )
    assert broken != text
    path.write_text(broken, "utf-8")
    assert readings_without_government_voice(data_copy) == [
        "1855 'Significance of the 1855 boundary for the four islands today' russia"
    ]


def test_unknown_source_kind_is_a_data_error(data_copy):
    edit_csv(data_copy / "timeline" / "source_kinds.csv", lambda rows: rows[0].update(kind="blog"))
    with pytest.raises(geo.DataError, match=r"source_kinds\.csv: line 2 .*field 'kind'"):
        geo.load_atlas(data_copy)


def test_source_without_kind_is_a_data_error(data_copy):
    edit_csv(data_copy / "timeline" / "source_kinds.csv", lambda rows: rows[1:])
    with pytest.raises(geo.DataError, match=r"no kind for source\(s\) \['mofa-northern"):
        geo.load_atlas(data_copy)


def test_scholarship_text_without_sources_is_a_data_error(data_copy):
    path = data_copy / "timeline" / "configurations.toml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace(
        'scholarship_sources = ["prlib-1855-treaty"]',
        "scholarship_sources = []",
        1,
    )
    assert broken != text
    path.write_text(broken, "utf-8")
    with pytest.raises(geo.DataError, match=r"field 'scholarship_sources'"):
        geo.load_atlas(data_copy)
