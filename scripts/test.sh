#!/usr/bin/env bash
# Install everything the tests need and run them all: the checks (ruff, mypy on geo/), then the
# tests in three parts, then the browser benchmark in its short mode.
#
#   fast     unit tests and Streamlit AppTest (pytest -m "not browser and not print and not
#            slow"), on every core: the part to run while working, under a minute;
#   slow     the printed pages (handout, "print this view", worksheet) rendered with matplotlib,
#            and the pages of a whole copy of the app on broken data (markers print, slow);
#   browser  the real app in Debian's headless Chromium.
#
# `scripts/test.sh` runs everything (CI runs it as .ci/run); `scripts/test.sh fast` (or slow,
# browser) runs the checks and that part only. Other arguments go to pytest (e.g. -q, -x).
# Debian's chromium is the browser (Playwright's own browser download does not work offline);
# a Japanese font makes the screenshots the tests save readable (kanji instead of empty boxes).
source "$(dirname "$0")/_python.sh"
PART="all"
case "${1:-}" in fast | slow | browser) PART="$1" && shift ;; esac
SYSTEM_PACKAGES=(chromium fonts-ipafont-gothic)
if [ "$PART" = all ] || [ "$PART" = browser ]; then
  if ! dpkg -s "${SYSTEM_PACKAGES[@]}" >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${SYSTEM_PACKAGES[@]}" >/dev/null
  fi
fi
install_requirements requirements-dev.txt

step() { echo "== $1" >&2; }
step "ruff (lint, complexity at most 12, format)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
step "mypy geo/"
.venv/bin/mypy
if [ "$PART" = all ] || [ "$PART" = fast ]; then
  step "fast part: unit tests and AppTest"
  .venv/bin/python -m pytest -m "not browser and not print and not slow" -n auto "$@"
fi
if [ "$PART" = all ] || [ "$PART" = slow ]; then
  step "slow part: the printed pages, the app on broken data"
  .venv/bin/python -m pytest -m "(print or slow) and not browser" -n auto "$@"
fi
if [ "$PART" = all ] || [ "$PART" = browser ]; then
  step "browser part: the real app in headless Chromium"
  .venv/bin/python -m pytest -m browser "$@"
fi
if [ "$PART" = all ]; then
  # The browser benchmark in its short mode, so that it keeps working (figures printed, never
  # asserted; the full run is `python scripts/bench.py`, see docs/performance.md).
  step "benchmark, short mode"
  .venv/bin/python scripts/bench.py --smoke
fi
