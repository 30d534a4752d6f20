"""Languages: place names in English, Japanese, Russian or both local names, and the interface's
own words from one message catalogue (``data/messages.toml``).

A *names mode* says how places are named: ``local`` (the default: the Japanese and the Russian
name side by side, so neither side's name is hidden), ``en``, ``ja`` or ``ru``. The interface
language follows it (English for ``local``). Nothing here imports Streamlit.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import lru_cache

from babel import Locale

from geo.errors import DataError, data_label
from geo.files.messages import LANGUAGES, load_messages
from geo.files.read import DATA_DIR

NAME_MODES = ("local", "en", "ja", "ru")
DEFAULT_NAMES = "local"

_FORMATTER = string.Formatter()


@lru_cache(maxsize=4096)
def _parts(text: str) -> tuple[tuple[str, str | None, str | None, str | None], ...]:
    """A message split into (literal, name, format spec, conversion) parts; ValueError for a
    stray brace."""
    return tuple(_FORMATTER.parse(text))


def ui_language(names_mode: str) -> str:
    """The interface language of a names mode: English for ``local`` and unknown modes."""
    return names_mode if names_mode in LANGUAGES else "en"


def place_lines(row: Mapping, names_mode: str) -> list[str]:
    """A place's name as one or two lines (two for ``local``: Japanese, then Russian).

    ``row`` is a row of names.csv (``name_en``, ``name_ja``, ``name_ru``).
    """
    if names_mode in LANGUAGES:
        return [str(row[f"name_{names_mode}"])]
    return [str(row["name_ja"]), str(row["name_ru"])]


def place_name(row: Mapping, names_mode: str) -> str:
    """A place's name on one line, e.g. "択捉島 / остров Итуруп" for ``local``."""
    return " / ".join(place_lines(row, names_mode))


def t(key: str, lang: str = "en", **values) -> str:
    """The message ``key`` ("section.key") in ``lang``, with ``{placeholders}`` filled in.

    Without ``values`` the text is given as written (the map's script fills in its own). Each
    ``{name}`` is replaced by ``str(values[name])``: no attribute or index is ever looked up and
    no format spec applied (the catalogue allows none: :func:`geo.files.messages.load_messages`).
    An unknown language falls back to English. A key the catalogue lacks, or a placeholder without a
    value, raises a ``DataError`` naming ``data/messages.toml`` and the entry (an entry deleted
    from the data, or a bug in the code).
    """
    messages = load_messages()
    if key not in messages:
        section, _, name = key.rpartition(".")
        raise DataError(
            data_label(DATA_DIR / "messages.toml"),
            where=f"[{section}]",
            field=name,
            expected="an entry { en = ..., ja = ..., ru = ... }",
            found=None,
        )
    texts = messages[key]
    text = texts[lang if lang in LANGUAGES else "en"] or texts["en"]
    if not values:
        return text
    filled = []
    for literal, placeholder, _spec, _conversion in _parts(text):
        filled.append(literal)
        if placeholder is None:
            continue
        if placeholder not in values:
            raise DataError(
                data_label(DATA_DIR / "messages.toml"),
                f"placeholder {{{placeholder}}} has no value here; expected only "
                + (", ".join("{" + v + "}" for v in values)),
                where=key,
                field=lang,
            )
        filled.append(str(values[placeholder]))
    return "".join(filled)


def catalogue_section(name: str, lang: str = "en") -> dict[str, str]:
    """Every message of one catalogue section in ``lang``, keyed without the section prefix."""
    prefix = name + "."
    return {key[len(prefix) :]: t(key, lang) for key in load_messages() if key.startswith(prefix)}


@lru_cache(maxsize=4)
def plural_categories(lang: str) -> frozenset[str]:
    """The CLDR plural categories of ``lang`` (Babel's rules), e.g. Russian one/few/many/other."""
    return frozenset(Locale.parse(lang).plural_form.tags) | {"other"}


def plural_forms(key: str, lang: str) -> dict[str, str]:
    """The forms of the catalogue's ``[plural]`` entry ``key`` in ``lang``: {category: word}."""
    forms = {}
    for part in t(f"plural.{key}", lang).split("|"):
        category, _, word = part.partition(":")
        forms[category.strip()] = word.strip()
    return forms


def plural(key: str, count: float, lang: str = "en") -> str:
    """The word of ``[plural]`` ``key`` that goes with ``count`` in ``lang``, chosen by the
    language's CLDR plural rules (Babel): ``plural("changes", 5, "ru")`` → "изменений"."""
    lang = lang if lang in LANGUAGES else "en"
    forms = plural_forms(key, lang)
    category = Locale.parse(lang).plural_form(count)
    return forms.get(category) or forms.get("other") or next(iter(forms.values()), "")
