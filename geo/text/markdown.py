"""Text made safe for Markdown: data is escaped so that a stray '*', '[' or '<' in a note is
shown as typed, never interpreted (Streamlit never gets raw HTML from the atlas), and the
atlas's tables are written as Markdown tables with numbers in the reader's language."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

import pandas as pd

from geo.i18n import DEFAULT_NAMES, ui_language
from geo.text.wording import number

# Characters that make inline markup anywhere in a line. Others ('(', '.', ':', '-', '#' …)
# only make markup next to these or at the start of a line, so they stay as they are: widget
# labels keep a clean accessible name ("Year: step through the dispute", read aloud without
# backslashes).
_MD_INLINE = re.compile(r"([\\`*_\[\]|<>~$&])")
# A block marker at the start of the text (heading, quote, list, rule, setext line, a numbered
# list's '1.'), escaped where it stands; leading blanks (an indented code block) are dropped.
_BLOCK_START = re.compile(r"^\s*(?:([#>+\-=])|(\d+)([.)]))")
_INDENTED_CODE = re.compile(r"^[ \t]{4,}")
# Streamlit's Markdown also turns text into markup that no backslash stops: bare URLs and
# e-mail addresses become links (GFM autolink literals, also when their ':' or '.' is
# escaped), ':name:' shortcodes become emoji, images or icons (':streamlit:',
# ':material/home:'), and a ':' before an ASCII letter starts a directive (remark-directive,
# Streamlit 1.67): ':red[x]', ':small[x]', ':blue-background[x]', ':orange-badge[x]',
# ':help[x]'; even with its brackets escaped, ':red' alone is an empty red span, and an
# unknown ':name[x]' is shown as ':name' without its text. An invisible WORD JOINER (U+2060)
# splits each such pattern; the text reads the same and prose without these patterns is
# unchanged (': ' followed by a space, as in "Year: step", starts nothing).
WORD_JOINER = "\u2060"
_AUTOLINK_OR_SHORTCODE = re.compile(
    r"(?i)(?<=:)(?=//)"  # scheme://
    r"|(?<=\bwww)(?=\.)"  # www.
    r"|(?=@)"  # user@host
    r"|(?<=:)(?=[\w+\-/]+:)"  # :shortcode:
    r"|(?<=:)(?=[A-Za-z])"  # :directive (a directive's name starts with an ASCII letter)
)


@lru_cache(maxsize=8192)
def md_escape(text: str) -> str:
    """Escape every Markdown (and HTML-looking) character so ``text`` renders literally.

    For every place Streamlit interprets Markdown: st.markdown, headings, captions, alerts,
    and the labels of widgets, expanders, buttons, radio / pills / select_slider options
    (not st.selectbox's options, which are plain text). No link, image, icon, emoji, LaTeX,
    colour or HTML comes out of it; a line break becomes a space. Cached: a rerun escapes the
    same texts as the last one.
    """
    text = _AUTOLINK_OR_SHORTCODE.sub(WORD_JOINER, str(text))
    text = _MD_INLINE.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))
    text = _INDENTED_CODE.sub("", text)
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text, count=1)


def markdown_table(frame: pd.DataFrame, names_mode: str = DEFAULT_NAMES) -> str:
    """A table as Markdown text, every header and cell escaped (``|`` included), figures
    written as the interface language writes them.

    The page shows its tables as Markdown rather than with a table widget: the widget makes
    the browser fetch and compile about 0.9 MB of table code before the page (and its map)
    first shows, and re-sends the table's schema with every year switch.
    """

    def cell(value) -> str:
        if isinstance(value, float):
            value = number_text(value, 1, names_mode)
        return md_escape("" if value is None else value)

    columns = list(frame.columns)
    lines = [
        "| " + " | ".join(cell(c) for c in columns) + " |",
        "|" + "---|" * len(columns),
    ]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(False)]
    return "\n".join(lines)


def safe_link(title: str, url: str) -> str:
    """A Markdown link with an escaped title; the URL (http/https, checked on load) is
    percent-encoded so it cannot break out of the link syntax."""
    if not url:
        return md_escape(title)
    return f"[{md_escape(title)}]({quote(url, safe=':/?#=&%~+@,;')})"


def number_text(value: float, decimals: int = 1, names_mode: str = DEFAULT_NAMES) -> str:
    """A figure as the interface language writes it ("3,166.6"; "3 166,6" in Russian)."""
    return number(value, decimals, ui_language(names_mode))
