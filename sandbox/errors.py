"""The sandbox's exception tree, and how bad input is reported.

    SandboxError
     ├── InputError          bad input from a user: a file, a template, a request, an option (exit 2)
     │    └── carries one Problem or more: file, location (JSON path, line:col), message, allowed
     └── SimulationError     the simulation cannot go on (an impossible step, a server that won't start)

Bad input is never a traceback: the CLI prints `InputError.report()` and exits 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, said so that a user can fix it."""

    file: str
    """The file (or `<option>`, `<request>`, `<template>`) the problem is in."""
    location: str
    """Where in it: a JSON/YAML field path (`aggregation.bestEffortAggregation.maxUsersPerRequest`)
    or `line L, column C`; empty when the problem is the whole file."""
    message: str
    """What is wrong, and what is allowed."""
    excerpt: str = ""
    """The offending text with a caret line under it, when there is one."""
    severity: str = "error"
    """`error` stops the command; `warning` is shown and the command goes on."""

    def render(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        text = f"{where}: {self.severity}: {self.message}"
        if self.excerpt:
            text += "\n" + "\n".join("    " + line for line in self.excerpt.splitlines())
        return text


class SandboxError(Exception):
    """Base of every error the sandbox raises on purpose."""


class InputError(SandboxError):
    """One or more problems with what a user gave us."""

    def __init__(self, problems: Problem | Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = (
            (problems,) if isinstance(problems, Problem) else tuple(problems)
        )
        super().__init__(self.report())

    @classmethod
    def single(cls, file: str, location: str, message: str, excerpt: str = "") -> InputError:
        return cls(Problem(file, location, message, excerpt))

    def report(self) -> str:
        return "\n".join(problem.render() for problem in self.problems)


class SimulationError(SandboxError):
    """The simulation cannot go on; the message says why."""


def caret_excerpt(source: str, line: int, column: int, width: int = 1) -> str:
    """The 1-based `line` of `source` with a caret under 1-based `column`."""
    lines = source.splitlines() or [""]
    text = lines[min(max(line, 1), len(lines)) - 1]
    return f"{text}\n{' ' * max(column - 1, 0)}{'^' * max(width, 1)}"


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


class RunAborted(SandboxError):
    """A run stopped because something failed inside it (a step, a task, a bus subscriber).

    The failure has already been logged and published as `FailureReported`; the CLI exits 3
    naming `where` and `reason`."""

    def __init__(self, where: str, reason: str) -> None:
        self.where = where
        self.reason = reason
        super().__init__(f"{where} failed: {reason}")
