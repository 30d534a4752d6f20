"""How the atlas is served (.streamlit/config.toml): choices made on purpose, kept so."""

from __future__ import annotations

import tomllib

from tests.conftest import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_the_server_listens_on_this_computer_only_unless_told_otherwise():
    # Streamlit's default is every interface; README says how to serve a classroom on purpose.
    assert CONFIG["server"]["address"] in ("localhost", "127.0.0.1")


def test_visitors_never_see_error_details():
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_uploads_and_cross_site_requests_stay_closed():
    server = CONFIG["server"]
    # nothing in the app takes a file; Streamlit's XSRF and CORS protections stay on
    assert server.get("enableXsrfProtection", True) is True
    assert server.get("enableCORS", True) is True
    assert server.get("maxUploadSize", 200) <= 200


def test_a_new_session_does_no_file_watching_or_source_rewriting():
    # Watching every imported module and rewriting app.py ("magic") was about a third of the
    # server's work when a page opens (scripts/bench.py); a classroom server needs neither.
    assert CONFIG["server"]["fileWatcherType"] == "none"
    assert CONFIG["server"]["runOnSave"] is False
    assert CONFIG["runner"]["magicEnabled"] is False
