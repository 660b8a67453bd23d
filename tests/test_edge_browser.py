"""The real Web SDK (`@adobe/alloy` 2.32.0 from npm) in real headless Chromium against the Edge.

The demo page is served by the emulator itself; Chromium maps `edge.sandbox.test` and
`www.sandbox.test` to it (`--host-resolver-rules`) and accepts its certificate. Two set-ups are
driven: the page under the edge's apex domain (cookies come back in the `Cookie` header) and
the page on `localhost` (the edge is third-party: cookies travel in `meta.state.entries`).

Locally the test skips, saying what is missing, without Chromium or the npm package; with `CI`
set it fails instead.
"""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from sandbox.clock import VirtualClock
from sandbox.demo.site import DemoSite, alloy_path
from sandbox.edge.app import EdgeApp
from sandbox.edge.backend import IdentityRef
from sandbox.edge.cookies import cookie_name, decode_identity
from sandbox.edge.interactions import EdgeOptions
from sandbox.edge.memory import MemoryBackend
from sandbox.edge.server import EdgeServer
from sandbox.edge.tls import EDGE_HOSTNAME, SITE_HOSTNAME
from sandbox.edge.websdk import payloads
from sandbox.edge.workspace import default_workspace
from sandbox.events import EdgeRequestHandled, EventBus
from tests.test_edge_world import LOYALTY_GOLD, RULES, VIEWED_BEACH, VISITED_TODAY

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

CHROMIUM = Path("/usr/bin/chromium")
ALLOY_VERSION = "2.32.0"
ORG = default_workspace().org_id


def require_browser() -> None:
    """Skip (fail under CI) unless Chromium, playwright and alloy 2.32.0 are all there."""
    missing = []
    if not CHROMIUM.is_file():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    if alloy_path() is None:
        missing.append(f"@adobe/alloy {ALLOY_VERSION} (npm install in tests/web/)")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package (pip install -e '.[dev]')")
    if missing:
        message = "the real Web SDK test needs " + " and ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message + " (CI is set, so this fails instead of skipping)")
        pytest.skip(message)
    version = json.loads((_alloy_package() / "package.json").read_text())["version"]
    assert version == ALLOY_VERSION, f"tests/web has @adobe/alloy {version}, not {ALLOY_VERSION}"


def _alloy_package() -> Path:
    found = alloy_path()
    assert found is not None
    return found.parent.parent


@dataclass
class Edge:
    server: EdgeServer
    backend: MemoryBackend
    handled: list[EdgeRequestHandled]


@pytest.fixture
async def edge() -> AsyncIterator[Edge]:
    require_browser()
    workspace, bus = default_workspace(), EventBus()
    backend = MemoryBackend(workspace, RULES, VirtualClock(), bus)
    handled: list[EdgeRequestHandled] = []
    bus.subscribe_to(EdgeRequestHandled, handled.append)
    app = EdgeApp(backend, EdgeOptions(), demo=DemoSite(workspace))
    async with EdgeServer(app) as server:
        yield Edge(server, backend, handled)


@pytest.fixture
async def browser(edge: Edge) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    target = f"127.0.0.1:{edge.server.port}"
    rules = f"MAP {EDGE_HOSTNAME} {target},MAP {SITE_HOSTNAME} {target}"
    flags = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--host-resolver-rules={rules}",
        "--ignore-certificate-errors",
    ]
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--headless", *flags]
        )
        yield launched
        await launched.close()


async def open_demo(browser: Any, url: str) -> tuple[Any, list[dict[str, Any]]]:
    """Open the demo page; return it and the `destinations` of its first page view."""
    context = await browser.new_context(ignore_https_errors=True)
    page = await context.new_page()
    await page.goto(url)
    first = await page.evaluate("window.sandboxDemoReady.then((result) => result.destinations)")
    return page, first


async def send_again(page: Any) -> list[dict[str, Any]]:
    script = (
        "window.sandboxDemo.send({xdm: window.sandboxDemo.pageView()}).then((r) => r.destinations)"
    )
    result: list[dict[str, Any]] = await page.evaluate(script)
    return result


def by_alias(destinations: list[dict[str, Any]]) -> dict[str, list[str]]:
    return {d["alias"]: [s["id"] for s in d["segments"]] for d in destinations}


async def test_first_party_page_same_page_segmentation_and_the_cookie_header(
    edge: Edge, browser: Any
) -> None:
    page, first = await open_demo(browser, f"https://{SITE_HOSTNAME}/demo/?section=beach")
    hero = await page.get_attribute("#hero", "data-audience")
    second = await send_again(page)
    cookies = {c["name"]: c for c in await page.context.cookies()}

    assert [d["type"] for d in first] == ["profileLookup", "profileLookup"]
    assert by_alias(first) == {
        "personalizationAlias": [VISITED_TODAY],
        "adServerAlias": [VISITED_TODAY],
    }
    assert hero == VISITED_TODAY
    assert by_alias(second)["personalizationAlias"] == [VISITED_TODAY, VIEWED_BEACH]

    one, two = edge.handled
    assert one.profile_id == two.profile_id is not None
    assert (one.path, two.path) == ("/ee/v1/interact", "/ee/or2/v1/interact")
    assert "entries" not in json.loads(two.request_body)["meta"]["state"]
    [ecid] = [p["id"] for p in payloads(json.loads(one.response_body), "identity:result")]
    identity = cookies[cookie_name(ORG, "identity")]
    assert identity["domain"].lstrip(".") == "sandbox.test"
    assert decode_identity(identity["value"]) == ecid
    assert await page.text_content("#hero-title") == "Your beach escape is waiting"
    assert await page.text_content("#hero-why") == "because you are in: Viewed beach rentals"
    listed = await page.text_content("#memberships") or ""
    assert "Viewed beach rentals" in listed and VIEWED_BEACH not in listed


async def test_third_party_edge_gets_the_identity_in_state_entries(
    edge: Edge, browser: Any
) -> None:
    page, first = await open_demo(browser, f"https://localhost:{edge.server.port}/demo/")
    second = await send_again(page)

    assert by_alias(first)["adServerAlias"] == [VISITED_TODAY]
    assert by_alias(second)["adServerAlias"] == [VISITED_TODAY]
    one, two = edge.handled
    entries = {
        e["key"]: e["value"] for e in json.loads(two.request_body)["meta"]["state"]["entries"]
    }
    [ecid] = [p["id"] for p in payloads(json.loads(one.response_body), "identity:result")]
    assert decode_identity(entries[cookie_name(ORG, "identity")]) == ecid
    assert entries[cookie_name(ORG, "cluster")] == "or2"
    assert one.profile_id == two.profile_id is not None
    assert len(edge.backend.profiles) == 1


async def test_signing_in_on_the_page_stitches_the_visitor(edge: Edge, browser: Any) -> None:
    known = edge.backend.create_profile([])
    edge.backend.link(known, [_email("ada@example.com")])
    edge.backend.update(known, {"loyalty": {"tier": "gold"}})
    page, _ = await open_demo(browser, f"https://{SITE_HOSTNAME}/demo/")
    await page.fill("#email", "ada@example.com")
    await page.click("#sign-in button")
    await page.wait_for_function(
        f"document.getElementById('hero').dataset.audience === '{LOYALTY_GOLD}'"
    )

    assert await page.text_content("#hero-title") == "Gold members stay first"
    assert list(edge.backend.profiles) == [known]
    assert edge.handled[-1].profile_id == known


def _email(address: str) -> IdentityRef:
    return IdentityRef("Email", address, True, "authenticated")


def test_the_gate_skips_locally_and_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(f"{__name__}.CHROMIUM", Path("/nonexistent/chromium"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="needs Chromium at /nonexistent/chromium"):
        require_browser()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set, so this fails instead of skipping"):
        require_browser()
