"""The message catalogue and the names modes (geo/i18n.py)."""

from __future__ import annotations

import pytest

import geo
from geo import i18n, mapview
from geo.errors import DataError
from geo.timeline import historical_snapshot, names_of


def test_every_message_has_three_languages_with_the_same_placeholders():
    messages = i18n.load_messages()
    assert len(messages) > 40
    for key, texts in messages.items():
        assert set(texts) == set(i18n.LANGUAGES), key


@pytest.mark.parametrize(
    "text, problem",
    [
        ('[map]\nx = { en = "a {n}", ja = "b", ru = "c {n}" }\n', "ja has placeholders []"),
        ('[map]\nx = { en = "a", ja = "b" }\n', "missing ['ru']"),
        ('[map]\nx = { en = "a", ja = "b", ru = 5 }\n', "not text: ['ru']"),
        ("[map]\nx = 'oops'\n", "expected {en, ja, ru}"),
        ("[map\n", "is not valid TOML"),
    ],
)
def test_a_broken_catalogue_is_named(tmp_path, text, problem):
    path = tmp_path / "messages.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"messages\.toml") as err:
        i18n.load_messages(path)
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
    row = names_of(geo.default_atlas(), "feature").loc["etorofu"]
    assert i18n.place_lines(row, mode) == expected
    assert i18n.place_name(row, mode) == " / ".join(expected)
    assert i18n.ui_language(mode) == ("en" if mode == "local" else mode)


def test_map_labels_cards_and_legend_follow_the_names_mode():
    atlas = geo.default_atlas()
    config = mapview.base_config(atlas, "ja")
    labels = {label["group"]: label["text"] for label in config["labels"]}
    assert labels["etorofu"] == "択捉島"
    assert config["ui"]["view_four"] == "四つの島"
    assert config["legend"]["title"] == "凡例"
    local = {label["group"]: label["text"] for label in mapview.base_config(atlas)["labels"]}
    assert local["etorofu"] == "択捉島\nостров Итуруп"
    payload = mapview.snapshot_payload(historical_snapshot(1956, atlas), atlas, names_mode="ru")
    card = payload["units"]["shikotan"]["card"]
    assert card[0] == "1956: управляет СССР"  # the state named as it was then (glossary)
    assert any("Обещана передача: Япония" in line for line in card)
