"""A bad-input corpus through the real CLI: every case exits with its documented code, names the
file (and where), prints no traceback, ends within 30 s and stays under 1 GiB."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "destinations" / "adnet-bearer"
QUICKSTART = (ROOT / "scenarios" / "quickstart.yaml").read_text()
GIB = 1 << 30


@dataclass(frozen=True)
class Case:
    name: str
    write: Callable[[Path], list[str]]
    """Writes the bad input under the directory given; returns the command's arguments."""
    named: str
    """Text the error must contain (the file, and where when there is a where)."""
    code: int = 2


def scenario(text: str, raw: bytes | None = None) -> Callable[[Path], list[str]]:
    def write(folder: Path) -> list[str]:
        path = folder / "bad.yaml"
        if raw is not None:
            path.write_bytes(raw)
        else:
            path.write_text(text.replace("../examples", str(ROOT / "examples")))
        return ["run", str(path)]

    return write


def config(name: str, data: bytes) -> Callable[[Path], list[str]]:
    def write(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(data)
        return ["validate", str(path), str(EXAMPLE / "server.json")]

    return write


def profiles(data: bytes) -> Callable[[Path], list[str]]:
    def write(folder: Path) -> list[str]:
        path = folder / "people.jsonl"
        path.write_bytes(data)
        return ["evaluate", "--pql", 'person.name.firstName.equals("Ann")', "--profiles", str(path)]

    return write


def journal(junk: bytes, *args: str) -> Callable[[Path], list[str]]:
    def write(folder: Path) -> list[str]:
        runs = folder / "data" / "runs"
        runs.mkdir(parents=True, exist_ok=True)
        (runs / "20260101-000000-junk-0000.sqlite").write_bytes(junk)
        return list(args)

    return write


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)
DEEP_FLOW = "name: deep\nsteps: " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_BLOCK = "name: deep\nsteps:\n" + "".join("  " * i + "- \n" for i in range(1, 200))
DEEP_JSON = b"[" * 100_000 + b"]" * 100_000
DEEP_JSON_SHALLOW_ENOUGH_TO_PARSE = b'{"a": ' * 500 + b"1" + b"}" * 500
BAD_REGEX_HEADER = QUICKSTART.replace('"^Bearer .+"', '"^Bearer (.+"')
BAD_REGEX_BODY = QUICKSTART.replace('"^[0-9a-f]{64}$"', '"[0-9a-f{64}$"')

CASES = [
    Case("yaml alias bomb", scenario(BOMB), "bad.yaml: line"),
    Case(
        "yaml alias bomb in a config",
        config("destination.yaml", BOMB.encode()),
        "destination.yaml: line",
    ),
    Case("yaml nested flow 5000 deep", scenario(DEEP_FLOW), "bad.yaml"),
    Case("yaml nested block 200 deep", scenario(DEEP_BLOCK), "bad.yaml"),
    Case("scenario not utf-8", scenario("", raw=b"name: caf\xe9\n"), "bad.yaml: line 1, column 10"),
    Case(
        "scenario invalid header regex",
        scenario(BAD_REGEX_HEADER),
        "expect.0.partner_received.headers.authorization",
    ),
    Case(
        "scenario invalid body regex",
        scenario(BAD_REGEX_BODY),
        "expect.1.partner_received.body.0.matches",
    ),
    Case("scenario a list", scenario("- 1\n- 2\n"), "bad.yaml"),
    Case("config json 100k deep", config("destination.json", DEEP_JSON), "destination.json"),
    Case(
        "config json 500 deep",
        config("destination.json", DEEP_JSON_SHALLOW_ENOUGH_TO_PARSE),
        "destination.json: $.a.a",
    ),
    Case(
        "config not utf-8",
        config("destination.json", b'{"name": "\xff"}'),
        "destination.json: line 1, column 11",
    ),
    Case(
        "profiles line 100k deep",
        profiles(b'{"a": 1}\n' + DEEP_JSON + b"\n"),
        "people.jsonl: line 2",
    ),
    Case(
        "profiles line 500 deep",
        profiles(b'{"a": 1}\n' + DEEP_JSON_SHALLOW_ENOUGH_TO_PARSE + b"\n"),
        "people.jsonl: line 2",
    ),
    Case("profiles not utf-8", profiles(b'{"a": 1}\n{"b": "\xc3\x28"}\n'), "people.jsonl: line 2"),
    Case(
        "junk journal shown",
        journal(b"not a database" * 100, "runs", "show", "20260101"),
        "junk-0000.sqlite",
    ),
    Case(
        "junk journal exported",
        journal(b"SQLite format 3\x00" + b"\x00" * 200, "runs", "export", "20260101"),
        "junk-0000.sqlite",
    ),
    Case(
        "junk journal listed", journal(b"\x00" * 4096, "runs", "list"), "junk-0000.sqlite", code=0
    ),
    Case(
        "negative speed",
        lambda folder: ["run", str(ROOT / "scenarios" / "quickstart.yaml"), "--speed", "-1"],
        "--speed",
    ),
]


def run_bounded(args: list[str], data_dir: Path) -> tuple[int, str, float, int]:
    """(exit code, stderr, wall seconds, peak RSS bytes) of one real `sandbox` process."""
    env = {**os.environ, "SANDBOX_DATA_DIR": str(data_dir)}
    began = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        _, err = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail(f"`sandbox {' '.join(args)}` still running after 30 s")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (
        process.returncode,
        err.decode(errors="replace"),
        time.monotonic() - began,
        usage.ru_maxrss * 1024,
    )


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_bad_input_is_refused_cleanly(case: Case, tmp_path: Path) -> None:
    args = case.write(tmp_path)
    code, err, seconds, peak = run_bounded(args, tmp_path / "data")
    assert code == case.code, err
    assert "Traceback" not in err and "internal error" not in err, err
    assert case.named in err, err
    assert seconds < 30 and peak < GIB, (seconds, peak)


# -- property: any one value of a bundled scenario replaced by junk loads or is an InputError ----

import yaml  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sandbox.errors import InputError  # noqa: E402
from sandbox.scenario.load import load_scenario  # noqa: E402

LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.sampled_from(["((", "[", "1e999", "-1", "0", "../../etc/passwd"])
)
JUNK = (
    LEAVES
    | st.lists(LEAVES, max_size=3)
    | st.dictionaries(st.text(max_size=8), LEAVES | st.lists(LEAVES, max_size=2), max_size=3)
)


def _paths(value: object, here: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [here]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*here, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*here, index))
    return found


def _replace(value: object, path: tuple[object, ...], new: object) -> object:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {k: _replace(v, rest, new) if k == head else v for k, v in value.items()}
    assert isinstance(value, list)
    return [_replace(v, rest, new) if i == head else v for i, v in enumerate(value)]


BUNDLED = {
    path.stem: yaml.safe_load(path.read_text())
    for path in sorted((ROOT / "scenarios").glob("*.yaml"))
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(BUNDLED)), st.data(), JUNK)
def test_a_scenario_with_any_value_replaced_loads_or_is_refused_cleanly(name, data, junk):
    original = BUNDLED[name]
    path = data.draw(st.sampled_from(_paths(original)))
    mutated = _replace(original, path, junk)
    target = ROOT / "scenarios" / f".hypothesis-{os.getpid()}.yaml"
    try:
        target.write_text(yaml.safe_dump(mutated, allow_unicode=True))
        try:
            load_scenario(target)
        except InputError as error:
            assert str(target) in error.report()
    finally:
        target.unlink(missing_ok=True)


CONFIGS = {
    name: json.loads((EXAMPLE / name).read_text())
    for name in ("destination.json", "server.json", "activation.json")
}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(CONFIGS)), st.data(), JUNK)
def test_a_config_with_any_value_replaced_validates_or_is_refused_cleanly(name, data, junk):
    import tempfile

    from sandbox.commands import validate as validate_command
    from tests.test_destination_commands import run_command

    original = CONFIGS[name]
    path = data.draw(st.sampled_from(_paths(original)))
    mutated = _replace(original, path, junk)
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for kind, content in CONFIGS.items():
            target = Path(folder) / kind
            target.write_text(json.dumps(mutated if kind == name else content))
            files.append(str(target))
        assert run_command(validate_command, files) in (0, 2)


def test_many_customer_data_fields_are_checked_in_linear_time(tmp_path: Path) -> None:
    """#14 item 6: 100,000 fields (one defined twice, at the end) with a catastrophic pattern, and
    an activation giving values to some: every check is linear, so validate finishes and names
    the duplicate, the values the pattern refuses, and an unknown value with a short field list."""
    from sandbox.destinations.pebble import PebbleEngine
    from sandbox.destinations.validation import check_activation, check_destination

    adnet = Path(__file__).resolve().parents[1] / "examples" / "destinations" / "adnet-bearer"
    fields = [{"name": f"f{i}", "type": "string", "pattern": "^(a+)+$"} for i in range(100_000)]
    fields.append({"name": "f99999", "type": "string"})
    data = {**json.loads((adnet / "destination.json").read_text()), "customerDataFields": fields}
    config, problems = check_destination(data, "d.json", PebbleEngine())
    assert [p.location for p in problems if "defined twice" in p.message] == [
        "customerDataFields[99999].name"
    ]
    assert config is None
    fields.pop()
    config, _ = check_destination(data, "d.json", PebbleEngine())
    assert config is not None
    values = {f"f{i}": "a" * 30 + "b" for i in range(0, 100_000, 10_000)} | {"nope": "x"}
    activation = {**json.loads((adnet / "activation.json").read_text()), "customerData": values}
    _, _, found = check_activation(activation, "a.json", config)
    refused = [p for p in found if "does not match the pattern" in p.message]
    assert len(refused) == 10
    [unknown] = [p for p in found if '"nope"' in p.message]
    assert "(100000 in all)" in unknown.message and len(unknown.message) < 400
