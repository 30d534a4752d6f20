"""Keep the translations of the history texts (data/timeline/translations/) in step with the
English reference.

    python scripts/translations.py missing ja   # ids (and English) without a current translation
    python scripts/translations.py stale ru     # entries whose English changed, or id vanished
    python scripts/translations.py stamp ja     # entries written with en_sha256 = "new": record
                                                # the hash of the English they were made from

A translator writes a new or revised entry with ``en_sha256 = "new"`` after reading the current
English, then runs ``stamp``; a stale entry is never re-stamped by the script (revise its text,
then set it to "new"). Afterwards run ``python scripts/build_data.py --manifest-only``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.files import worldviews
from geo.files.loading import load_atlas
from geo.files.scenarios import load_scenarios
from geo.files.translations import translation_path
from geo.text import history_text


def reference() -> dict[str, str]:
    atlas = load_atlas()
    found = load_scenarios(source_ids=set(atlas.sources.index))
    return history_text.history_texts(atlas, found, worldviews.load_for(atlas))


def stamp(lang: str) -> int:
    path = translation_path(lang)
    text = path.read_text(encoding="utf-8")
    texts = reference()
    count = 0

    def fix(match: re.Match) -> str:
        nonlocal count
        key = match.group(1)
        if key not in texts:
            raise SystemExit(f"{path.name}: {key}: no English text has this id")
        count += 1
        digest = history_text.english_hash(texts[key])
        return f'["{key}"]\nen_sha256 = "{digest}"'

    text = re.sub(r'^\["([^"]+)"\]\nen_sha256 = "new"', fix, text, flags=re.M)
    path.write_text(text, encoding="utf-8")
    return count


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    command, lang = sys.argv[1], sys.argv[2]
    if command == "stamp":
        print(f"stamped {stamp(lang)} entries")
    elif command == "missing":
        texts = reference()
        for key in history_text.missing_entries(lang, texts):
            print(f"{key}\t{texts[key]}")
    elif command == "stale":
        for key, why in history_text.stale_entries(lang, reference()).items():
            print(f"{key}\t{why}")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
