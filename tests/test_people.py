"""People then and now (issue 21, geo/model/people.py): the census file, the rule per step, the
lines."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

import geo
from geo import i18n
from geo.errors import UnknownIdError
from geo.files.messages import load_messages
from geo.files.residents_1945 import load_residents_1945
from geo.files.residents_census import SETTLEMENTS, CensusFigure, load_residents_census
from geo.model import people
from geo.model.people import people_at
from geo.model.timeline import configurations, names_of
from geo.text.people_lines import PeopleLine, people_lines
from tests.conftest import bundled_atlas

ATLAS = bundled_atlas()
SOURCE_IDS = set(ATLAS.sources.index)
CENSUS = load_residents_census(source_ids=SOURCE_IDS)
RESIDENTS_1945 = load_residents_1945(source_ids=SOURCE_IDS)
STEPS = configurations(ATLAS)
NAMES = names_of(ATLAS, "group")
MODES = ("local", "en", "ja", "ru")
NBSP = "\u00a0"


def at(year: int, census=CENSUS) -> people.People:
    return people_at(year, census, RESIDENTS_1945, STEPS)


def figure(**values) -> CensusFigure:
    """A made-up census row (for the rules), by default a 2025 estimate for Kunashiri."""
    base = {
        "id": "made-up",
        "area": "kunashiri",
        "covers": ("kunashiri",),
        "year": 2025,
        "date": f"{values.get('year', 2025)}-01-01",
        "count": 100,
        "qualifier": "",
        "counts": "permanent_population",
        "kind": "estimate",
        "reported_by": "made up for a test",
        "source": ("hoppou-blog-2023-05-30-population",),
        "note": "",
    }
    return CensusFigure(**{**base, **values})


def by_id(rows) -> dict:
    return {row.id: row for row in rows}


# --------------------------------------------------------------------------- the file


def test_the_census_file_loads_every_row_as_written():
    assert len(CENSUS) == 53
    rows = by_id(CENSUS)
    assert len(rows) == 53
    kunashiri = rows["kunashiri-2023-estimate"]
    assert (kunashiri.area, kunashiri.covers, kunashiri.year, kunashiri.date) == (
        "kunashiri",
        ("kunashiri",),
        2023,
        "2023-01-01",
    )
    assert (kunashiri.count, kunashiri.kind, kunashiri.counts) == (
        7715,
        "estimate",
        "permanent_population",
    )
    assert kunashiri.sources == ("hoppou-blog-2023-05-30-population",)
    assert kunashiri.reported_by == "Hokkaido Shimbun, from Rosstat (ロシア連邦統計局)"
    kurilsk = rows["kurilsk-1959-census"]
    assert (kurilsk.area, kurilsk.covers, kurilsk.year, kurilsk.date, kurilsk.count) == (
        "kurilsk",
        ("etorofu",),
        1959,
        "",
        1533,
    )
    assert kurilsk.area_kind == "settlement" and kurilsk.kind == "census"
    about = rows["four-islands-2018-statement"]
    assert (about.count, about.qualifier, about.covers) == (
        18000,
        "approximately",
        ("habomai", "shikotan", "kunashiri", "etorofu"),
    )
    habomai = rows["habomai-2023-statement"]
    assert (habomai.count, habomai.counts) == (0, "residents_excluding_border_guards")
    assert rows["kurilsky-district-2023-estimate"].area_kind == "district"
    assert rows["shibotsu-2010-statement"].area_kind == "islet"
    assert rows["four-islands-japanese-residents-now"].counts == "japanese_residents"


def test_the_loader_needs_the_source_ids():
    with pytest.raises(TypeError, match="source_ids"):
        load_residents_census()


def test_every_source_of_the_file_is_a_source_of_the_atlas():
    assert {s for f in CENSUS for s in f.sources} <= SOURCE_IDS


# --------------------------------------------------------------------------- rules per step


def test_1945_gives_the_published_japanese_residents_of_each_group_and_their_total():
    result = at(1945)
    assert result.rule == people.RULE_1945 and result.year == 1945
    counts = {row.area: row.count for row in result.rows}
    assert counts == {
        "habomai": 5281,
        "shikotan": 1038,
        "kunashiri": 7364,
        "etorofu": 3608,
        "four_islands": 17291,
    }
    assert [row.area for row in result.rows][-1] == "four_islands"
    total = result.rows[-1]
    assert total.id == "residents_1945.total" and total.area_kind == "four_islands"
    assert all(row.counts == "japanese_residents" for row in result.rows)
    assert all(row.date == "1945-08-15" and row.kind == "published" for row in result.rows)
    assert "nemuro-subprefecture-overview" in total.sources


def test_the_1945_total_is_the_published_one_not_the_groups_added_up():
    table = RESIDENTS_1945.table.copy()
    table.loc[table["kind"] == "total", "residents"] = 99
    changed = replace(RESIDENTS_1945, table=table)
    result = people_at(1945, CENSUS, changed, STEPS)
    assert result.rows[-1].count == 99


def test_the_present_day_gives_the_latest_year_of_all_four_groups():
    result = at(STEPS[-1])
    assert result.rule == people.RULE_PRESENT and result.year == 2023
    rows = by_id(result.rows)
    assert list(rows) == [
        "habomai-2023-statement",
        "shikotan-2023-estimate",
        "kunashiri-2023-estimate",
        "etorofu-2023-estimate",
        "four-islands-2023-estimate",
        "four-islands-japanese-residents-now",
    ]
    counts = {row.area: row.count for row in result.rows if row.counts != "japanese_residents"}
    assert counts == {
        "habomai": 0,
        "shikotan": 3772,
        "kunashiri": 7715,
        "etorofu": 6916,
        "four_islands": 18403,
    }
    assert rows["habomai-2023-statement"].counts == "residents_excluding_border_guards"
    now = rows["four-islands-japanese-residents-now"]
    assert (now.count, now.year, now.area) == (0, 2024, "four_islands")
    assert {row.area_kind for row in result.rows} == {"group", "four_islands"}  # no settlement


def test_the_present_day_total_is_the_published_row_not_a_sum():
    census = tuple(
        f.model_copy(update={"count": 99}) if f.id == "four-islands-2023-estimate" else f
        for f in CENSUS
    )
    total = by_id(at(STEPS[-1], census).rows)["four-islands-2023-estimate"]
    assert total.count == 99


def test_a_later_year_without_all_four_groups_is_not_the_present_day_year():
    """A 2025 Kunashiri figure alone, a 2025 district and a 2025 settlement change nothing:
    the four lines stay of one year, and no district or settlement stands for an island."""
    census = (
        *CENSUS,
        figure(id="kunashiri-2025", area="kunashiri"),
        figure(
            id="district-2025",
            area="yuzhno_kurilsky_district",
            covers=("habomai", "shikotan", "kunashiri"),
        ),
        figure(id="kurilsk-2025", area="kurilsk", covers=("etorofu",)),
    )
    result = at(STEPS[-1], census)
    assert result.year == 2023
    assert not {"kunashiri-2025", "district-2025", "kurilsk-2025"} & set(by_id(result.rows))


def test_a_later_year_with_all_four_groups_becomes_the_present_day_year():
    census = (
        *CENSUS,
        *(
            figure(id=f"{g}-2025", area=g, covers=(g,), count=10 + i)
            for i, g in enumerate(geo.DISPUTED_GROUPS)
        ),
    )
    result = at(STEPS[-1], census)
    assert result.year == 2025
    assert [r.id for r in result.rows if r.area_kind == "group"] == [
        "habomai-2025",
        "shikotan-2025",
        "kunashiri-2025",
        "etorofu-2025",
    ]
    assert "four-islands-2023-estimate" not in by_id(result.rows)  # a total of another year


def test_a_census_is_preferred_to_an_estimate_of_the_same_group_and_year():
    census = (
        *CENSUS,
        figure(id="kunashiri-2023-census", year=2023, date="", kind="census", count=7000),
    )
    rows = by_id(at(STEPS[-1], census).rows)
    assert "kunashiri-2023-census" in rows and "kunashiri-2023-estimate" not in rows


def test_1956_gives_the_earliest_figure_after_it_a_settlement_labelled_as_one():
    result = at(1956)
    assert result.rule == people.RULE_PERIOD and result.year == 1959
    assert [row.id for row in result.rows] == ["kurilsk-1959-census"]
    row = result.rows[0]
    assert (row.area, row.area_kind, row.group, row.count, row.year, row.kind) == (
        "kurilsk",
        "settlement",
        "etorofu",
        1533,
        1959,
        "census",
    )


def test_a_district_is_never_the_earliest_figure_of_a_period():
    census = (
        *CENSUS,
        figure(id="kurilsky-1957", area="kurilsky_district", covers=("etorofu",), year=1957),
        figure(id="shibotsu-1957", area="shibotsu", covers=("habomai",), year=1957),
    )
    assert at(1956, census).year == 1959


def test_steps_without_a_sourced_figure_get_none():
    for year in (1855, 1875, 1905, 1951):
        result = at(year)
        assert result.rule == people.RULE_NONE, year
        assert result.rows == () and result.year is None and result.sources == ()


def test_a_figure_within_a_period_is_shown_at_its_step():
    census = (*CENSUS, figure(id="etorofu-1952", area="etorofu", covers=("etorofu",), year=1952))
    result = at(1951, census)
    assert result.rule == people.RULE_PERIOD and [r.id for r in result.rows] == ["etorofu-1952"]


def test_an_unknown_step_is_named():
    with pytest.raises(UnknownIdError, match="unknown configuration year 1960"):
        at(1960)


# --------------------------------------------------------------------------- lines


def lines(year: int, mode: str, census=CENSUS) -> tuple[PeopleLine, ...]:
    return people_lines(at(year, census), mode, NAMES)


def texts(year: int, mode: str, census=CENSUS) -> list[str]:
    return [line.text for line in lines(year, mode, census)]


def test_the_1945_lines():
    assert texts(1945, "en") == [
        "Habomai Islands (Khabomai): 5,281 Japanese residents on 15 August 1945.",
        "Shikotan: 1,038 Japanese residents on 15 August 1945.",
        "Kunashiri (Kunashir): 7,364 Japanese residents on 15 August 1945.",
        "Etorofu (Iturup): 3,608 Japanese residents on 15 August 1945.",
        "The four islands in all: 17,291 Japanese residents on 15 August 1945 "
        "(total as published).",
    ]
    assert (
        texts(1945, "ja")[-1]
        == "四つの島の合計:1945年8月15日時点の日本人住民17,291人(公表された合計)。"
    )
    assert texts(1945, "ru")[0] == (
        f"Острова Хабомаи: на 15 августа 1945 г. — 5{NBSP}281 японский житель."
    )
    assert texts(1945, "ru")[2].endswith(f"7{NBSP}364 японских жителя.")


def test_the_present_day_lines():
    en = texts(STEPS[-1], "en")
    assert en[0] == (
        "Habomai Islands (Khabomai): no residents other than border guards "
        "(as stated for 1 January 2023)."
    )
    assert "Kunashiri (Kunashir): 7,715 residents (estimate for 1 January 2023)." in en
    assert "Etorofu (Iturup): 6,916 residents (estimate for 1 January 2023)." in en
    assert "Shikotan: 3,772 residents (estimate for 1 January 2023)." in en
    assert "The four islands in all: 18,403 residents" in en[4]
    assert en[5].startswith("No Japanese live on the four islands now") and "2024" in en[5]
    ja = texts(STEPS[-1], "ja")
    assert "国後島:住民7,715人(2023年1月1日時点の推計)。" in ja
    assert ja[0] == "歯舞群島:国境警備隊員以外の住民はいない(2023年1月1日時点の記述)。"
    ru = texts(STEPS[-1], "ru")
    assert f"Остров Кунашир: 7{NBSP}715 жителей (оценка на 1 января 2023 г.)." in ru
    assert f"Остров Шикотан: 3{NBSP}772 жителя (оценка на 1 января 2023 г.)." in ru
    assert f"18{NBSP}403 жителя" in ru[4]


def test_the_1956_lines_say_the_year_and_that_a_settlement_is_not_the_island():
    en = texts(1956, "en")
    assert en == [
        "The atlas has no count of residents for 1956; the earliest one after it is from 1959.",
        "Kurilsk (Shana) on Etorofu (Iturup): 1,533 residents (1959 census), the settlement "
        "only, not the whole island.",
        "The atlas has no count for a whole island in 1959.",
    ]
    ja = texts(1956, "ja")
    assert (
        ja[1]
        == "択捉島の紗那(クリーリスク):住民1,533人(1959年の国勢調査、島全体ではなく集落のみ)。"
    )
    ru = texts(1956, "ru")
    assert ru[1] == (
        f"Курильск (остров Итуруп): 1{NBSP}533 жителя (перепись 1959 г.) — "
        "только населённый пункт, не весь остров."
    )
    for mode in MODES:
        settlement = texts(1956, mode)[1]
        assert not settlement.startswith(str(NAMES.loc["etorofu", "name_en"])), mode


def test_a_step_without_a_figure_says_so_and_gives_no_number():
    for mode in MODES:
        (line,) = lines(1905, mode)
        assert line.sources == ()
        assert re.sub(r"1905", "", line.text) == re.sub(r"\d", "", line.text), line.text
    assert texts(1905, "en") == [
        "The atlas has no sourced count of the people living on the four islands in 1905."
    ]


def test_every_line_is_filled_in_and_in_its_own_language():
    for year in STEPS:
        for mode in MODES:
            for text in texts(year, mode):
                assert "{" not in text and "}" not in text, (year, mode, text)
                assert len(text) <= 140, (year, mode, text)  # readable on a projector
                if mode in ("ja", "ru"):
                    assert not re.search(r"[A-Za-z]", text), (year, mode, text)
                if mode == "ja":
                    assert text.endswith("。") and text.count("。") == 1, text
                else:
                    assert text.endswith("."), (year, mode, text)
                if mode == "ru":
                    assert not re.search(r"\d[ ,]\d{3}\b", text), text  # grouped with U+00A0
                if mode in ("en", "local"):
                    assert ". " not in text, text  # one sentence


def test_the_local_mode_writes_english_with_the_english_names():
    assert texts(STEPS[-1], "local") == texts(STEPS[-1], "en")


def test_each_figure_line_names_the_sources_of_its_figure():
    for year in STEPS:
        result = at(year)
        for mode in MODES:
            figures = [line for line in lines(year, mode) if line.sources]
            assert [line.sources for line in figures] == [row.sources for row in result.rows]
            assert all(set(line.sources) <= SOURCE_IDS for line in figures)
    assert at(1956).sources == ("dewiki-kurilsk-wiki-li",)


def test_an_approximate_figure_says_about():
    census = (
        *CENSUS,
        *(
            figure(id=f"{g}-2025", area=g, covers=(g,), count=6400, qualifier="approximately")
            for g in geo.DISPUTED_GROUPS
        ),
    )
    assert "Etorofu (Iturup): about 6,400 residents (estimate for 1 January 2025)." in texts(
        STEPS[-1], "en", census
    )
    assert "択捉島:住民約6,400人(2025年1月1日時点の推計)。" in texts(STEPS[-1], "ja", census)
    assert f"Остров Итуруп: около 6{NBSP}400 жителей (оценка на 1 января 2025 г.)." in texts(
        STEPS[-1], "ru", census
    )


def test_every_kind_of_zero_is_worded_as_its_source_words_it():
    census = (
        *CENSUS,
        figure(id="h", area="habomai", covers=("habomai",), count=0, counts="civilian_residents"),
        figure(id="s", area="shikotan", covers=("shikotan",), count=0, kind="statement"),
        figure(id="k", area="kunashiri", year=2025, date="", kind="census"),
        figure(id="e", area="etorofu", covers=("etorofu",), date="", kind="statement"),
    )
    en = texts(STEPS[-1], "en", census)
    assert en[:4] == [
        "Habomai Islands (Khabomai): no civilians live there; only border guards are stationed "
        "(estimate for 1 January 2025).",
        "Shikotan: no permanent residents (as stated for 1 January 2025).",
        "Kunashiri (Kunashir): 100 residents (2025 census).",
        "Etorofu (Iturup): 100 residents (as stated for 2025).",
    ]


def test_every_settlement_has_a_name_in_every_language():
    messages = load_messages()
    for settlement in SETTLEMENTS:
        texts_ = messages[f"people.place_{settlement}"]
        assert all(texts_[lang] for lang in i18n.LANGUAGES), settlement
        assert not re.search(r"[A-Za-z]", texts_["ja"] + texts_["ru"]), settlement
    assert messages["people.place_kurilsk"]["ru"] == "Курильск"
    assert messages["people.place_yuzhno_kurilsk"]["ru"] == "Южно-Курильск"
    assert messages["people.place_malokurilskoye"]["ru"] == "Малокурильское"


def test_the_lines_need_the_group_names_when_there_are_figures():
    with pytest.raises(TypeError, match="group names"):
        people_lines(at(1945), "en")
    assert people_lines(at(1905), "en")  # no figure: no name needed


# --------------------------------------------------------------------------- on the page


@pytest.mark.parametrize(
    ("year", "lang", "expected", "source"),
    [
        (1945, "en", "17,291 Japanese residents on 15 August 1945", "北方領土の姿"),
        (2026, "ja", "国後島:住民7,715人", "hoppou.blog"),
        (1956, "ru", "1\u00a0533 жителя (перепись 1959 г.)", "Kurilsk"),
        (1905, "en", "no sourced count of the people living on the four islands in 1905", None),
    ],
)
def test_the_people_tab_shows_each_steps_figures_with_their_sources(year, lang, expected, source):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    from tests.test_app import open_tab

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params.update(year=str(year), names=lang)
    at.run()
    open_tab(at, "people", lang)
    assert not at.exception and not at.error
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert expected.lower() in text.lower(), text[-1500:]
    if source is not None:
        assert source in text
