"""How the atlas is served (.streamlit/config.toml, serve.py): choices made on purpose, kept so.

The last tests start a real server (`streamlit run serve.py`, as scripts/run.sh does) and ask
it what a stranger on the classroom network could.
"""

from __future__ import annotations

import base64
import os
import socket
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from tests.conftest import ROOT
from tests.servers import SERVER_START_TIMEOUT_S, streamlit_server

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


def test_only_this_computers_names_are_allowed_hosts_by_default():
    # A websocket naming another host is refused (DNS rebinding); serve.py adds the address the
    # teacher binds. Streamlit's default, an empty list, accepts any Host header.
    assert CONFIG["server"]["allowedHosts"] == ["localhost", "127.0.0.1", "::1"]


def test_the_run_script_serves_the_app_through_serve_py():
    run = (ROOT / "scripts" / "run.sh").read_text(encoding="utf-8")
    assert "streamlit run serve.py" in run and "streamlit run app.py" not in run


# --------------------------------------------------------------------------- a real server
# `streamlit run serve.py` on a free loopback port, as scripts/run.sh starts it; stopped by its
# handle. Every wait is on a condition (the health check, a message), with a deadline sized for
# a busy 2-core machine.


@contextmanager
def serving(address: str, log: Path) -> Iterator[int]:
    """Start `streamlit run serve.py --server.address address`; yield its port."""
    with streamlit_server("serve.py", log, address=address) as (base, _proc):
        yield int(base.rsplit(":", 1)[1])


def status(address: str, port: int, path: str, host: str = "", websocket: bool = False) -> int:
    """The HTTP status of one request with this Host header (0 if there is no answer)."""
    request = f"GET {path} HTTP/1.1\r\nHost: {host or f'{address}:{port}'}\r\n"
    if websocket:  # the opening handshake of the page's websocket, from a page of that host
        key = base64.b64encode(os.urandom(16)).decode()
        request += (
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            f"Sec-WebSocket-Key: {key}\r\nOrigin: http://{host}\r\n"
        )
    else:
        request += "Connection: close\r\n"
    try:
        with socket.create_connection((address, port), timeout=30) as sock:
            sock.sendall((request + "\r\n").encode())
            line = sock.recv(100).split(b"\r\n")[0].split()
    except OSError:
        return 0
    return int(line[1]) if len(line) > 1 and line[1].isdigit() else 0


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[int]:
    with serving("127.0.0.1", tmp_path_factory.mktemp("serve") / "server.log") as port:
        yield port


def test_a_websocket_naming_another_host_is_refused(server):
    """Before: accepted (a DNS-rebinding shaped websocket opened a session)."""
    assert status("127.0.0.1", server, "/_stcore/stream", f"127.0.0.1:{server}", True) == 101
    assert status("127.0.0.1", server, "/_stcore/stream", f"localhost:{server}", True) == 101
    assert status("127.0.0.1", server, "/_stcore/stream", f"evil.example:{server}", True) == 403


@pytest.mark.parametrize("path", ["/", "/_stcore/health", "/app/static/atlas/areas.geojson"])
def test_a_request_naming_another_host_is_refused(server, path):
    assert status("127.0.0.1", server, path) == 200
    assert status("127.0.0.1", server, path, f"evil.example:{server}") == 400


def test_the_metrics_are_not_served(server):
    """Before: /_stcore/metrics gave anyone the live session count (active_sessions)."""
    assert status("127.0.0.1", server, "/_stcore/metrics") == 404
    assert status("127.0.0.1", server, "/_stcore/metrics/") == 404


def test_a_session_is_not_told_the_servers_path_python_os_or_installation(server):
    """Before: every visitor's websocket carried /…/app.py, 3.11.7.final.0, linux and an id
    derived from this computer's network card."""
    uri = f"ws://127.0.0.1:{server}/_stcore/stream"
    with connect(uri, subprotocols=["streamlit"], open_timeout=60) as ws:
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        ws.send(rerun.SerializeToString())
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            raw = ws.recv(timeout=max(1, deadline - time.monotonic()))
            message = ForwardMsg()
            message.ParseFromString(raw)
            if message.WhichOneof("type") == "new_session":
                break
    session = message.new_session
    assert session.main_script_path == ""
    environment = session.initialize.environment_info
    assert environment.python_version == "" and environment.server_os == ""
    assert environment.streamlit_version  # kept: the page reloads itself when it changes
    user = session.initialize.user_info
    assert user.installation_id == user.installation_id_v3 == user.installation_id_v4 == ""
    for secret in (str(ROOT), "app.py", ".".join(map(str, sys.version_info[:3]))):
        assert secret.encode() not in raw, secret


def test_the_address_the_teacher_binds_is_an_allowed_host(tmp_path):
    """`run.sh --server.address <laptop address>`: the class opens that address."""
    with serving("127.0.0.2", tmp_path / "server.log") as port:
        assert status("127.0.0.2", port, "/_stcore/stream", f"127.0.0.2:{port}", True) == 101
        assert status("127.0.0.2", port, "/", f"127.0.0.2:{port}") == 200
        assert status("127.0.0.2", port, "/_stcore/stream", f"evil.example:{port}", True) == 403
