"""`sandbox evaluate`: which profiles of a JSONL file qualify for which audiences, as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sandbox.clock import DEFAULT_EPOCH, isoformat, parse_time
from sandbox.errors import InputError, Problem, caret_excerpt
from sandbox.input_limits import check_depth, decode_utf8, too_deep
from sandbox.segments import (
    Audience,
    AudienceSet,
    derive_audience_id,
    is_member,
    load_audiences,
    make_audience,
)
from sandbox.segments.calendar_ms import timestamp_ms
from sandbox.segments.paths import audience_path_warnings
from sandbox.segments.schema import profile_paths
from sandbox.simulator.known_paths import generator_paths

NAME = "evaluate"
HELP = (
    "Evaluate audiences over profiles (one JSON object per line) and print "
    '{"audiences": [{"id", "name", "qualified": [0-based line numbers]}]}. Audiences come from '
    '--audiences (AEP segment definitions: one object, a list, {"audiences": [...]} or '
    '{"segments": [...]}, JSON or YAML) and from --pql expressions. All modes are evaluated, '
    "inSegment references first. --now defaults to the latest event timestamp in the profiles "
    "file, so recent-event windows mean what they did when the file was written; with no events "
    "at all it is 2026-01-01T00:00:00Z. A path that neither the generated profiles nor the "
    "profiles file has is warned about on stderr (with a did-you-mean); the exit code stays 0."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--audiences", type=Path, metavar="FILE", help="segment definitions")
    parser.add_argument(
        "--pql",
        action="append",
        default=[],
        metavar="EXPR",
        help="an ad-hoc audience, named by its expression (repeatable)",
    )
    parser.add_argument("--profiles", type=Path, required=True, metavar="FILE.jsonl")
    parser.add_argument("--now", metavar="ISO", help="evaluation time, e.g. 2026-01-02T09:00:00Z")


def run(args: argparse.Namespace) -> int:
    audiences = _audiences(args.audiences, args.pql)
    audience_set = AudienceSet(audiences)
    profiles = read_profiles(args.profiles)
    known = generator_paths().merged(
        profile_paths((profile for _, profile in profiles), ""),
        f"the generated profiles or of the profiles in {args.profiles}",
    )
    _warn(audience_path_warnings(audiences, known))
    now = _now(args.now, profiles)
    print(f"sandbox evaluate: evaluating at {isoformat(now)}", file=sys.stderr)
    qualified: dict[str, list[int]] = {audience.id: [] for audience in audiences}
    for line_index, profile in profiles:
        audience_set.evaluate(profile, now)
        for audience in audiences:
            if is_member(profile, audience.id):
                qualified[audience.id].append(line_index)
    report = [{"id": a.id, "name": a.name, "qualified": qualified[a.id]} for a in audiences]
    print(json.dumps({"audiences": report}, indent=2))
    return 0


def _audiences(path: Path | None, expressions: list[str]) -> list[Audience]:
    audiences: list[Audience] = []
    if path is not None:
        catalog = load_audiences(path)
        _warn(catalog.warnings)
        audiences.extend(catalog.audiences)
    for index, expression in enumerate(expressions):
        audience, warnings = make_audience(
            derive_audience_id(expression), expression, expression, file=f"--pql #{index + 1}"
        )
        _warn(warnings)
        audiences.append(audience)
    if not audiences:
        raise InputError.single(
            "<command line>", "--audiences", "give --audiences FILE, or at least one --pql EXPR"
        )
    return audiences


def _warn(problems: tuple[Problem, ...] | list[Problem]) -> None:
    for problem in problems:
        print(problem.render(), file=sys.stderr)


def read_profiles(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(0-based line number, profile) for every non-blank line; InputError naming the bad line."""
    try:
        lines = decode_utf8(path.read_bytes(), str(path)).splitlines()
    except OSError as error:
        raise InputError.single(str(path), "", f"cannot read the profiles file: {error}") from None
    profiles: list[tuple[int, dict[str, Any]]] = []
    for index, line in enumerate(lines):
        if line.strip():
            profiles.append((index, _profile(line, index + 1, str(path))))
    return profiles


def _profile(line: str, number: int, file: str) -> dict[str, Any]:
    try:
        profile = json.loads(line)
    except json.JSONDecodeError as error:
        excerpt = caret_excerpt(line, 1, error.colno)
        where = f"line {number}, column {error.colno}"
        raise InputError(Problem(file, where, f"invalid JSON: {error.msg}", excerpt)) from None
    except RecursionError:
        raise too_deep(file, f"line {number}") from None
    check_depth(profile, file, f"line {number}: $")
    if not isinstance(profile, dict):
        raise InputError.single(
            file, f"line {number}", "expected one profile per line, as a JSON object {...}"
        )
    return profile


def _now(option: str | None, profiles: list[tuple[int, dict[str, Any]]]) -> float:
    if option is not None:
        try:
            return parse_time(option)
        except ValueError:
            raise InputError.single(
                "<command line>",
                "--now",
                f"{option!r} is not an ISO 8601 time such as 2026-01-02T09:00:00Z",
            ) from None
    stamps = [_latest_event(profile) for _, profile in profiles]
    latest = max((stamp for stamp in stamps if stamp is not None), default=None)
    return DEFAULT_EPOCH if latest is None else latest / 1000


def _latest_event(profile: dict[str, Any]) -> int | None:
    events = profile.get("xEvent")
    if not isinstance(events, list):
        return None
    stamps = [timestamp_ms(e.get("timestamp")) for e in events if isinstance(e, dict)]
    return max((s for s in stamps if s is not None), default=None)
