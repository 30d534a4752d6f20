"""Text beside the map: data is escaped, tables mirror the data."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import geo
from geo.files.style import load_style
from geo.text import markdown, tables
from tests.conftest import bundled_atlas


def test_md_escape_neutralises_markdown_and_html():
    text = "**bold** <b>x</b> [link](javascript:alert(1)) `code` # head"
    escaped = markdown.md_escape(text)
    assert markdown.md_escape("# head").startswith("\\# head")
    assert markdown.md_escape("  1. item") == "1\\. item"
    # plain prose keeps its punctuation (a widget label is also its accessible name)
    assert markdown.md_escape("Year: step (1956) - ok.") == "Year: step (1956) - ok."
    for raw in ("**", "<b>", "[link](", "`code`"):
        assert raw not in escaped
    assert escaped.replace("\\", "").replace(markdown.WORD_JOINER, "") == text


# Where Streamlit 1.67's Markdown starts a directive (remark-directive in its
# StreamlitMarkdown bundle): an unescaped ':' (not after another ':') before an ASCII letter
# (a text directive), or '::' / ':::' before one at the start of a line (a leaf or container
# directive). Known names become coloured / small / badge spans (':red[x]', ':red' alone an
# empty one); an unknown ':name[x]' is shown as ':name' without its text.
DIRECTIVE_START = re.compile(r"(?<![\\:]):[A-Za-z]|^\s*:{2,3}[A-Za-z]", re.M)


@pytest.mark.parametrize(
    "text",
    [
        "Named :red[Shikotan] by the survey",
        ":small[tiny] islet",
        "the :blue-background[sea] and :orange-badge[badge]",
        ":rainbow[all] :violet[v] :gray[g] :grey[g] :primary[p] :green-background[x]",
        ":shimmer[x] :help[why?] :unknown[words]",
        "::red[leaf] and :::red[container]",
        "bare :red and :small words",
        ":material/home: and :streamlit: and :smile:",
        "note:red[x] (no space before)",
    ],
)
def test_md_escape_leaves_no_streamlit_directive_so_the_text_shows_literally(text):
    escaped = markdown.md_escape(text)
    assert not DIRECTIVE_START.search(escaped), escaped
    assert ":material/" not in escaped and ":streamlit:" not in escaped
    # what the reader sees: the same characters (the word joiner is invisible)
    shown = escaped.replace(markdown.WORD_JOINER, "").replace("\\", "")
    assert shown == text


def test_md_escape_keeps_prose_colons_as_they_are():
    for text in ("Year: step (1956) - ok.", "Note: 12:30", "日本:ロシア", "ratio 1:2"):
        assert markdown.md_escape(text) == text


def test_safe_link_cannot_break_out_of_the_url():
    link = markdown.safe_link("A (title) [x]", "https://example.org/a b)c")
    assert link == "[A (title) \\[x\\]](https://example.org/a%20b%29c)"
    assert markdown.safe_link("No URL", "") == "No URL"


def test_source_lines_name_every_cited_source_once():
    ids = list(geo.historical_snapshot(1956, bundled_atlas()).source_ids())
    lines = tables.source_lines(ids + ids, bundled_atlas())
    assert len(lines) == len(ids)
    sources = bundled_atlas().sources
    for source_id, line in zip(ids, lines):
        assert source_id not in line.split("](")[0]  # titles, never internal ids, are shown
        title = markdown.md_escape(sources.loc[source_id, "title"])
        assert line.startswith(("[" + title + "](", title))  # linked when it has a URL


def test_status_table_mirrors_the_data_in_few_columns():
    style = load_style()
    table = tables.status_table(
        geo.historical_snapshot(1855, bundled_atlas()), style, bundled_atlas()
    )
    assert list(table.columns) == [
        "Area",
        "Local names (Japanese / Russian)",
        "Administered by",
        "Claimed by",
        "km²",
    ]
    status = geo.configuration(1855, bundled_atlas()).drop_duplicates("group")
    assert list(table["Administered by"]) == list(status["administering_state"])
    sakhalin = table.set_index("Area").loc["South Sakhalin (Karafuto)"]
    assert "not administering" not in sakhalin["Claimed by"]  # joint, not a claim
    table_1956 = tables.status_table(
        geo.historical_snapshot(1956, bundled_atlas()), style, bundled_atlas()
    )
    kunashiri = table_1956.set_index("Area").loc["Kunashiri (Kunashir)"]
    assert kunashiri["Claimed by"] == "USSR, Japan (not administering)"  # names of the time
    assert 1400 < kunashiri["km²"] < 1600
    assert "国後島" in kunashiri["Local names (Japanese / Russian)"]


def test_area_detail_holds_the_note_basis_and_sources():
    style = load_style()
    detail = tables.area_detail(
        "shikotan", geo.historical_snapshot(1956, bundled_atlas()), style, bundled_atlas()
    )
    fields = dict(detail["fields"])
    row = geo.configuration(1956, bundled_atlas()).set_index("id").loc["shikotan"]
    assert detail["title"].endswith("in 1956")
    assert fields["Note"] == row["note"]
    assert fields["Transfer promised to"].startswith("Japan, ")
    assert detail["sources"] == tuple(row["sources"])
    assert all(text for _, text in detail["fields"])  # empty fields are left out
    with pytest.raises(geo.UnknownIdError, match="unknown area 'atlantis'"):
        tables.area_detail(
            "atlantis", geo.historical_snapshot(1956, bundled_atlas()), style, bundled_atlas()
        )


def test_change_lines_for_1905_name_only_south_sakhalin():
    style = load_style()
    before, after = (
        geo.historical_snapshot(1875, bundled_atlas()),
        geo.historical_snapshot(1905, bundled_atlas()),
    )
    lines = tables.change_lines(before, after, style, bundled_atlas())
    assert lines == [
        "South Sakhalin (Karafuto): administered by Russian Empire → Empire of Japan; "
        "claimed by Russia → Japan"
    ]
    assert (
        tables.change_lines(
            None, geo.historical_snapshot(1855, bundled_atlas()), style, bundled_atlas()
        )
        == []
    )


def test_undrawn_islets_are_listed():
    assert any(line.startswith("Kaigara") for line in tables.undrawn_islets(bundled_atlas()))


def test_markdown_table_escapes_every_cell_and_writes_figures_in_the_interface_language():
    frame = pd.DataFrame(
        {"Area | name": ["<img src=x onerror=alert(1)>", "a|b"], "km²": [3166.64, 1.0]}
    )
    text = markdown.markdown_table(frame, "ru")
    lines = text.splitlines()
    assert len(lines) == 4 and lines[1] == "|---|---|"
    # a cell's own "|" cannot open a new column, and no tag survives
    assert all(line.count("|") - line.count("\\|") == 3 for line in lines)
    assert re.search(r"(?<!\\)<", text) is None and "\\<img" in text
    assert "3 166,6" in text.replace("\u00a0", " ").replace("\\", "")
