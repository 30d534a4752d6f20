"""The codes and names of the atlas's data model, shared by every file and layer: state codes,
the four disputed groups, kinds of names and sources, and the shapes of dates and links."""

from __future__ import annotations

import re

STATE_CODES = ("JP", "RU", "JOINT", "NONE")
# Codes only a worldview's map draws (geo.model.worldviews): left white as undetermined, or not
# stated by any source read. The style has a fill and names for every code of MAP_CODES.
DRAWN_CODES = ("UNDETERMINED", "NOT_STATED")
MAP_CODES = STATE_CODES + DRAWN_CODES
DISPUTED_GROUPS = ("habomai", "shikotan", "kunashiri", "etorofu")
# feature: a drawn area; group: a status unit; undrawn: a named islet that the source geometry
# does not contain at its resolution (named, listed, never drawn); collective: a name for a set of
# groups (e.g. the four disputed groups: 北方領土 / Южные Курилы), never drawn.
NAME_KINDS = ("feature", "group", "undrawn", "collective")
# What a source is (sources.csv ``kind``): government = published by a government, parliament or
# government agency; official-statement = a named official's own words (head of government,
# minister, spokesperson) read in a third-party copy (news agency, database, transcription);
# treaty = the text of an international instrument; scholarship = academic work; press = news
# reporting; reference = encyclopedias, Wikipedia, libraries, private transcriptions and the rest.
SOURCE_KINDS = ("government", "official-statement", "treaty", "scholarship", "press", "reference")
# Kinds that count as a government's own voice in a reading's ``japan`` / ``russia`` column.
GOVERNMENT_VOICE_KINDS = ("government", "official-statement")
NAME_FIELDS = ("name_en", "name_ja", "name_ja_latn", "name_ru", "name_ru_latn")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SAFE_URL = re.compile(r"^https?://[^\s<>\"']+$")
# The kinds of a step of the atlas and of its snapshot (geo.model.snapshot): a configuration
# year, a scenario, or how one authority's own maps draw the area today (data/worldviews.toml:
# its units are "drawn as" JP, RU, UNDETERMINED or NOT_STATED, in ``administered_by``).
HISTORICAL, SCENARIO, WORLDVIEW = "historical", "scenario", "worldview"
