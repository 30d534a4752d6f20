"""Languages: place names in English, Japanese, Russian or both local names, and the interface's
own words from one message catalogue (``data/messages.toml``).

A *names mode* says how places are named: ``local`` (the default: the Japanese and the Russian
name side by side, so neither side's name is hidden), ``en``, ``ja`` or ``ru``. The interface
language follows it (English for ``local``). Nothing here imports Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from babel import Locale

from geo.errors import DataError, data_label
from geo.loading import DATA_DIR, Problems, read_toml

NAME_MODES = ("local", "en", "ja", "ru")
DEFAULT_NAMES = "local"
LANGUAGES = ("en", "ja", "ru")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


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


@lru_cache(maxsize=4)
def load_messages(path: Path | None = None) -> dict[str, dict[str, str]]:
    """The catalogue as {"section.key": {"en": ..., "ja": ..., "ru": ...}}, validated.

    Every problem in the file is collected and reported together in one ``DataError``: an entry
    without one of the three languages, a non-text value, or a translation whose
    ``{placeholders}`` differ from the English text.
    """
    path = path or DATA_DIR / "messages.toml"
    label = data_label(path)
    raw = read_toml(path, label)
    messages: dict[str, dict[str, str]] = {}
    problems = Problems(label)
    for section, entries in raw.items():
        if not isinstance(entries, dict):
            problems.add(where=f"[{section}]", expected="a table of messages", found=entries)
            continue
        for key, texts in entries.items():
            where = f"{section}.{key}"
            if not isinstance(texts, dict):
                problems.add(where=where, expected="{en, ja, ru}", found=texts)
                continue
            missing = [lang for lang in LANGUAGES if lang not in texts]
            bad = [lang for lang in LANGUAGES if lang in texts and not isinstance(texts[lang], str)]
            extra = sorted(set(texts) - set(LANGUAGES))
            if missing or bad or extra:
                problems.add(
                    f"needs text in {', '.join(LANGUAGES)}"
                    + (f"; missing {missing}" if missing else "")
                    + (f"; not text: {bad}" if bad else "")
                    + (f"; unknown languages {extra}" if extra else ""),
                    where=where,
                )
                continue
            wanted = set(_PLACEHOLDER.findall(texts["en"]))
            for lang in LANGUAGES[1:]:
                found = set(_PLACEHOLDER.findall(texts[lang]))
                if found != wanted:
                    problems.add(
                        f"{lang} has placeholders {sorted(found)}, English has {sorted(wanted)}",
                        where=where,
                        field=lang,
                    )
            messages[where] = dict(texts)
    problems.raise_all()
    return messages


def t(key: str, lang: str = "en", **values) -> str:
    """The message ``key`` ("section.key") in ``lang``, with ``{placeholders}`` filled in.

    An unknown language falls back to English. A key the catalogue lacks raises a
    ``DataError`` naming ``data/messages.toml`` and the missing entry (an entry deleted from the
    data, or a bug in the code).
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
    return text.format(**values) if values else text


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
