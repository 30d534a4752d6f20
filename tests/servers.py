"""A real Streamlit server for a test: started on a free loopback port (or a given address and
port), waited for by its health check, stopped by its handle. Used by the browser tests and by
tests/test_serving.py (which serves serve.py on other addresses)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Sized for a busy 2-core machine (two other CPU-bound processes beside the suite).
SERVER_START_TIMEOUT_S = 90


class ServerError(RuntimeError):
    """The Streamlit server did not start; the message holds the end of its output."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_output(log_path: Path) -> str:
    try:
        return log_path.read_text(encoding="utf-8", errors="replace")[-6000:]
    except OSError as exc:
        return f"(server log unreadable: {exc})"


def wait_healthy(proc: subprocess.Popen, base: str, log_path: Path) -> None:
    """Poll /_stcore/health until it answers "ok"; raise ServerError with the output otherwise."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while True:
        if proc.poll() is not None:
            raise ServerError(
                f"streamlit exited with code {proc.returncode} before answering its "
                f"health check. Output:\n{server_output(log_path)}"
            )
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as resp:
                if resp.status == 200 and resp.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        if time.monotonic() > deadline:
            raise ServerError(
                f"streamlit did not answer {base}/_stcore/health with 'ok' within "
                f"{SERVER_START_TIMEOUT_S} s. Output:\n{server_output(log_path)}"
            )
        # Ask again shortly, or at once should the server exit meanwhile (checked above).
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=0.2)


@contextmanager
def streamlit_server(
    script: str,
    log_path: Path,
    cwd: Path = REPO,
    base_path: str = "",
    port: int | None = None,
    address: str = "127.0.0.1",
) -> Iterator[tuple[str, subprocess.Popen]]:
    """`streamlit run script` (relative to ``cwd``) on a free port of ``address`` (or ``port``:
    a server restarted where a page expects it): (URL, process).

    ``base_path``: served under this path (``--server.baseUrlPath``); the URL includes it.
    The process is stopped by its handle on exit, also when the body fails.
    """
    port = port or free_port()
    base = f"http://{address}:{port}" + (f"/{base_path}" if base_path else "")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                address,
                "--browser.gatherUsageStats",
                "false",
                *(["--server.baseUrlPath", base_path] if base_path else []),
            ],
            cwd=cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        try:
            wait_healthy(proc, base, log_path)
            yield base, proc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
