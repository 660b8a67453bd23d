"""The seams hold at run time: the core loads without Textual, the sandbox without mock_partner."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

CORE = [
    "sandbox.simulator.live",
    "sandbox.composition.console",
    "sandbox.composition.headless",
    "sandbox.scenario.runner",
    "sandbox.delivery.deliverer",
    "sandbox.edge.app",
    "sandbox.destinations.bundle",
    "sandbox.segments",
    "sandbox.profiles",
    "sandbox.journal.recorder",
    "sandbox.partner.admin",
]


def loaded_after_import(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(result.stdout.split())


@pytest.mark.parametrize("module", CORE)
def test_the_core_never_loads_textual_or_the_partner(module: str) -> None:
    loaded = loaded_after_import(module)
    assert not {m for m in loaded if m == "textual" or m.startswith(("textual.", "sandbox.tui"))}
    assert not {m for m in loaded if m == "mock_partner" or m.startswith("mock_partner.")}


def test_the_mock_partner_never_loads_the_sandbox() -> None:
    loaded = loaded_after_import("mock_partner.app")
    assert not {m for m in loaded if m == "sandbox" or m.startswith("sandbox.")}


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports)], capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1]
    )
    assert result.returncode == 0, result.stdout[-2000:]


def package_cycles(graph: grimp.ImportGraph, package: str) -> list[set[str]]:
    """Strongly connected groups (more than one) among `package`'s child packages, each child
    standing for everything under it."""
    children = {c for c in graph.find_children(package) if graph.find_children(c)}
    owner = {d: c for c in children for d in {c, *graph.find_descendants(c)}}
    edges: dict[str, set[str]] = {c: set() for c in children}
    for module, child in owner.items():
        for imported in graph.find_modules_directly_imported_by(module):
            target = owner.get(imported)
            if target is not None and target != child:
                edges[child].add(target)
    return [group for group in strongly_connected(edges) if len(group) > 1]


def strongly_connected(edges: dict[str, set[str]]) -> list[set[str]]:
    """Kosaraju: the graph's strongly connected components."""
    order: list[str] = []
    seen: set[str] = set()

    def visit(node: str, out: dict[str, set[str]], into: list[str]) -> None:
        stack = [(node, iter(sorted(out[node])))]
        seen.add(node)
        while stack:
            current, pending = stack[-1]
            nxt = next((n for n in pending if n not in seen), None)
            if nxt is None:
                stack.pop()
                into.append(current)
            else:
                seen.add(nxt)
                stack.append((nxt, iter(sorted(out[nxt]))))

    for node in sorted(edges):
        if node not in seen:
            visit(node, edges, order)
    reverse: dict[str, set[str]] = {n: set() for n in edges}
    for source, targets in edges.items():
        for target in targets:
            reverse[target].add(source)
    seen.clear()
    groups = []
    for node in reversed(order):
        if node not in seen:
            members: list[str] = []
            visit(node, reverse, members)
            groups.append(set(members))
    return groups


def test_no_package_level_import_cycles() -> None:
    graph = grimp.build_graph("sandbox", exclude_type_checking_imports=True)
    packages = [m for m in sorted(graph.modules) if graph.find_children(m)]
    assert "sandbox.simulator" in packages and "sandbox.scenario" in packages
    cycles = {package: package_cycles(graph, package) for package in packages}
    assert {p: c for p, c in cycles.items() if c} == {}


def test_the_cycle_finder_finds_a_cycle() -> None:
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert [g for g in strongly_connected(edges) if len(g) > 1] == [{"a", "b", "c"}]
    assert all(len(g) == 1 for g in strongly_connected({"a": {"b"}, "b": set()}))


STRING_ENUM_IN_A_COMMENT = re.compile(r':\s*(str|tuple\[str, \.\.\.\])\s*#\s*"')
ENUM_COMMENTS_ALLOWED = {
    # `Audience.mode` is computed by segments.definition as a plain string from the evaluation info
    "sandbox/simulator/api.py",
}


def test_string_enums_are_literal_types() -> None:
    root = Path(__file__).resolve().parents[1]
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in sorted((root / "sandbox").rglob("*.py"))
        if str(path.relative_to(root)) not in ENUM_COMMENTS_ALLOWED
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if STRING_ENUM_IN_A_COMMENT.search(line)
    ]
    assert found == []
