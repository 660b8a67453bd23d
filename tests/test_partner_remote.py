"""`sandbox partner`: beyond loopback only with --allow-remote (a warning, an admin token printed
once, the admin API closed without it); SIGTERM stops its child and frees the port."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from mock_partner.remote import is_loopback


def sandbox(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "sandbox", "partner", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(os.environ),
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def read_until(stream, pattern: str, limit: float = 60) -> str:
    os.set_blocking(stream.fileno(), False)
    seen = b""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        seen += stream.read() or b""
        if re.search(pattern.encode(), seen):
            return seen.decode()
        time.sleep(0.02)
    pytest.fail(f"{pattern!r} not seen in {seen!r}")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.2", False),
        ("example.com", False),
    ],
)
def test_what_counts_as_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_host_beyond_loopback_needs_allow_remote() -> None:
    with sandbox("--host", "0.0.0.0", "--port", "0") as process:
        _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert "--host" in err.decode() and "--allow-remote" in err.decode()
    assert "Traceback" not in err.decode()


def test_allow_remote_warns_and_guards_the_admin_api_with_a_printed_token() -> None:
    port = free_port()
    with sandbox(
        "--host",
        "0.0.0.0",
        "--port",
        str(port),
        "--allow-remote",
        "--auth",
        "basic",
        "--password",
        "very-secret-pw",
    ) as process:
        _check_remote(process, port)


def _check_remote(process: subprocess.Popen[bytes], port: int) -> None:
    try:
        err = read_until(process.stderr, r"Bearer [A-Za-z0-9_-]{20,}")
        read_until(process.stdout, "listening on")
        assert "warning" in err and "beyond loopback" in err
        token = re.search(r"Bearer ([A-Za-z0-9_-]{20,})", err).group(1)  # type: ignore[union-attr]
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/_admin/requests").status_code == 401
        wrong = httpx.get(f"{base}/_admin/requests", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        auth = httpx.get(f"{base}/_admin/auth", headers={"Authorization": f"Bearer {token}"})
        assert auth.status_code == 200
        assert auth.json()["password"] == "***" and "very-secret-pw" not in auth.text
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_sigterm_stops_the_child_and_frees_the_port(tmp_path: Path) -> None:
    port = free_port()
    with sandbox("--port", str(port)) as process:
        _check_sigterm(process, port)


def _check_sigterm(process: subprocess.Popen[bytes], port: int) -> None:
    read_until(process.stdout, "listening on")
    children = psutil.Process(process.pid).children(recursive=True)
    assert children
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))  # free again


def test_the_edge_beyond_loopback_needs_allow_remote_and_then_warns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from sandbox.edge.server import bind
    from sandbox.errors import InputError

    with pytest.raises(InputError) as refused:
        bind("0.0.0.0", 0)
    assert "--allow-remote" in refused.value.report()
    from sandbox.edge.server import check_loopback

    check_loopback("0.0.0.0", allow_remote=True)
    assert "beyond loopback" in capsys.readouterr().err
    sock = bind("0.0.0.0", 0, allow_remote=True)
    sock.close()
