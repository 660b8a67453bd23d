"""Every `@adobe/alloy` release line from 2.32.0, in real headless Chromium, against the Edge.

`tests/web/package.json` installs one release per line side by side with npm aliases
(`"alloy-2-33": "npm:@adobe/alloy@2.33.1"`); the demo page is served with each one in turn
(`SANDBOX_ALLOY_JS`). Where the release returns `destinations` from `sendEvent` (2.32.x, and 2.34.1
and later: alloy PR #1519, reference §13.5) the test reads aliases and audiences there; where it
does not (2.33.0 to 2.34.0) it reads them from the Edge response's `activation:pull` handle, as a
partner's page can, through alloy's `window.__alloyMonitors` `onNetworkResponse` hook (README).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from sandbox.demo.site import ALLOY_ENV
from sandbox.edge.tls import SITE_HOSTNAME
from tests.test_edge_browser import Edge, browser, by_alias, edge  # noqa: F401 (fixtures)
from tests.test_edge_world import VISITED_TODAY

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

WEB = Path(__file__).resolve().parent / "web"
FIRST_LINE = (2, 32)
EXPECTED = {"personalizationAlias": [VISITED_TODAY], "adServerAlias": [VISITED_TODAY]}
MONITOR = """
window.__sandboxPulls = [];
window.__alloyMonitors = [{
  onNetworkResponse(data) {
    const handles = (data.parsedBody && data.parsedBody.handle) || [];
    window.__sandboxPulls.push(...handles.filter((h) => h.type === "activation:pull"));
  },
}];
"""


def releases() -> dict[str, str]:
    """Alias → version of every aliased alloy release in tests/web/package.json."""
    data = json.loads((WEB / "package.json").read_text(encoding="utf-8"))
    prefix = "npm:@adobe/alloy@"
    return {
        name: spec.removeprefix(prefix)
        for name, spec in data["dependencies"].items()
        if spec.startswith(prefix)
    }


def version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("-")[0].split("."))


def returns_destinations(version: str) -> bool:
    """`sendEvent` results lack `destinations` only in 2.33.0-2.34.0 (reference §13.5)."""
    return not (2, 33, 0) <= version_tuple(version) <= (2, 34, 0)


def release_lines(versions: list[str]) -> dict[tuple[int, ...], str]:
    """The newest stable version of each minor line from 2.32 on."""
    lines: dict[tuple[int, ...], str] = {}
    for version in versions:
        if "-" in version or version_tuple(version)[:2] < FIRST_LINE:
            continue
        line = version_tuple(version)[:2]
        if line not in lines or version_tuple(version) > version_tuple(lines[line]):
            lines[line] = version
    return lines


def test_every_release_line_npm_offers_is_installed() -> None:
    """Compared with `npm view @adobe/alloy versions` when the registry answers."""
    try:
        answer = subprocess.run(
            ["npm", "view", "@adobe/alloy", "versions", "--json"],
            capture_output=True, text=True, timeout=60, check=True,
        )  # fmt: skip
        offered = json.loads(answer.stdout)
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        pytest.skip(f"the npm registry did not answer: {error}")
    wanted = release_lines(offered)
    assert sorted(release_lines(list(releases().values())).values()) == sorted(wanted.values())


def test_release_lines_keep_the_newest_of_each_minor() -> None:
    versions = ["2.31.1", "2.32.0", "2.33.0", "2.33.1", "2.34.0-beta.1", "2.34.1", "2.35.0"]
    assert release_lines(versions) == {
        (2, 32): "2.32.0", (2, 33): "2.33.1", (2, 34): "2.34.1", (2, 35): "2.35.0",
    }  # fmt: skip
    assert [returns_destinations(v) for v in ("2.32.0", "2.33.1", "2.34.0", "2.34.1")] == [
        True, False, False, True,
    ]  # fmt: skip


@pytest.mark.parametrize("alias", sorted(releases()))
async def test_a_release_line_sees_the_audiences(
    alias: str,
    edge: Edge,  # noqa: F811
    browser: Any,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    version = releases()[alias]
    build = WEB / "node_modules" / alias / "dist" / "alloy.min.js"
    if not build.is_file():
        message = f"{alias} (@adobe/alloy {version}) is not installed: run `make browser`"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    installed = json.loads((WEB / "node_modules" / alias / "package.json").read_text())["version"]
    assert installed == version, f"run `make browser`: {alias} is {installed}, not {version}"
    monkeypatch.setenv(ALLOY_ENV, str(build))
    context = await browser.new_context(ignore_https_errors=True)
    await context.add_init_script(MONITOR)
    page = await context.new_page()
    await page.goto(f"https://{SITE_HOSTNAME}/demo/")
    result = await page.evaluate(
        "window.sandboxDemoReady.then((r) => ({has: 'destinations' in r, "
        "destinations: r.destinations || null}))"
    )
    loaded = await page.evaluate(
        "window.alloy('getLibraryInfo').then((i) => i.libraryInfo.version)"
    )
    pulls = await page.evaluate("window.__sandboxPulls")
    await context.close()

    assert loaded == version
    [handled] = edge.handled
    served = [
        h for h in json.loads(handled.response_body)["handle"] if h["type"] == "activation:pull"
    ]
    assert pulls == served and len(served) == 1
    assert by_alias(served[0]["payload"]) == EXPECTED
    if returns_destinations(version):
        assert result["has"] and by_alias(result["destinations"]) == EXPECTED
    else:
        assert not result["has"], f"{version} returned destinations: update §13.5 and README"
