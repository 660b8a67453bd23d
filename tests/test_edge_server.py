"""The Edge over real HTTPS on loopback: the certificate, the server, the demo site it serves."""

from __future__ import annotations

import ssl
from pathlib import Path

import httpx
import pytest
from cryptography import x509

from sandbox.clock import VirtualClock
from sandbox.demo.site import DemoSite
from sandbox.edge.app import EdgeApp
from sandbox.edge.interactions import EdgeOptions
from sandbox.edge.memory import MemoryBackend
from sandbox.edge.server import EdgeServer, bind, check_loopback
from sandbox.edge.tls import DEFAULT_NAMES, ensure_certificate
from sandbox.edge.websdk import audiences_by_alias, interact_body, page_view
from sandbox.edge.workspace import default_workspace
from sandbox.errors import InputError
from sandbox.events import EventBus
from tests.test_edge_world import DATASTREAM, RULES, VISITED_TODAY


def test_the_certificate_is_made_once_in_the_data_dir(isolated_data_dir: Path) -> None:
    files = ensure_certificate()
    made = files.certificate.read_bytes()
    again = ensure_certificate()

    assert files.directory == isolated_data_dir / "edge-tls"
    assert again.certificate.read_bytes() == made
    assert files.key.stat().st_mode & 0o777 == 0o600
    leaf = x509.load_pem_x509_certificate(made)
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    dns = names.get_values_for_type(x509.DNSName)
    ips = [str(ip) for ip in names.get_values_for_type(x509.IPAddress)]
    assert set(dns) | set(ips) == set(DEFAULT_NAMES)


def test_the_certificate_is_remade_when_the_names_change(tmp_path: Path) -> None:
    first = ensure_certificate(tmp_path).certificate.read_bytes()
    second = ensure_certificate(tmp_path, ("localhost", "edge.example.test")).certificate
    assert second.read_bytes() != first


def test_a_corrupt_manifest_remakes_the_certificate(tmp_path: Path) -> None:
    files = ensure_certificate(tmp_path)
    (tmp_path / "manifest.json").write_text("{")
    before = files.certificate.read_bytes()
    assert ensure_certificate(tmp_path).certificate.read_bytes() != before


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_hosts_are_accepted(host: str) -> None:
    check_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "10.0.0.1", "192.168.1.2", "example.com", "::"])
def test_other_hosts_are_refused(host: str) -> None:
    with pytest.raises(InputError, match="not a loopback address"):
        check_loopback(host)


def test_a_port_in_use_is_an_input_error() -> None:
    taken = bind("127.0.0.1", 0)
    try:
        with pytest.raises(InputError, match="cannot listen on 127.0.0.1"):
            bind("127.0.0.1", taken.getsockname()[1])
    finally:
        taken.close()


async def test_the_edge_answers_over_https_and_serves_the_demo() -> None:
    bus, clock = EventBus(), VirtualClock()
    workspace = default_workspace()
    backend = MemoryBackend(workspace, RULES, clock, bus)
    app = EdgeApp(backend, EdgeOptions(seed=5), demo=DemoSite(workspace))
    started: list[str] = []
    async with EdgeServer(app, on_started=started.append) as server:
        assert server.tls is not None
        context = ssl.create_default_context(cafile=str(server.tls.ca))
        async with httpx.AsyncClient(base_url=server.url, verify=context) as client:
            answer = await client.post(
                "/ee/v1/interact",
                params={"configId": DATASTREAM},
                content=httpx.Request(
                    "POST", "/", json=interact_body(page_view("https://x/"))
                ).read(),
                headers={"content-type": "text/plain;charset=UTF-8"},
            )
            preflight = await client.options(
                "/ee/v1/interact", headers={"origin": "https://a.test"}
            )
            collect = await client.post(
                "/ee/v1/collect",
                params={"configId": DATASTREAM},
                json=interact_body(page_view("https://x/")),
            )
            page = await client.get("/demo/")
            home = await client.get("/")

    assert started == [server.url] and server.url.startswith("https://127.0.0.1:")
    assert answer.status_code == 200
    assert audiences_by_alias(answer.json())["personalizationAlias"] == [VISITED_TODAY]
    assert (preflight.status_code, preflight.headers["access-control-allow-origin"]) == (
        204,
        "https://a.test",
    )
    assert (collect.status_code, collect.content) == (204, b"")
    assert page.status_code == 200 and "Sandbox Stays" in page.text
    assert (home.status_code, home.headers["location"]) == (302, "/demo/")


async def test_stopping_twice_is_harmless() -> None:
    backend = MemoryBackend(default_workspace(), RULES, VirtualClock(), EventBus())
    server = EdgeServer(EdgeApp(backend))
    await server.start()
    await server.stop()
    await server.stop()
