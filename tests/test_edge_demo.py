"""The demo site's route: pages, the page's configuration, and the Web SDK file (or its absence)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from sandbox.demo.creative import page_config
from sandbox.demo.site import ALLOY_ENV, DemoSite
from sandbox.edge.backend import Datastream, PersonalizationDestination
from sandbox.edge.workspace import default_workspace
from tests.test_edge_world import BOOKED_RECENTLY, LOYALTY_GOLD, VIEWED_BEACH, VISITED_TODAY


@pytest.fixture
async def site() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=DemoSite(default_workspace()))
    async with httpx.AsyncClient(
        transport=transport, base_url="https://www.sandbox.test"
    ) as client:
        yield client


async def test_the_home_page_loads_the_base_code_alloy_and_the_app(site: httpx.AsyncClient) -> None:
    page = await site.get("/demo/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "n.__alloyNS" in page.text
    assert '<script src="/demo/alloy.js" async>' in page.text
    assert '<script src="/demo/app.js" defer>' in page.text
    for name in ("app.js", "style.css"):
        assert (await site.get(f"/demo/{name}")).status_code == 200


async def test_the_config_tells_alloy_where_the_edge_is(site: httpx.AsyncClient) -> None:
    config = (await site.get("/demo/config.json")).json()
    assert {k: config[k] for k in ("datastreamId", "orgId", "edgeDomain", "edgeBasePath")} == {
        "datastreamId": "sandbox-datastream",
        "orgId": default_workspace().org_id,
        "edgeDomain": "edge.sandbox.test",
        "edgeBasePath": "ee",
    }
    hero = config["slots"]["personalizationAlias"]
    ad = config["slots"]["adServerAlias"]
    assert hero["slot"] == "hero" and ad["slot"] == "ad"
    assert [r["audienceId"] for r in hero["rules"]] == [LOYALTY_GOLD, VIEWED_BEACH, VISITED_TODAY]
    assert [r["audienceId"] for r in ad["rules"]] == [BOOKED_RECENTLY, VIEWED_BEACH, VISITED_TODAY]
    assert hero["fallback"]["title"] == "Stays for every trip"
    assert config["audiences"][VISITED_TODAY] == {"name": "Visited the site today", "mode": "edge"}


def test_an_unknown_audience_shows_its_own_name() -> None:
    other = PersonalizationDestination("d", "Other", "personalizationAlias", ("mystery",))
    stream = Datastream("sandbox-datastream", default_workspace().org_id, (other,))
    config = page_config(
        default_workspace(), stream, "edge.example.test", "ee", stream.datastream_id
    )
    [rule] = config["slots"]["personalizationAlias"]["rules"]
    assert (rule["audienceId"], rule["title"], rule["text"]) == (
        "mystery",
        "mystery",
        "Picked for you.",
    )


async def test_alloy_is_served_from_the_npm_install_or_the_environment(
    site: httpx.AsyncClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "alloy.min.js"
    copy.write_text("/* alloy */")
    monkeypatch.setenv(ALLOY_ENV, str(copy))
    answer = await site.get("/demo/alloy.js")
    assert (answer.status_code, answer.text) == (200, "/* alloy */")
    assert answer.headers["content-type"] == "text/javascript; charset=utf-8"


async def test_without_alloy_the_page_says_how_to_install_it(
    site: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ALLOY_ENV, "/nonexistent/alloy.min.js")
    monkeypatch.setattr("sandbox.demo.site.ALLOY_IN_REPO", Path("nowhere/alloy.min.js"))
    answer = await site.get("/demo/alloy.js")
    assert answer.status_code == 200
    assert answer.text.startswith("console.error(")
    assert "npm install` in tests/web/" in answer.text


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 302),
        ("GET", "/demo", 302),
        ("GET", "/demo/nothing.js", 404),
        ("GET", "/demo/static/../site.py", 404),
        ("POST", "/demo/", 405),
        ("GET", "/favicon.ico", 200),
    ],
)
async def test_other_requests(site: httpx.AsyncClient, method: str, path: str, status: int) -> None:
    answer = await site.request(method, path)
    assert answer.status_code == status
