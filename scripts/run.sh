#!/usr/bin/env bash
# Install the app's dependencies into .venv and start the atlas (http://localhost:8501).
source "$(dirname "$0")/_python.sh"
install_requirements requirements.txt
# serve.py serves app.py and closes what configuration cannot (README, "Serving a classroom").
exec .venv/bin/python -m streamlit run serve.py "$@"
