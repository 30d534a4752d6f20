#!/usr/bin/env bash
# Install everything the tests need and run them all: lint, unit, AppTest and the real browser,
# then the browser benchmark in its short mode.
# Debian's chromium is the browser (Playwright's own browser download does not work offline);
# a Japanese font makes the screenshots the tests save readable (kanji instead of empty boxes).
source "$(dirname "$0")/_python.sh"
SYSTEM_PACKAGES=(chromium fonts-ipafont-gothic)
if ! dpkg -s "${SYSTEM_PACKAGES[@]}" >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${SYSTEM_PACKAGES[@]}" >/dev/null
fi
install_requirements requirements-dev.txt
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
# The browser benchmark in its short mode, so that it keeps working (figures printed, never
# asserted; the full run is `python scripts/bench.py`, see docs/performance.md).
.venv/bin/python scripts/bench.py --smoke
