"""`sandbox profiles`: JSON Lines out, exit code 2 and one clear paragraph on bad options."""

from __future__ import annotations

import argparse
from pathlib import Path

import orjson
import pytest

from sandbox import cli
from sandbox.commands import profiles as command
from sandbox.errors import InputError
from sandbox.profiles import ProfileFactory


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_writes_one_compact_profile_per_line(tmp_path: Path) -> None:
    out = tmp_path / "people.jsonl"
    args = parse(
        "--count",
        "25",
        "--seed",
        "4",
        "--locale",
        "de_DE=2",
        "--locale",
        "en_AU",
        "--output",
        str(out),
    )
    assert command.run(args) == 0
    lines = out.read_bytes().splitlines()
    assert len(lines) == 25
    expected = ProfileFactory(4, {"de_DE": 2.0, "en_AU": 1.0}).profiles(0, 25)
    assert [orjson.loads(line) for line in lines] == expected
    assert lines[0] == orjson.dumps(expected[0])
    assert {p["homeAddress"]["countryCode"] for p in expected} == {"DE", "AU"}


def test_chunk_size_and_stdout_give_the_same_bytes(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    out = tmp_path / "a.jsonl"
    command.run(parse("--count", "30", "--seed", "9", "--output", str(out)))
    command.run(parse("--count", "30", "--seed", "9", "--chunk-size", "7"))
    assert capsysbinary.readouterr().out == out.read_bytes()


def test_start_and_lookback_move_the_event_window(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    command.run(
        parse(
            "--count",
            "40",
            "--start",
            "2026-06-01T00:00:00Z",
            "--lookback-days",
            "3",
            "--output",
            str(out),
        )
    )
    stamps = [
        e["timestamp"]
        for line in out.read_bytes().splitlines()
        for e in orjson.loads(line)["xEvent"]
    ]
    assert stamps and all(
        "2026-05-29T00:00:00.000Z" <= s < "2026-06-01T00:00:00.000Z" for s in stamps
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("--count", "-1"), "--count: error: must be at least 0, not -1"),
        (("--locale", "xx_XX"), "unknown locale 'xx_XX'; allowed: de_DE, en_AU, en_GB, en_US"),
        (("--locale", "de_DE=lots"), "weight 'lots' of 'de_DE' is not a number"),
        (("--start", "yesterday"), "--start: error: 'yesterday' is not an ISO 8601 time"),
        (("--lookback-days", "-2"), "--lookback-days: error: must be at least 0"),
    ],
)
def test_bad_options_are_input_errors(argv: tuple[str, ...], message: str) -> None:
    with pytest.raises(InputError) as caught:
        command.run(parse(*argv))
    assert message in caught.value.report()
    assert "Traceback" not in caught.value.report()


def test_an_unwritable_output_names_the_file(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.jsonl"
    with pytest.raises(InputError, match=f"{target}: error: cannot write the output"):
        command.run(parse("--count", "1", "--output", str(target)))


def test_the_sandbox_command_exits_2_on_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["profiles", "--count", "-5"]) == 2
    assert "--count" in capsys.readouterr().err
    assert cli.main(["profiles", "--locale", "klingon"]) == 2
    assert "allowed: de_DE" in capsys.readouterr().err
    assert cli.main(["profiles", "--count", "2"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
