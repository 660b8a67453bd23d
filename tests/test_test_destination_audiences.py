"""`test-destination --audience-template`: validate and create at the partner, send the test
exports under the partner's IDs, delete afterwards; a broken template exits 2."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from sandbox.cli import main
from tests.test_mock_partner_server import start_partner, stop_partner

pytestmark = pytest.mark.timeout(60)
ADSAPI = Path(__file__).resolve().parents[1] / "examples" / "destinations" / "adsapi-audiences"


@pytest.fixture(scope="module")
def partner() -> Iterator[str]:
    process, url = start_partner()
    yield url
    stop_partner(process)


def command(template: Path, endpoint: str) -> list[str]:
    return [
        "test-destination",
        "--destination", str(ADSAPI / "destination.json"),
        "--server", str(ADSAPI / "server.json"),
        "--activation", str(ADSAPI / "activation.json"),
        "--audience-template", str(template),
        "--endpoint", endpoint,
        "--count", "4",
    ]  # fmt: skip


def test_the_test_exports_carry_the_partners_ids_and_nothing_is_left_behind(
    partner: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(command(ADSAPI / "audience-template.json", partner))
    out, err = capsys.readouterr()
    assert code == 1, err  # the partner refused one create
    lines = [line for line in err.splitlines() if line.startswith("audience ")]
    assert lines[0] == "audience validate 'connection': ok"
    created = [line.rsplit("→ ", 1)[1] for line in lines if " create " in line and ": ok" in line]
    assert len(created) == 2
    assert any("create 'Lapsed subscribers" in line and "failed" in line for line in lines)
    assert sum(" delete " in line and ": ok" in line for line in lines) == 2
    response = json.loads(out)
    sent = [
        json.loads(call["request"]["body"]) for r in response["results"] for call in r["httpCalls"]
    ]
    ids = {s["id"] for body in sent for user in body["users"] for s in user["segments"]}
    assert ids and ids <= set(created)
    assert httpx.get(f"{partner}/audiences").json() == {"audiences": []}


def test_a_broken_template_exits_2_before_anything_is_sent(
    partner: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = json.loads((ADSAPI / "audience-template.json").read_text())
    del template["metadataTemplate"]["create"]
    broken = tmp_path / "template.json"
    broken.write_text(json.dumps(template))
    before = len(httpx.get(f"{partner}/_admin/requests").json()["requests"])
    assert main(command(broken, partner)) == 2
    err = capsys.readouterr().err
    assert f"{broken}: metadataTemplate.create: error:" in err and "Traceback" not in err
    assert len(httpx.get(f"{partner}/_admin/requests").json()["requests"]) == before
