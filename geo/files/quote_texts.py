"""``timeline/quote_texts.toml``: Japanese and Russian texts beside the quotes of
configurations.toml and events.csv (read on demand, not by load_atlas)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, ValidationInfo, field_validator

from geo.errors import raise_problems
from geo.files.atlas import Atlas, QuoteText
from geo.files.fields import OneOf
from geo.files.loading import label_in
from geo.files.read import read_toml
from geo.files.schema import (
    Expected,
    OptionalText,
    Record,
    Text,
    at,
    check,
    duplicates,
    mismatch,
    rule,
)

QUOTE_TEXT_LANGS = ("ja", "ru")
# original: the instrument's or statement's own text in that language (an authentic text);
# official: a government's official text in that language, not one of the authentic texts;
# published: an existing translation made by others; atlas: the atlas's own translation of the
# English quote (no source of its own; the page labels it as such).
QUOTE_TEXT_KINDS = ("original", "official", "published", "atlas")


class QuoteTextEntry(Record):
    """One ``[[text]]``: see :class:`~geo.files.atlas.QuoteText`. The validation context's
    ``quoted`` gives {quote id: its sources} of every configuration and event with a quote."""

    quote: Text
    lang: Annotated[str, OneOf(QUOTE_TEXT_LANGS)]
    kind: Annotated[str, OneOf(QUOTE_TEXT_KINDS)]
    text: Text
    source: Annotated[OptionalText, Field(validate_default=True)] = ""
    note: Text

    @field_validator("quote")
    @classmethod
    def _a_quote_of_the_atlas(cls, value: str, info: ValidationInfo) -> str:
        quoted = (info.context or {}).get("quoted")
        if quoted is not None and value not in quoted:
            raise mismatch("configuration.<year> or event.<id> of an entry with a quote", value)
        return value

    @field_validator("source")
    @classmethod
    def _a_source_of_the_quote(cls, value: str, info: ValidationInfo) -> str:
        kind, quote = info.data.get("kind"), info.data.get("quote")
        quoted = (info.context or {}).get("quoted") or {}
        if kind == "atlas" and value:
            raise rule("the atlas's translation has no source of its own")
        if kind not in (None, "atlas") and quote in quoted and value not in quoted[quote]:
            raise mismatch(f"a source id listed in the sources of {quote}", value or None)
        return value

    def record(self) -> QuoteText:
        return QuoteText(**self.model_dump())


class QuoteTextsFile(Record):
    """The file: its ``[[text]]`` tables (each checked as a :class:`QuoteTextEntry`)."""

    text: Annotated[list[Any], Expected("[[text]] tables")]


def load_quote_texts(
    atlas: Atlas, path: Path | str | None = None
) -> dict[str, tuple[QuoteText, ...]]:
    """Read ``timeline/quote_texts.toml`` into {quote id: its texts}.

    Every problem is raised together in one DataError naming the file, the entry and the field:
    a quote id that is not a configuration or event with a quote; a language or kind not
    listed above; an empty text or note; a source that is not an id of ``sources.csv`` listed
    among that configuration's or event's sources (or any source on the atlas's translation);
    two texts in one language for one quote; an unknown key.
    """
    path = Path(path) if path is not None else atlas.data_dir / "timeline" / "quote_texts.toml"
    label = label_in(atlas.data_dir, path)
    doc = read_toml(path, label)
    quoted = {f"configuration.{y}": c.sources for y, c in atlas.configurations.items() if c.quote}
    quoted |= {f"event.{e.id}": e.sources for e in atlas.events if e.quote}
    found, problems = check(QuoteTextsFile, doc, label)
    checked: list[tuple[str, QuoteTextEntry]] = []
    for index, entry in enumerate(found.text if found else ()):
        where = _where(index, entry)
        text, errors = check(
            QuoteTextEntry, entry, label, place=at(where), context={"quoted": quoted}
        )
        problems += errors
        if text is not None:
            checked.append((where, text))
    keyed = ((where, (t.quote, t.lang)) for where, t in checked)
    problems += duplicates(keyed, label, lambda k: f"a second {k[1]!r} text for {k[0]}", "lang")
    raise_problems(problems)
    texts: dict[str, tuple[QuoteText, ...]] = {}
    for _, text in checked:
        texts[text.quote] = (*texts.get(text.quote, ()), text.record())
    return texts


def _where(index: int, entry: Any) -> str:
    """ "[[text]] #3 (configuration.1945, ru)" (counted from 1, as the file is read)."""
    if not isinstance(entry, dict):
        return f"[[text]] #{index + 1}"
    return f"[[text]] #{index + 1} ({entry.get('quote')}, {entry.get('lang')})"
