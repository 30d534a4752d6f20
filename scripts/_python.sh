# Sourced by run.sh and test.sh: create .venv with Python 3.11 and install a requirements file.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "Python 3.11 is required (found $("$PYTHON" --version)); set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
install_requirements() {
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$1"
}
