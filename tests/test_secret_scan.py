"""After each bundled scenario, nothing written or printed holds a secret: the journal (with its
WAL), `runs list/show/export` (jsonl and har), the JSON report, the JUnit file and the run's own
output. Secrets are found two ways, independently of the redaction code: the values the scenario's
files configure, and anything that looks like a credential (`Bearer x`, `Basic x`,
`"access_token": "x"`, `client_secret=x`) whose value is not the mask."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

SCENARIOS = sorted((Path(__file__).resolve().parents[1] / "scenarios").glob("*.yaml"))
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "destinations"
MASK = "***"
LOOKS_SECRET = re.compile(
    r"(?i)(?:\b(?:Bearer|Basic)\s+(?!\*\*\*|realm=|error=)([A-Za-z0-9._~+/=-]{6,}))"
    r"|(?:\"?(?:access_token|refresh_token|client_secret|password|accessToken)\"?\s*[:=]\s*"
    r"\"?(?!\*\*\*)([^\"&\s,}\]]{4,}))"
)


def configured_secrets(scenario: Path) -> set[str]:
    """Secret values named in the scenario file and in the example destinations' activations."""
    data = yaml.safe_load(scenario.read_text())
    found: set[str] = set()

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, str(k))
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif (
            isinstance(value, str)
            and re.search(r"(?i)secret|password|token|key$", key)
            and len(value) >= 4
        ):
            found.add(value)

    walk(data)
    for activation in EXAMPLES.glob("*/activation.json"):
        walk(yaml.safe_load(activation.read_text()))
    return found


def sandbox(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sandbox", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def leaks(text: str, secrets: set[str]) -> list[str]:
    found = [secret for secret in secrets if secret in text]
    found += [m.group(0) for m in LOOKS_SECRET.finditer(text)]
    return found


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_no_secret_is_stored_or_printed_after_a_bundled_scenario(
    scenario: Path, tmp_path: Path, isolated_data_dir: Path
) -> None:
    env = {**os.environ, "SANDBOX_DATA_DIR": str(isolated_data_dir)}
    report, junit = tmp_path / "report.json", tmp_path / "junit.xml"
    outputs = [
        sandbox("run", str(scenario), "--report", str(report), "--junit", str(junit), env=env)
    ]
    assert outputs[0].returncode in (0, 1), outputs[0].stderr
    har = tmp_path / "run.har"
    outputs += [
        sandbox("runs", "list", env=env),
        sandbox("runs", "show", "latest", env=env),
        sandbox("runs", "export", "latest", "--format", "jsonl", env=env),
        sandbox("runs", "export", "latest", "--format", "har", "--output", str(har), env=env),
    ]
    assert all(out.returncode == 0 for out in outputs[1:]), [o.stderr for o in outputs]
    runs = isolated_data_dir / "runs"
    journals = list(runs.glob("*.sqlite*"))
    assert journals
    assert stat.S_IMODE(runs.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in journals)
    written = {path.name: path.read_bytes().decode("latin-1") for path in journals}
    for path in (report, junit, har):
        written[path.name] = path.read_text()
    for index, out in enumerate(outputs):
        written[f"output {index}"] = out.stdout + out.stderr
    secrets = configured_secrets(scenario)
    found = {name: leaks(text, secrets) for name, text in written.items()}
    assert not any(found.values()), found
    if "oauth" in scenario.stem or "quickstart" in scenario.stem:
        assert MASK in written["run.har"] or MASK in "".join(written.values())


EXAMPLE_FOLDERS = sorted(path.parent for path in EXAMPLES.glob("*/activation.json"))


@pytest.mark.parametrize("folder", EXAMPLE_FOLDERS, ids=lambda p: p.name)
def test_no_secret_is_printed_by_validate_or_render(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate` and `render` (and `render --audience-template` where the example has one)
    print no configured secret and nothing that looks like a credential."""
    from sandbox.cli import main

    files = {name: str(folder / f"{name}.json") for name in ("destination", "server", "activation")}
    commands = [
        ["validate", *sorted(str(p) for p in folder.glob("*.json"))],
        ["render", "--destination", files["destination"], "--server", files["server"],
         "--activation", files["activation"], "--count", "2"],
    ]  # fmt: skip
    if (folder / "audience-template.json").exists():
        commands.append(
            [*commands[1][:-2], "--audience-template", str(folder / "audience-template.json")]
        )
    secrets = configured_secrets(folder / "activation.json")  # every example's, in fact
    assert "sandbox-token" in secrets
    for argv in commands:
        assert main(argv) in (0, 1), argv
        out, err = capsys.readouterr()
        assert not leaks(out + err, secrets), (argv, leaks(out + err, secrets))
