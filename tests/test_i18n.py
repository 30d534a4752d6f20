"""The message catalogue and the names modes (geo/i18n.py)."""

from __future__ import annotations

import ast
import re
import time
from pathlib import Path

import pytest

from geo import i18n
from geo.errors import DataError
from geo.files.messages import PLACEHOLDERS, load_messages
from geo.maps import mapview
from geo.maps.payload import snapshot_payload
from geo.model.timeline import historical_snapshot, names_of
from tests.conftest import DATA, ROOT, bundled_atlas


def test_every_message_has_three_languages_with_the_same_placeholders():
    messages = load_messages()
    assert len(messages) > 40
    for key, texts in messages.items():
        assert set(texts) == set(i18n.LANGUAGES), key


@pytest.mark.parametrize(
    "text, problem",
    [
        (
            '[card]\npart = { en = "a {share}", ja = "b", ru = "c {share}" }\n',
            "ja has placeholders []",
        ),
        ('[map]\nx = { en = "a", ja = "b" }\n', "map.x: field 'ru': expected text, found nothing"),
        (
            '[map]\nx = { en = "a", ja = "b", ru = 5 }\n',
            "map.x: field 'ru': expected text, found 5",
        ),
        ('[map]\nx = { en = "a", ja = "b", ru = "c", de = "d" }\n', "found unknown key(s) ['de']"),
        ("[map]\nx = 'oops'\n", "expected {en, ja, ru}"),
        ("[map\n", "is not valid TOML"),
    ],
)
def test_a_broken_catalogue_is_named(tmp_path, text, problem):
    path = tmp_path / "messages.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"messages\.toml") as err:
        load_messages(path)
    assert problem in str(err.value)


def test_unknown_language_falls_back_to_english_and_placeholders_fill():
    assert i18n.t("map.view_four", "xx") == i18n.t("map.view_four", "en")
    assert i18n.t("card.part", "ja", share="21.2 %") == "この部分:島の面積の21.2 %"


@pytest.mark.parametrize(
    "mode, expected",
    [
        ("local", ["択捉島", "остров Итуруп"]),
        ("en", ["Etorofu (Iturup)"]),
        ("ja", ["択捉島"]),
        ("ru", ["остров Итуруп"]),
    ],
)
def test_place_names_per_mode(mode, expected):
    row = names_of(bundled_atlas(), "feature").loc["etorofu"]
    assert i18n.place_lines(row, mode) == expected
    assert i18n.place_name(row, mode) == " / ".join(expected)
    assert i18n.ui_language(mode) == ("en" if mode == "local" else mode)


def test_map_labels_cards_and_legend_follow_the_names_mode():
    atlas = bundled_atlas()
    config = mapview.base_config(atlas, "ja")
    labels = {label["group"]: label["text"] for label in config["labels"]}
    assert labels["etorofu"] == "択捉島"
    assert config["ui"]["view_four"] == "四つの島"
    assert config["legend"]["title"] == "凡例"
    local = {label["group"]: label["text"] for label in mapview.base_config(atlas)["labels"]}
    assert local["etorofu"] == "択捉島\nостров Итуруп"
    payload = snapshot_payload(historical_snapshot(1956, atlas), atlas, names_mode="ru")
    card = payload["units"]["shikotan"]["card"]
    assert card[0] == "1956: управляет СССР"  # the state named as it was then (glossary)
    assert any("Обещана передача: Япония" in line for line in card)


# --------------------------------------------------------------------------- placeholders

CHANGED = 'changed = { en = "What changed since {year}"'


def _catalogue_with(tmp_path, english: str, japanese: str, russian: str) -> Path:
    """A copy of the catalogue whose lesson.changed entry has these three texts."""
    text = (DATA / "messages.toml").read_text(encoding="utf-8")
    line = re.search(rf"^{re.escape(CHANGED)}.*$", text, re.M)
    assert line, "lesson.changed moved"
    entry = f'changed = {{ en = "{english}", ja = "{japanese}", ru = "{russian}" }}'
    path = tmp_path / "messages.toml"
    path.write_text(text.replace(line[0], entry), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "placeholder, problem",
    [
        # evaluated and shown before: the class hierarchy of the year
        ("{year.__class__.__mro__}", "is not allowed: expected a plain {name}"),
        # 17-27 s and ~190 MB per page before (a 200-million-character padding)
        ("{year:>200000000}", "is not allowed: expected a plain {name}"),
        ("{year!r}", "is not allowed"),
        ("{year[0]}", "is not allowed"),
        ("{0}", "is not allowed"),
        ("{}", "is not allowed"),
        # the generic error box before (a KeyError when the page filled it in)
        (
            "{oops}",
            "placeholder {oops} is not one the atlas fills in for this message; "
            "expected only {year}",
        ),
        ("{year", "has a stray brace"),
    ],
)
def test_a_placeholder_the_message_does_not_declare_is_named_at_load(
    tmp_path, placeholder, problem
):
    text = f"In {placeholder}"
    path = _catalogue_with(tmp_path, text, text, text)
    with pytest.raises(DataError) as err:
        load_messages(path)
    error = err.value
    assert error.file == "messages.toml" and error.where == "lesson.changed", str(error)
    assert {p.field for p in error.problems} == {"en", "ja", "ru"}, str(error)
    assert all(problem in p.problem for p in error.problems), str(error)


def test_the_declared_placeholders_load_in_any_order_and_escaped_braces_stay_literal(tmp_path):
    path = _catalogue_with(tmp_path, "{{x}} {year}", "{year}年 {{x}}", "{year} {{x}}")
    assert load_messages(path)["lesson.changed"]["ja"] == "{year}年 {{x}}"


def test_filling_in_never_looks_up_an_attribute_or_applies_a_format_spec(monkeypatch):
    """Even a catalogue that skipped the load check cannot make t() evaluate anything."""
    hostile = {
        "lesson.changed": {lang: "{year.__class__.__mro__}" for lang in i18n.LANGUAGES},
        "lesson.differs": {lang: "{baseline:>200000000}" for lang in i18n.LANGUAGES},
    }
    monkeypatch.setattr(i18n, "load_messages", lambda path=None: hostile)
    with pytest.raises(DataError, match=r"lesson\.changed: field 'en': placeholder "):
        i18n.t("lesson.changed", "en", year=1956)
    start = time.perf_counter()
    assert i18n.t("lesson.differs", "en", baseline="1956") == "1956"
    assert time.perf_counter() - start < 0.5


def test_a_placeholder_without_a_value_is_a_named_data_error():
    with pytest.raises(DataError, match=r"messages\.toml: lesson\.more: field 'ja'"):
        i18n.t("lesson.more", "ja", count=3)


def _calls(path: Path):
    """(key, keyword names or None for **values) of every t(...) / tm(...) call with a literal
    key in one module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in ("t", "tm")
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names = {k.arg for k in node.keywords}
            yield node.args[0].value, None if None in names else names


def test_every_declared_placeholder_is_used_by_the_catalogue_and_passed_by_the_code():
    messages = load_messages()
    for key, names in PLACEHOLDERS.items():
        assert key in messages, key
        for lang, text in messages[key].items():
            assert set(re.findall(r"\{(\w+)\}", text)) == set(names), (key, lang)
    modules = [*(ROOT / "geo").rglob("*.py"), *(ROOT / "atlas_ui").glob("*.py"), ROOT / "app.py"]
    checked = 0
    for path in modules:
        for key, names in _calls(path):
            if names is not None and key in messages:
                assert names == set(PLACEHOLDERS.get(key, ())), (path.name, key, names)
                checked += 1
    assert checked > 50
