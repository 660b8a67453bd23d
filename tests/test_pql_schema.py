"""Schema awareness: a PQL path no profile has is warned about, located, with a did-you-mean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.scenario.load import load_scenario
from sandbox.segments import compile_pql, make_audience
from sandbox.segments.paths import audience_warnings, unknown_paths
from sandbox.segments.schema import profile_paths
from sandbox.simulator.known_paths import generator_paths

PROFILE = {
    "loyalty": {"points": 10, "tier": "gold"},
    "person": {"name": {"firstName": "Ann"}},
    "orders": [{"price": 3, "storeId": "s1"}],
    "xEvent": [
        {
            "eventType": "commerce.purchases",
            "timestamp": "2026-01-01T00:00:00Z",
            "commerce": {"order": {"priceTotal": 5}},
            "productListItems": [{"SKU": "PS"}],
        }
    ],
}
KNOWN = profile_paths([PROFILE], "these profiles")


def written(text: str) -> list[tuple[str, str | None]]:
    return [(u.written, u.suggestion) for u in unknown_paths(compile_pql(text).tree, KNOWN)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("loyalty.pointz > 5000", [("loyalty.pointz", "loyalty.points")]),
        ("loyalty.points > 5000 and loyalty.tier", []),
        ("loyalti.points > 1", [("loyalti", "loyalty")]),
        ("exists E from xEvent where E.commerce.ordr", [("E.commerce.ordr", "E.commerce.order")]),
        ('xEvent[eventTyp = "x"]', [("eventTyp", "eventType")]),
        ('xEvent[productListItems[SKU = "PS"]]', []),
        ('xEvent[productListItems[SKUU = "PS"]]', [("SKUU", "SKU")]),
        (
            "xEvent[productListItems[^.commerce.order.priceTotl > 1]]",
            [("^.commerce.order.priceTotl", "^.commerce.order.priceTotal")],
        ),
        ('CHAIN(xEvent, timestamp, [C0: WHAT(eventTyp = "x")])', [("eventTyp", "eventType")]),
        ("orders.sum(prise) > 3", [("prise", "price")]),
        ("orders.filter(o => o.storId = 1)", [("o.storId", "o.storeId")]),
        ("sum X.commerce.order.priceTotal over X from xEvent > 3", []),
        ("let S = (orders.count()) in (S > 1)", []),
        ('select X from xEvent where X.eventType = "a"', []),
        ("$1.loyalty.pointz = 1", [("loyalty.pointz", "loyalty.points")]),
        ("zzz = 1", [("zzz", None)]),
        ('segmentMembership.ups.someId.status = "realized"', []),
    ],
)
def test_unknown_paths_are_found_in_every_construct(
    text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert written(text) == expected


paths = st.sampled_from(sorted(path for path in KNOWN.paths if not path.startswith("xEvent")))


@settings(max_examples=50)
@given(paths, st.sampled_from(["q", "zz", "X"]))
def test_known_paths_never_warn_and_changed_ones_do(path: str, extra: str) -> None:
    assert written(f"{path} = 1") == []
    (unknown,) = written(f"{path}{extra} = 1")
    assert unknown[0] == f"{path}{extra}"


def test_the_generator_shape_knows_what_it_generates() -> None:
    known = generator_paths()
    for path in ("loyalty.points", "person.name.firstName", "xEvent.eventType", "identityMap"):
        assert path in known
    assert "xEvent.productListItems.SKU" in known
    assert "loyalty.pointz" not in known


def test_a_warning_names_the_file_line_column_and_carets_the_path() -> None:
    audience, _ = make_audience(
        "a", "A", 'loyalty.tier = "gold"\n  and loyalty.pointz > 5', file="--pql #2"
    )
    (warning,) = audience_warnings(audience, KNOWN)
    assert warning.severity == "warning"
    assert (warning.file, warning.location) == ("--pql #2", "line 2, column 7")
    assert "did you mean `loyalty.points`?" in warning.message
    assert warning.excerpt.splitlines() == ["  and loyalty.pointz > 5", "      ^^^^^^^^^^^^^^"]


def test_evaluate_warns_on_stderr_and_exits_0(tmp_path: Path) -> None:
    profiles = tmp_path / "p.jsonl"
    profiles.write_text(json.dumps({"loyalty": {"points": 6000}, "custom": {"x": 1}}) + "\n")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sandbox",
            "evaluate",
            "--profiles",
            str(profiles),
            "--pql",
            "custom.x = 1",
            "--pql",
            "loyalty.pointz > 5000",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "--pql #1" not in done.stderr  # custom.x is in the file's profiles
    assert "--pql #2: line 1, column 1: warning: `loyalty.pointz`" in done.stderr
    assert "did you mean `loyalty.points`?" in done.stderr
    assert json.loads(done.stdout)["audiences"][0]["qualified"] == [0]


def test_validate_warns_about_an_audience_file(tmp_path: Path) -> None:
    file = tmp_path / "a.json"
    definition = {
        "name": "Rich",
        "expression": {"type": "PQL", "format": "pql/text", "value": "loyalty.pointz > 5"},
    }
    file.write_text(json.dumps({"audiences": [definition]}))
    done = subprocess.run(
        [sys.executable, "-m", "sandbox", "validate", str(file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"{file}: audiences[0].expression.value, line 1, column 1: warning:" in done.stderr


def test_scenario_loading_collects_the_warning(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: typo\nseed: 1\npopulation: {count: 5}\n"
        "audiences:\n  - {id: rich, pql: 'loyalty.pointz > 5', mode: batch}\nsteps:\n  - settle: 1m\n"
    )
    (warning,) = load_scenario(path).warnings
    assert warning.file == str(path)
    assert warning.location == "audiences.0.pql, line 1, column 1"
    assert "loyalty.points" in warning.message
