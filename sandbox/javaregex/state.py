"""The translator's state while it walks a Java pattern, and what every part of it uses."""

from __future__ import annotations

from dataclasses import dataclass, field

from sandbox.javaregex.errors import JavaRegexError

TERMINATORS = "\\n\\r\\x85\\u2028\\u2029"


@dataclass
class State:
    pattern: str
    out: list[str] = field(default_factory=list)
    flags: frozenset[str] = frozenset()
    saved: list[frozenset[str]] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # per open group: "behind", "ahead", ""
    names: set[str] = field(default_factory=set)
    after_quantifier: bool = False  # a `+`/`?` now makes that quantifier possessive/lazy
    atoms: list[list[bool]] = field(default_factory=lambda: [[]])  # per level: simple or not
    groups: int = 0
    index: int = 0
    base_ignore_case: bool = False  # `(?i)` opens the pattern: compiled IGNORECASE throughout
    unbounded_count: int = 0
    risky: bool = False  # could backtrack badly: a quantified group, two unbounded, a backref
    regex_only: bool = False  # uses nested sets or `&&`, which `re` would read differently


def emit(state: State, atom: str, ascii_only: bool = True, simple: bool = True) -> None:
    """An atom, case-insensitive if `i` is in effect; `simple` when it matches one character."""
    state.atoms[-1].append(simple)
    folds = "i" in state.flags and (ascii_only or "u" in state.flags or "U" in state.flags)
    if state.base_ignore_case:
        state.out.append(atom if folds else f"(?-i:{atom})")
    else:
        state.out.append(f"(?i:{atom})" if folds else atom)


def dollar(unix: bool, multiline: bool) -> str:
    if unix:
        return "(?=\\n|\\Z)" if multiline else "(?=\\n?\\Z)"
    not_inside_crlf = "(?!(?<=\\r)\\n)"
    if multiline:
        return f"(?:(?=[{TERMINATORS}]|\\Z){not_inside_crlf})"
    return f"(?:(?=(?:\\r\\n|[{TERMINATORS}])?\\Z){not_inside_crlf})"


def in_lookbehind(state: State) -> bool:
    for kind in reversed(state.kinds):
        if kind:
            return kind == "behind"
    return False


def last_atom_simple(state: State) -> bool:
    level = state.atoms[-1]
    return bool(level) and level[-1]


def unbounded(state: State, construct: str) -> None:
    """An unbounded repetition inside a look-behind: JDK 17 takes it on a single character and
    refuses it on a group."""
    if in_lookbehind(state) and not last_atom_simple(state):
        bounded_or_refuse(state, construct)


def bounded_or_refuse(state: State, construct: str) -> None:
    """Java needs an obvious maximum length for what a look-behind matches."""
    if in_lookbehind(state):
        raise JavaRegexError(
            f"Look-behind group does not have an obvious maximum length ({construct!r} at "
            f"index {state.index})"
        )
