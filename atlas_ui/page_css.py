"""The page's own CSS: trusted constants with no data in them."""

# Trusted, constant page CSS (no data in it): a compact header so that the map with its step
# bar fits a 1024×768 projector, tables that fit their column, a visible focus ring.
PAGE_CSS = """
<style>
.block-container {padding-top: 1.6rem; padding-bottom: 2rem;}
.st-key-header {margin-bottom: -0.6rem; column-gap: 2.5rem;}
h1 {font-size: 1.7rem !important; padding: 0 !important;}
@media (max-width: 1100px) {h1 {font-size: 1.3rem !important;}}
@media (max-width: 640px) {h1 {font-size: 1.2rem !important;}}
/* The layer choices wrap instead of scrolling sideways (a hidden last choice is missed). */
.st-key-layers [data-testid="stButtonGroup"] > div {flex-wrap: wrap; overflow: visible;}
:focus-visible {outline: 3px solid #1a73e8 !important; outline-offset: 2px;}
/* The page itself takes the focus when a teacher clicks beside the map and presses a key (a
   presentation step): it is no control, so it gets no ring (it framed the projected page). */
[data-testid="stMain"]:focus-visible {outline: none !important;}
/* The side panel's tabs wrap onto a second row rather than hide a tab behind a scroll arrow
   (Russian labels at 1024 px); the open tab is underlined itself. */
[data-testid="stTabs"] [role="tablist"] {flex-wrap: wrap;
  row-gap: 0.2rem;}
[data-testid="stTabs"] [data-baseweb="tab-highlight"],
[data-testid="stTabs"] [data-baseweb="tab-border"] {display: none;}
[data-testid="stTabs"] [role="tab"][aria-selected="true"] {
  box-shadow: inset 0 -3px 0 #ff4b4b;}
/* The area picked on the map shows right under it on a phone only (beside it elsewhere). */
.st-key-area_under_map {display: none;}
@media (max-width: 640px) {.st-key-area_under_map {display: flex;}}
/* A toggle's label wraps instead of being cut off. */
[data-testid="stWidgetLabel"] p {white-space: normal;}
/* Tables (Markdown) wrap their cells to the column; on a phone in smaller type, and should a
   word still not fit, the table scrolls sideways in its own box instead of being cut off. */
[data-testid="stMarkdownContainer"] table {display: block; max-width: 100%; overflow-x: auto;}
/* Japanese in a narrow cell breaks only where Japanese allows it (after 、 or before a
   parenthesis), never inside a word (ロシ/ア); other scripts are not affected. */
[data-testid="stMarkdownContainer"] td, [data-testid="stMarkdownContainer"] th {
  word-break: keep-all; line-break: strict;}
@media (max-width: 640px) {
  [data-testid="stMarkdownContainer"] td, [data-testid="stMarkdownContainer"] th {
    padding: 0.25rem 0.35rem; font-size: 0.8rem; line-height: 1.3;}}
.atlas-sr {position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap;}
</style>
"""
# Presentation mode: Streamlit's own header out of the way, the map as tall as the window, notes
# in large type. Trusted constant CSS.
PRESENT_CSS = """
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"] {display: none !important;}
.block-container {padding: 0.6rem 1rem 0 !important; max-width: 100% !important;}
.st-key-present_bar {align-items: center;}
.st-key-present_bar h2 {font-size: 1.9rem !important; padding: 0 !important; margin: 0 !important;}
.st-key-present_bar p {font-size: 1.05rem;}
.st-key-present_notes {height: calc(100vh - 4.6rem); overflow: hidden;}
.st-key-present_notes p, .st-key-present_notes li {font-size: 1.3rem; line-height: 1.4;}
.st-key-present_notes h3 {font-size: 1.5rem !important;}
@media (max-width: 1100px) {
  .st-key-present_notes p, .st-key-present_notes li {font-size: 1.1rem;}
  .st-key-present_bar h2 {font-size: 1.5rem !important;}
}
</style>
"""
