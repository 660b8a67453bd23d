"""`sandbox render --audience-template`: the audience metadata calls AEP would make, rendered and
printed without sending anything (#12 item 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sandbox.cli import main

ADSAPI = Path(__file__).resolve().parents[1] / "examples" / "destinations" / "adsapi-audiences"


def _render(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(
        [
            "render",
            "--destination",
            str(ADSAPI / "destination.json"),
            "--server",
            str(ADSAPI / "server.json"),
            *extra,
        ]
    )
    out, err = capsys.readouterr()
    return code, out, err


def test_every_section_renders_for_every_mapped_audience(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _render(
        capsys,
        "--activation",
        str(ADSAPI / "activation.json"),
        "--audience-template",
        str(ADSAPI / "audience-template.json"),
    )
    assert code == 0, err
    calls = json.loads(out)["audienceCalls"]
    activation = json.loads((ADSAPI / "activation.json").read_text())
    names = [a["name"] for a in activation["audiences"]]
    assert [c["operation"] for c in calls] == ["validate"] + ["create"] * 3 + ["update"] * 3 + [
        "delete"
    ] * 3
    validate, create, update, delete = calls[0], calls[1], calls[4], calls[7]
    assert validate["request"]["method"] == "GET" and "audience" not in validate
    assert validate["request"]["url"] == "http://127.0.0.1:8787/account"
    assert create["request"] == {
        "method": "POST",
        "url": "http://127.0.0.1:8787/audiences",
        "headers": [
            {"header": "Content-Type", "value": "application/json"},
            {"header": "Authorization", "value": "Bearer ***"},
        ],
        "body": {
            "name": names[0],
            "description": "",
            "account": "5520931",
            "source": "ADOBE_EXPERIENCE_PLATFORM",
        },
    }
    assert [c["audience"]["name"] for c in calls[1:4]] == names
    alias = update["request"]["url"].rsplit("/", 1)[1]
    assert alias.startswith("sample-") and delete["request"]["url"].endswith("/" + alias)
    assert update["request"]["method"] == "PUT" and "body" not in delete["request"]
    assert "sandbox-token" not in out and "segment.alias is a sample partner ID" in err


def test_show_secrets_renders_the_real_token(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _render(
        capsys,
        "--activation",
        str(ADSAPI / "activation.json"),
        "--audience-template",
        str(ADSAPI / "audience-template.json"),
        "--show-secrets",
    )
    assert code == 0
    headers = json.loads(out)["audienceCalls"][0]["request"]["headers"]
    assert headers == [{"header": "Authorization", "value": "Bearer sandbox-token"}]


def test_a_mapping_id_in_the_activation_is_the_alias(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    activation = json.loads((ADSAPI / "activation.json").read_text())
    activation["audiences"] = [{**activation["audiences"][0], "mappingId": "aud-77"}]
    path = tmp_path / "activation.json"
    path.write_text(json.dumps(activation))
    code, out, err = _render(
        capsys,
        "--activation",
        str(path),
        "--audience-template",
        str(ADSAPI / "audience-template.json"),
    )
    assert code == 0, err
    urls = [c["request"]["url"] for c in json.loads(out)["audienceCalls"]]
    assert urls[-2:] == ["http://127.0.0.1:8787/audiences/aud-77"] * 2


def test_without_an_activation_one_sample_audience(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _render(capsys, "--audience-template", str(ADSAPI / "audience-template.json"))
    assert code == 0, err
    calls = json.loads(out)["audienceCalls"]
    assert {c["audience"]["name"] for c in calls[1:]} == {"Sample audience"}
    assert "sample audience" in err


def test_a_broken_template_names_its_file_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    template = json.loads((ADSAPI / "audience-template.json").read_text())
    template["metadataTemplate"]["create"]["url"] = "{{ segment.name | nosuchfilter }}"
    path = tmp_path / "audience-template.json"
    path.write_text(json.dumps(template))
    code, out, err = _render(capsys, "--audience-template", str(path))
    assert code == 2 and out == ""
    assert str(path) in err and "metadataTemplate.create.url" in err


def test_profile_options_are_refused_beside_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _render(
        capsys, "--audience-template", str(ADSAPI / "audience-template.json"), "--count", "3"
    )
    assert code == 2 and "--count" in err


def test_the_trial_render_gives_customer_data_a_value_of_its_type(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A template doing arithmetic on an integer customer data field is not refused because the
    trial render had no value for it; an unknown filter still is."""
    destination = json.loads((ADSAPI / "destination.json").read_text())
    destination["customerDataFields"].append({"name": "tier", "type": "integer"})
    config = tmp_path / "destination.json"
    config.write_text(json.dumps(destination))
    template = json.loads((ADSAPI / "audience-template.json").read_text())
    template["metadataTemplate"]["create"]["requestBody"]["json"]["tier"] = (
        "{{ customerData.tier + 1 }}"
    )
    path = tmp_path / "audience-template.json"
    path.write_text(json.dumps(template))
    assert main(["validate", str(config), str(ADSAPI / "server.json"), str(path)]) == 0, (
        capsys.readouterr().err
    )
    capsys.readouterr()
    template["metadataTemplate"]["create"]["requestBody"]["json"]["tier"] = (
        "{{ customerData.tier | nosuchfilter }}"
    )
    path.write_text(json.dumps(template))
    assert main(["validate", str(config), str(ADSAPI / "server.json"), str(path)]) == 2
    assert "metadataTemplate.create.requestBody.json.tier" in capsys.readouterr().err
