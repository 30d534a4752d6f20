"""geo/files/schema.py: pydantic errors become DataError problems naming the file, the place,
the field, what was expected and what was found; the shared types (geo/files/fields.py) and
cross-file checks."""

from __future__ import annotations

import datetime
from typing import Annotated

import pytest
from pydantic import BeforeValidator, Field, field_validator, model_validator

from geo.errors import DataError
from geo.files import schema
from geo.files.fields import (
    Codes,
    IsoDate,
    OneOf,
    OptionalSourceId,
    OptionalSourceIdCells,
    SourceIdCells,
    known_in,
    split_cells,
)
from geo.files.schema import Expected, Loc, Record, Row, SourceIds, Text, WholeNumber

LABEL = "data/test.toml"


class Entry(Record):
    name: Text
    size: WholeNumber
    sources: SourceIds


class Book(Record):
    title: Annotated[Text, Expected("a title")]
    entry: list[Entry] = Field(default_factory=list)


def problems(model, doc, **kwargs) -> list[DataError]:
    record, found = schema.check(model, doc, LABEL, **kwargs)
    assert (record is None) == bool(found)
    return found


def only(found: list[DataError]) -> DataError:
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


# --------------------------------------------------------------------------- the translation


def test_a_wrong_type_names_field_expected_and_found():
    problem = only(problems(Entry, {"name": "x", "size": "12", "sources": ["a"]}))
    assert problem.file == LABEL and problem.where is None
    assert problem.field == "size" and problem.expected == "a whole number"
    assert problem.found == "12"
    assert str(problem) == "data/test.toml: field 'size': expected a whole number, found '12'"


def test_a_missing_key_is_found_nothing():
    problem = only(problems(Entry, {"name": "x", "sources": ["a"]}))
    assert (problem.field, problem.found) == ("size", None)
    assert problem.problem == "expected a whole number, found nothing"


def test_the_outermost_expected_words_win():
    problem = only(problems(Book, {"title": "  "}))
    assert problem.problem == "expected a title, found '  '"


def test_a_place_function_names_the_entry_and_the_rest_names_the_field():
    doc = {"title": "t", "entry": [{"name": "a", "size": 1, "sources": ["s"]}, {"name": "b"}]}

    def place(loc: Loc) -> tuple[str | None, Loc]:
        if loc[:1] == ("entry",) and len(loc) > 2:
            return f"[[entry]] #{loc[1] + 1} ({doc['entry'][loc[1]]['name']})", loc[2:]
        return None, loc

    found = problems(Book, doc, place=place)
    assert [(p.where, p.field) for p in found] == [
        ("[[entry]] #2 (b)", "size"),
        ("[[entry]] #2 (b)", "sources"),
    ]
    assert found[1].problem == "expected a list of source ids, found nothing"


def test_without_a_place_function_a_table_is_named_as_a_section():
    class Style(Record):
        line: Entry
        entry: list[Entry] = Field(default_factory=list)

    doc = {"line": {"name": "", "size": 1, "sources": ["a"]}}
    problem = only(problems(Style, {**doc, "entry": [{"name": "b", "size": 1, "sources": ["a"]}]}))
    assert (problem.where, problem.field) == ("[line]", "name")
    doc = {"line": {"name": "a", "size": 1, "sources": ["a"]}, "entry": [{"size": 1}]}
    assert [(p.where, p.field) for p in problems(Style, doc)] == [
        (None, "entry.name"),
        (None, "entry.sources"),
    ]


def test_unknown_keys_of_one_table_are_named_together_with_the_allowed_ones():
    doc = {"title": "t", "entry": [{"name": "a", "size": 1, "sources": ["s"], "x": 1, "y": 2}]}
    problem = only(problems(Book, doc, place=lambda loc: ("entry", loc[2:])))
    assert problem.where == "entry"
    assert problem.problem == (
        "found unknown key(s) ['x', 'y']; expected only ['name', 'size', 'sources']"
    )


def test_an_item_that_is_not_a_table_expects_a_table():
    problem = only(problems(Book, {"title": "t", "entry": [5]}))
    assert problem.problem == "expected a table, found 5"


def test_an_item_of_a_list_without_words_takes_the_lists_words():
    problem = only(problems(Entry, {"name": "a", "size": 1, "sources": ["a", 7]}))
    assert problem.field == "sources"
    assert problem.problem == "expected a list of source ids, found 7"
    problem = only(problems(Entry, {"name": "a", "size": 1, "sources": []}))
    assert problem.problem == "expected a list of source ids, found []"
    assert only(problems(Entry, {"name": "a", "size": 1, "sources": "a"})).found == "a"


def test_validate_raises_every_problem_together():
    with pytest.raises(DataError) as info:
        schema.validate(Entry, {"name": 1, "size": -1}, LABEL)
    assert info.value.total == 3
    assert str(info.value).startswith("data/test.toml: 3 problems:\n- field 'name': ")


# --------------------------------------------------------------------------- cross-file checks


def test_a_source_id_not_in_sources_csv_is_named():
    doc = {"name": "a", "size": 1, "sources": ["known", "made-up"]}
    problem = only(problems(Entry, doc, context={"source_ids": {"known"}}))
    assert problem.field == "sources"
    assert problem.problem == (
        "unknown source id(s) ['made-up']; every source must be listed in sources.csv"
    )
    assert problems(Entry, doc, context={"source_ids": {"known", "made-up"}}) == []
    assert problems(Entry, doc) == []  # without the context, not checked


class Status(Row):
    year: Annotated[int, Expected("a year"), known_in("years", "configuration year")]
    groups: Annotated[
        tuple[str, ...],
        BeforeValidator(split_cells),
        known_in("groups", "area", hint="see names.csv"),
    ] = ()


def test_known_in_names_one_value_or_several():
    context = {"years": {1855, 1875}, "groups": {"habomai"}}
    found = problems(Status, {"year": "1900", "groups": "habomai;atlantis"}, context=context)
    assert [p.problem for p in found] == [
        "unknown configuration year 1900; known: [1855, 1875]",
        "unknown area(s) ['atlantis']; see names.csv",
    ]


# --------------------------------------------------------------------------- CSV rows


class SourceRow(Row):
    id: Annotated[str, Field(pattern=r"^[a-z]+$"), Expected("a lowercase id")]
    kind: Annotated[str, OneOf(("treaty", "press"))]
    claimed_by: Annotated[tuple[str, ...], Codes(("JP", "RU"))] = ()
    date: Annotated[IsoDate, Expected("YYYY-MM-DD or empty")] = ""
    sources: SourceIdCells
    more: OptionalSourceIdCells = ()


ROWS = [
    {"id": "good", "kind": "treaty", "claimed_by": "JP;RU", "date": "", "sources": "a; b"},
    {"id": "Bad", "kind": "blog", "claimed_by": "JP;XX", "date": "1999-02-30", "sources": ""},
    {"id": "fine", "kind": "press", "claimed_by": "", "date": "2001-03-25", "sources": "c"},
]


def test_a_csv_row_is_named_by_its_line_and_its_id():
    checked, found = schema.check_rows(
        SourceRow, ROWS, "data/timeline/s.csv", name=lambda row: row["id"]
    )
    assert [where for where, _ in checked] == ["line 2 (good)", "line 3 (Bad)", "line 4 (fine)"]
    assert [record is None for _, record in checked] == [False, True, False]
    assert checked[0][1].sources == ("a", "b") and checked[0][1].claimed_by == ("JP", "RU")
    assert {p.where for p in found} == {"line 3 (Bad)"}
    assert [(p.field, p.problem) for p in found] == [
        ("id", "expected a lowercase id, found 'Bad'"),
        ("kind", "expected one of ['treaty', 'press'], found 'blog'"),
        ("claimed_by", "expected codes from ['JP', 'RU'] separated by ';', found 'JP;XX'"),
        ("date", "expected YYYY-MM-DD or empty, found '1999-02-30'"),
        ("sources", "expected at least one source id (separated by ';'), found nothing"),
    ]


def test_validate_rows_raises_with_the_line_and_returns_the_records():
    with pytest.raises(DataError, match=r"^data/s\.csv: line 6: 5 problems:\n- field 'id'"):
        schema.validate_rows(SourceRow, ROWS[1:2], "data/s.csv", first_line=6)
    records = schema.validate_rows(SourceRow, [ROWS[0], ROWS[2]], "data/s.csv")
    assert [r.id for r in records] == ["good", "fine"] and records[1].date == "2001-03-25"


def test_a_row_with_an_unknown_source_names_it():
    with pytest.raises(DataError) as info:
        schema.validate_rows(
            SourceRow, ROWS[2:], "data/s.csv", context={"source_ids": {"a"}}, first_line=4
        )
    assert str(info.value) == (
        "data/s.csv: line 4: field 'sources': unknown source id(s) ['c']; every source must be "
        "listed in sources.csv"
    )


def test_read_rows_refuses_a_missing_or_unknown_column_once(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("id,kind,claimed_by,date,sources,more\ngood,treaty,,,a,\n", "utf-8")
    assert schema.read_rows(SourceRow, path, "data/s.csv")[0]["kind"] == "treaty"
    path.write_text("id,kind,claimed_by,date,sources,more,isbn\na,treaty,,,a,,1\nb,,,,,,2\n")
    with pytest.raises(DataError, match=r"^data/s\.csv: found unknown column\(s\) \['isbn'\]"):
        schema.read_rows(SourceRow, path, "data/s.csv")
    path.write_text("id,kind,claimed_by,date,sources\n", "utf-8")
    with pytest.raises(DataError, match=r"missing column\(s\) \['more'\]"):
        schema.read_rows(SourceRow, path, "data/s.csv")


def test_duplicates_names_every_later_place():
    found = schema.duplicates(
        [("line 2", "a"), ("line 3", "b"), ("line 4", "a"), ("line 5", "a")],
        "data/s.csv",
        lambda key: f"duplicate id {key!r}",
        field="id",
    )
    assert [str(p) for p in found] == [
        "data/s.csv: line 4: field 'id': duplicate id 'a'",
        "data/s.csv: line 5: field 'id': duplicate id 'a'",
    ]


# --------------------------------------------------------------------------- rules


class Quote(Record):
    quote: schema.OptionalText = ""
    source: Annotated[OptionalSourceId, Field(validate_default=True)] = ""
    day: IsoDate

    @field_validator("source")
    @classmethod
    def _source_with_quote(cls, value: str, info) -> str:
        if info.data.get("quote") and not value:
            raise schema.mismatch("the quote's source id", None)
        if value == "self" and info.data.get("quote"):
            raise schema.rule("a quote cannot be its own source", field="quote")
        return value


def test_a_rule_names_its_field_and_a_mismatch_says_expected_and_found():
    problem = only(problems(Quote, {"quote": "q", "day": "2001-01-01"}))
    assert (problem.field, problem.expected, problem.found) == (
        "source",
        "the quote's source id",
        None,
    )
    assert problem.problem == "expected the quote's source id, found nothing"
    problem = only(problems(Quote, {"quote": "q", "source": "self", "day": "2001-01-01"}))
    assert (problem.field, problem.problem) == ("quote", "a quote cannot be its own source")


def test_a_rule_of_a_nested_record_names_the_record_and_its_field():
    class Pair(Record):
        a: int
        b: int

        @model_validator(mode="after")
        def _ordered(self) -> Pair:
            if self.a > self.b:
                raise schema.rule("expected b after a", field="b")
            return self

    class Outer(Record):
        pair: Pair

    assert only(problems(Pair, {"a": 2, "b": 1})).field == "b"
    problem = only(problems(Outer, {"pair": {"a": 2, "b": 1}}))
    assert (problem.where, problem.field) == (None, "pair.b")


def test_a_rules_text_keeps_its_braces():
    class Braces(Record):
        text: str

        @field_validator("text")
        @classmethod
        def _no(cls, value: str) -> str:
            raise schema.rule(f"{value} is not allowed", field="x")

    problem = only(problems(Braces, {"text": "{year} {atlas_field} {text}"}))
    assert problem.problem == "{year} {atlas_field} {text} is not allowed"


def test_a_single_source_id_and_an_iso_date_from_toml():
    found = problems(
        Quote,
        {"quote": "q", "source": "nope", "day": datetime.date(2001, 1, 1)},
        context={"source_ids": {"a"}},
    )
    assert [(p.field, p.problem) for p in found] == [
        ("source", "unknown source id 'nope'; every source must be listed in sources.csv"),
        ("day", "expected YYYY-MM-DD, found datetime.date(2001, 1, 1)"),
    ]


def test_cells_give_each_rows_place_and_key_bad_rows_too():
    checked, _ = schema.check_rows(SourceRow, ROWS, "data/s.csv", name=lambda row: row["id"])
    rows = [*ROWS]
    assert list(schema.cells(checked, rows, "id")) == [
        ("line 2 (good)", "good"),
        ("line 3 (Bad)", "Bad"),
        ("line 4 (fine)", "fine"),
    ]
    assert list(schema.cells(checked, rows, "kind", "date"))[2] == (
        "line 4 (fine)",
        ("press", "2001-03-25"),
    )
    assert [where for where, _ in schema.cells(checked, rows, "date")] == [
        "line 3 (Bad)",
        "line 4 (fine)",
    ]
