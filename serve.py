"""Serve the atlas to a class: ``streamlit run serve.py`` (what ``scripts/run.sh`` does).

The page is ``app.py``, unchanged, on the same server ``streamlit run app.py`` starts
(Streamlit 1.67's ``st.App``: Starlette and uvicorn, the same routes and configuration). This
wrapper closes what Streamlit's configuration cannot (README, "Serving a classroom"):

- ``/_stcore/metrics`` answers 404: it told anyone on the network how many sessions are open
  and how many connected and left.
- An HTTP request whose ``Host`` is not one of ``server.allowedHosts`` gets 400, as Streamlit
  already refuses such a websocket (``.streamlit/config.toml``): a page of another site whose
  name is made to point at this laptop (DNS rebinding) reads nothing.
- The address the teacher binds (``--server.address 192.168.1.23``) is added to those hosts:
  it is the name the class types.
- Each session's first message no longer carries the absolute path of ``app.py`` (it names the
  folder, often the teacher's user name), the Python version, the server's operating system or
  Streamlit's installation id (derived from this computer's network card). Streamlit's own
  version stays: the page reloads itself when it differs, and the page's files show it anyway.

The last is a patch of one private Streamlit method (Streamlit is pinned in requirements.txt).
If an upgrade renames it, the server does not start and says why, and tests/test_serving.py
fails, rather than the details being sent again unnoticed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from streamlit import config
from streamlit.runtime.app_session import AppSession

APP = Path(__file__).resolve().with_name("app.py")
CLOSED_PATHS = ("/_stcore/metrics",)
ANY_ADDRESS = ("", "0.0.0.0", "::")
LOG = logging.getLogger("serve")


def allowed_hosts() -> list[str]:
    return [h.strip().lower().rstrip(".") for h in config.get_option("server.allowedHosts")]


def host_allowed(host: str | None) -> bool:
    """Whether a request's Host header names one of ``server.allowedHosts`` (any port), as
    Streamlit checks a websocket's; every host when that list is empty (Streamlit's default)."""
    allowed = allowed_hosts()
    if not allowed or "*" in allowed:
        return True
    try:
        name = (urlsplit(f"//{host or ''}").hostname or "").rstrip(".")
    except ValueError:
        return False
    return bool(name) and any(
        name == pattern or (pattern.startswith("*.") and name.endswith(pattern[1:]))
        for pattern in allowed
    )


class ClassroomGuard:
    """ASGI middleware: 400 for a Host outside the allowed hosts, 404 for the closed paths."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            if not host_allowed(host):
                response = PlainTextResponse("Unknown host", status_code=400)
                return await response(scope, receive, send)
            if scope["path"].rstrip("/").endswith(CLOSED_PATHS):
                return await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)
        return await self.app(scope, receive, send)


def allow_the_bound_address() -> None:
    """Add ``server.address`` to ``server.allowedHosts`` (when that list is set)."""
    address = (config.get_option("server.address") or "").strip().lower()
    hosts = allowed_hosts()
    if not hosts or "*" in hosts:
        return
    if address in ANY_ADDRESS:
        LOG.warning(
            "server.address %r listens on every network, but only %s may connect: add the "
            "name or address the class opens with --server.allowedHosts",
            address,
            hosts,
        )
    elif address.strip("[]") not in hosts:
        config.set_option("server.allowedHosts", [*hosts, address.strip("[]")])


_new_session_message = getattr(AppSession, "_create_new_session_message", None)
if _new_session_message is None:
    raise SystemExit(
        "serve.py: this Streamlit has no AppSession._create_new_session_message, so the "
        "server's path and versions cannot be kept from visitors; see serve.py"
    )


def _without_server_details(self, *args, **kwargs):
    """Streamlit's first message of a session, without the server's path and details."""
    msg = _new_session_message(self, *args, **kwargs)
    session = msg.new_session
    session.main_script_path = ""
    environment = session.initialize.environment_info
    environment.python_version = ""
    environment.server_os = ""
    environment.has_display = False
    user = session.initialize.user_info
    user.installation_id = user.installation_id_v3 = user.installation_id_v4 = ""
    return msg


AppSession._create_new_session_message = _without_server_details
allow_the_bound_address()
app = st.App(APP, middleware=[Middleware(ClassroomGuard)])
