"""``data/timeline/translations/<lang>.toml``: the atlas's own Japanese and Russian of its
history texts (:mod:`geo.text.history_text` looks them up), read and checked.

Each entry is keyed by a stable id of the English text it translates
(``configuration.1956.summary``) and records the first 12 hex digits of the SHA-256 of that
English (``en_sha256``); ``[about]`` says what the texts are."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import StringConstraints, ValidationInfo, field_validator

from geo.errors import DataError, data_label, raise_problems
from geo.files.fields import OneOf
from geo.files.read import DATA_DIR, read_toml
from geo.files.schema import Expected, Loc, Record, Text, check, mismatch

TRANSLATED = ("ja", "ru")
TRANSLATIONS_DIR = DATA_DIR / "timeline" / "translations"
HASH_CHARS = 12
_ID = re.compile(r"^[a-z]+(\.[A-Za-z0-9_\-]+)+$")


class About(Record):
    """What the file's texts are: its language, the reference they translate (English), their
    status and a note shown on the page."""

    language: Text
    reference: Annotated[str, OneOf(("en",))]
    status: Text
    note: Text

    @field_validator("language")
    @classmethod
    def _the_files_own(cls, language: str, info: ValidationInfo) -> str:
        """The language of the file's name (ja.toml: ``ja``), given as ``language`` in the
        validation context."""
        own = (info.context or {}).get("language")
        if own is not None and language != own:
            raise mismatch(repr(own), language)
        return language


class Entry(Record):
    """One translated text and the hash of the English it was made from."""

    en_sha256: Annotated[
        str,
        StringConstraints(pattern=rf"^[0-9a-f]{{{HASH_CHARS}}}$"),
        Expected(f"the first {HASH_CHARS} hex digits of the English text's SHA-256"),
    ]
    text: Text


class TranslationFile(Record):
    """The file: ``[about]`` and the entries (every other table, by id)."""

    about: Annotated[About, Expected("a table naming language, reference, status, note")]
    entries: dict[str, Annotated[Entry, Expected("a table with en_sha256 and text")]]


def _place(loc: Loc) -> tuple[str | None, Loc]:
    """``[about]``, or an entry as ``["configuration.1956.summary"]``."""
    if loc[0] == "about":
        return "[about]", loc[1:]
    return (f'["{loc[1]}"]', loc[2:]) if len(loc) > 1 else (None, loc)


@dataclass(frozen=True, eq=False)  # hashed by identity: a cache key
class Translations:
    """One language's translation file: its note and its entries."""

    lang: str
    status: str
    note: str
    entries: dict[str, tuple[str, str]]  # id -> (en_sha256, text)

    @property
    def by_hash(self) -> dict[str, str]:
        return _by_hash(self)

    @property
    def texts(self) -> frozenset[str]:
        return frozenset(text for _, text in self.entries.values())


@lru_cache(maxsize=8)
def _by_hash(translations: Translations) -> dict[str, str]:
    return {h: text for h, text in translations.entries.values()}


def translation_path(lang: str, directory: Path | None = None) -> Path:
    return (directory or TRANSLATIONS_DIR) / f"{lang}.toml"


@lru_cache(maxsize=8)
def load_translations(lang: str, directory: Path | None = None) -> Translations:
    """The translation file of ``lang`` (``ja`` or ``ru``), validated.

    Every problem is reported together in one ``DataError`` naming the file, the entry and the
    field: an ``[about]`` table without the language (this file's), the reference language
    (``en``) or the status of the texts and its note; an id that is not ``section.part...``;
    an entry without a 12-digit ``en_sha256`` or a non-empty ``text``; an unknown key.
    """
    if lang not in TRANSLATED:
        raise ValueError(f"no translation file for language {lang!r}")
    path = translation_path(lang, directory)
    label = data_label(path)
    raw = read_toml(path, label)
    doc = {"about": raw.pop("about", None), "entries": raw}
    found, problems = check(TranslationFile, doc, label, place=_place, context={"language": lang})
    problems += [
        DataError(label, where=f'["{key}"]', expected=f"an id like {_EXAMPLE!r}", found=key)
        for key in raw
        if not _ID.match(key)
    ]
    raise_problems(problems)
    assert found is not None
    return Translations(
        lang=lang,
        status=found.about.status,
        note=found.about.note,
        entries={key: (entry.en_sha256, entry.text) for key, entry in found.entries.items()},
    )


_EXAMPLE = "configuration.1956.summary"
