"""Tables, details, change lines and the compare view in every names mode (geo/text/tables.py
with ``names_mode``): place names in the chosen form, fixed words from the catalogue."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

import geo
from geo import i18n
from geo.files.messages import load_messages
from geo.files.official_areas import load_official_areas
from geo.files.residents_1945 import load_residents_1945
from geo.files.scenarios import load_scenarios
from geo.files.style import load_style
from geo.model import compare
from geo.text import compare_text, markdown, tables, wording
from tests.conftest import DATA, bundled_atlas

ATLAS = bundled_atlas()
STYLE = load_style()
SOURCE_IDS = set(ATLAS.sources.index)
SCENARIOS = load_scenarios(DATA / "scenarios.toml", SOURCE_IDS)
RESIDENTS = load_residents_1945(source_ids=SOURCE_IDS)
OFFICIAL = load_official_areas(source_ids=SOURCE_IDS)

HEADERS = {
    "local": ["Area", "Local names (Japanese / Russian)", "Administered by", "Claimed by", "km²"],
    "en": ["Area", "Local names (Japanese / Russian)", "Administered by", "Claimed by", "km²"],
    "ja": ["地域", "現地名(日本語 / ロシア語)", "施政国", "領有を主張する国", "km²"],
    "ru": [
        "Территория",
        "Местные названия (японское / русское)",
        "Под управлением",
        "Притязания",
        "км²",
    ],
}
FOUR = ("habomai", "shikotan", "kunashiri", "etorofu")
# English fixed words of the tables and lines that Japanese and Russian must not keep.
ENGLISH_WORDS = re.compile(
    r"administered by|claimed by|transfer promised|divided|not administering|Land administered"
    r"|Published area|Drawn islands|Sea nearer|of which|percentage points|no change|Japanese "
    r"residents|Measure|Left map|Right map|Difference|\bJapan\b|\bRussia\b"
)


def resolve(sid: str):
    return compare.resolve_snapshot(sid, ATLAS, SCENARIOS, "")


def compare_figures(left_id: str, right_id: str):
    left, right = resolve(left_id), resolve(right_id)
    land = tuple(
        compare.land_figures(s, ATLAS, compare.official_pairs(OFFICIAL)) for s in (left, right)
    )
    return left, right, land


@pytest.mark.parametrize("mode", i18n.NAME_MODES)
def test_status_table_headers_and_the_four_groups_follow_the_names_mode(mode):
    table = tables.status_table(
        geo.historical_snapshot(1956, bundled_atlas()), STYLE, ATLAS, names_mode=mode
    )
    assert list(table.columns) == HEADERS[mode]
    area, local = HEADERS[mode][0], HEADERS[mode][1]
    groups = geo.names_of(ATLAS, "group")
    rows = dict(zip(table[area], table[local]))
    for group in FOUR:
        name = groups.loc[group]
        expected = name[f"name_{mode}"] if mode in ("ja", "ru") else name["name_en"]
        assert expected in rows, (mode, group)
        # both local names are always shown, whatever the names mode
        assert name["name_ja"] in rows[expected] and name["name_ru"] in rows[expected]
    etorofu = {"ja": "択捉島", "ru": "остров Итуруп"}.get(mode, "Etorofu (Iturup)")
    assert etorofu in rows
    if mode == "local":
        assert "択捉島" in rows[etorofu] and "остров Итуруп" in rows[etorofu]


def test_status_table_states_and_claims_in_japanese_and_russian():
    snapshot = geo.historical_snapshot(1956, bundled_atlas())
    ja = tables.status_table(snapshot, STYLE, bundled_atlas(), names_mode="ja").set_index("地域")
    assert ja.loc["国後島", "施政国"] == "ソ連"  # the name of the time (data/glossary.toml)
    assert ja.loc["国後島", "領有を主張する国"] == "ソ連、日本(施政せず)"
    ru = tables.status_table(snapshot, STYLE, bundled_atlas(), names_mode="ru").set_index(
        "Территория"
    )
    assert ru.loc["остров Кунашир", "Притязания"] == "СССР, Япония (не управляет)"
    # English keeps the data's own name of the administering state
    en = tables.status_table(snapshot, STYLE, bundled_atlas(), names_mode="en").set_index("Area")
    assert en.loc["Kunashiri (Kunashir)", "Administered by"] == "USSR"


@pytest.mark.parametrize("mode", ["ja", "ru"])
def test_change_lines_have_no_leftover_english_fixed_words(mode):
    lines = tables.change_lines(
        geo.historical_snapshot(1875, bundled_atlas()),
        geo.historical_snapshot(1905, bundled_atlas()),
        STYLE,
        bundled_atlas(),
        names_mode=mode,
    )
    expected = {
        # administrators named as at the time (glossary), claimants by their short names
        "ja": "南樺太:施政:ロシア帝国 → 大日本帝国。領有を主張:ロシア → 日本",
        "ru": "Южный Сахалин: управление: Российская империя → Японская империя; "
        "притязания: Россия → Япония",
    }
    assert lines == [expected[mode]]
    split = tables.change_lines(
        resolve("decl_1956"), resolve("equal_area_2006"), STYLE, bundled_atlas(), names_mode=mode
    )
    assert any(("分割:" if mode == "ja" else "раздел: ") in line for line in split)
    assert not any(ENGLISH_WORDS.search(line) for line in split)
    if mode == "ru":
        assert any("21,2 %" in line for line in split)  # decimal comma in Russian


def test_change_lines_name_the_states_of_the_time_when_only_the_name_changes():
    lines = tables.change_lines(
        geo.historical_snapshot(1956, bundled_atlas()),
        geo.historical_snapshot(2026, bundled_atlas()),
        STYLE,
        bundled_atlas(),
        names_mode="ja",
    )
    assert "択捉島:施政国の呼称:ソ連 → ロシア連邦" in lines  # names of the time, in Japanese


@pytest.mark.parametrize("mode", ["ja", "ru"])
def test_comparison_table_and_compare_lines_in_japanese_and_russian(mode):
    left, right, land = compare_figures("decl_1956", "japan_four")
    table = compare_text.comparison_table(left, right, STYLE, land, names_mode=mode)
    columns = {
        "ja": ["項目", "左の地図", "右の地図", "差"],
        "ru": ["Показатель", "Левая карта", "Правая карта", "Разница"],
    }
    assert list(table.columns) == columns[mode]
    assert not table.map(lambda v: bool(ENGLISH_WORDS.search(v))).any().any()
    measures = table.iloc[:, 0]
    if mode == "ja":
        measure = "日本が施政する陸地(アトラスの図形、四つの島全体に占める割合)"
        row = table.set_index("項目").loc[measure]
        assert row["差"] == "+93.2 ポイント"
    else:
        row = table.set_index("Показатель").loc[
            "Суша, которой управляет Япония (геометрия атласа, % площади четырёх островов)"
        ]
        assert row["Разница"] == "+93,2 п. п." and row["Правая карта"].endswith("(100,0 %)")
        assert all("км²" in v for v in table.iloc[:, 1] if "км" in v)
    assert len(measures) == len(compare_text.comparison_table(left, right, STYLE, land))
    changes = compare.hand_changes(resolve("2026"), resolve("decl_1956"), ATLAS, RESIDENTS)
    hands = compare_text.hand_change_lines(changes, STYLE, bundled_atlas(), names_mode=mode)
    first = {
        "ja": "歯舞群島:ロシア → 日本、92.5 km²。1945年8月15日時点の日本人住民5,281人。",
        "ru": "острова Хабомаи: Россия → Япония, 92,5 км². "
        "5\u00a0281 японский житель на 15 августа 1945 года.",  # Babel: 5281 takes "one"
    }
    assert hands[0] == first[mode]
    assert not any(ENGLISH_WORDS.search(line) for line in hands)
    assert not ENGLISH_WORDS.search(compare_text.totals_note(land[0], OFFICIAL, names_mode=mode))
    assert compare_text.sea_caveat(mode) != compare_text.SEA_CAVEAT


def test_default_compare_texts_stay_english():
    left, right, land = compare_figures("decl_1956", "japan_four")
    assert list(compare_text.comparison_table(left, right, STYLE, land).columns) == [
        "Measure",
        "Left map",
        "Right map",
        "Difference",
    ]
    assert compare_text.sea_caveat() == compare_text.SEA_CAVEAT
    assert compare_text.snapshot_option("decl_1956", ATLAS, SCENARIOS).startswith("Scenario: ")
    assert compare_text.snapshot_option("decl_1956", ATLAS, SCENARIOS, names_mode="ru").startswith(
        "Сценарий: "
    )


def test_area_detail_and_split_lines_in_russian():
    detail = tables.area_detail(
        "shikotan",
        geo.historical_snapshot(1956, bundled_atlas()),
        STYLE,
        bundled_atlas(),
        names_mode="ru",
    )
    fields = dict(detail["fields"])
    assert detail["title"] == "остров Шикотан в 1956 году"
    assert fields["Под управлением"] == "СССР"
    assert fields["Обещана передача"].startswith("Япония, ")
    assert fields["Площадь суши"].endswith("км² (по геометрии атласа)")
    assert {"日本語", "Русский", "English"} <= set(fields)
    lines = compare_text.split_lines(
        resolve("equal_area_2006"),
        SCENARIOS["equal_area_2006"],
        names_mode="ja",
        atlas=bundled_atlas(),
    )
    assert "択捉島" in lines[0] and "日本 21." in lines[0]
    assert lines[1].startswith("当時示された数字:択捉島の25.0 %")
    undrawn = tables.undrawn_islets(bundled_atlas(), names_mode="ru")
    assert any(line.startswith("остров Сигнальный") and "貝殻島" in line for line in undrawn)


def test_russian_numbers_group_with_a_no_break_space_and_a_decimal_comma():
    assert wording.number(3166.55, 1, "ru") == "3\u00a0166,6"
    assert wording.number(-2507, 0, "ru", signed=True) == "-2\u00a0507"
    assert wording.number(3166.55, 1, "ja") == "3,166.6"
    assert wording.percent(0.2123, "ru") == "21,2 %"


def _catalogue_keys_used(path: Path) -> set[str]:
    """Every "section.key" string of the catalogue's sections that a module spells out (the
    four compare columns are built as f"compare.{k}")."""
    sections = {key.split(".")[0] for key in load_messages()}
    pattern = re.compile(rf"^(?:{'|'.join(sections)})\.\w+$")
    keys = {f"compare.{k}" for k in ("measure", "left", "right", "difference")}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and pattern.match(node.value)
        ):
            keys.add(node.value)
    return keys


def test_every_key_the_presentation_uses_exists_in_all_three_languages():
    messages = load_messages()
    used = set()
    for module in (tables, compare_text, markdown, wording):
        used |= _catalogue_keys_used(Path(inspect.getfile(module)))
    assert {"table.area", "detail.land_area_value", "change.renamed", "compare.sea_move"} <= used
    for key in used:
        assert key in messages, key
        assert all(messages[key][lang] for lang in i18n.LANGUAGES), key
