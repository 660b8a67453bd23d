"""A Java (`java.util.regex`, JDK 17) pattern rewritten for the `regex` module (VERSION1).

Everything whose meaning differs is spelled out explicitly, so the result does not depend on the
`regex` module's defaults: `.`, `^`, `$`, `\\Z` follow Java's line terminators (`\\n \\r \\r\\n
\\x85 \\u2028 \\u2029`, or `\\n` alone under UNIX_LINES `(?d)`); `\\w \\d \\s` and the POSIX
classes are ASCII unless `(?U)`; `\\b` is JDK 17's (letters and digits of every script);
case-insensitivity is ASCII-only unless `(?u)`/`(?U)`. Inline flags apply from where they
appear to the end of their group, as in Java; `(?x)` comments are removed here. Possessive
quantifiers, atomic groups, `&&` intersections and nested classes keep their Java meaning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sandbox.javaregex.charclass import PropertyInFoldedClass, char_class, literal
from sandbox.javaregex.errors import JavaRegexError
from sandbox.javaregex.escapes import NAME, escape
from sandbox.javaregex.state import TERMINATORS, State, dollar, emit, unbounded

_FLAGS = "idmsuxU"
_FLAG_GROUP = re.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])")
_QUANTIFIER = re.compile(r"\{(\d+)(,(\d*))?\}")
_WHITESPACE = " \t\n\x0b\f\r"


@dataclass(frozen=True)
class Translation:
    pattern: str
    ignore_case: bool  # compile with IGNORECASE (the atoms that must not fold say so)
    risky: bool  # may backtrack badly: always run it with a time limit
    regex_only: bool  # `re` would read it differently (nested sets, `&&`)


def translate(pattern: str) -> Translation:
    """The `regex` V1 form of a Java pattern."""
    state = State(pattern)
    opening = _FLAG_GROUP.match(pattern)
    if opening and opening.group(3) == ")" and "i" in opening.group(1):
        state.base_ignore_case = True
    while state.index < len(pattern):
        _step(state)
    if state.saved:
        raise JavaRegexError("a `(` is never closed")
    risky = state.risky or state.unbounded_count > 1
    return Translation("".join(state.out), state.base_ignore_case, risky, state.regex_only)


def _step(state: State) -> None:
    pattern, i = state.pattern, state.index
    char = pattern[i]
    if "x" in state.flags and _skip_comment(state):
        return
    if char in "|*+?{":
        _quantifier_or_bar(state, char)
        return
    state.after_quantifier = False
    if char == "\\":
        escape(state)
    elif char == "[":
        emit(state, *_char_class(state))
    elif char == "(":
        _open(state)
    elif char == ")":
        _close(state)
    else:
        state.index += 1
        emit(state, _special(state, char) or literal(char), char.isascii())


def _quantifier_or_bar(state: State, char: str) -> None:
    modifier = state.after_quantifier and char in "+?"
    state.after_quantifier = char != "|" and not modifier
    if char == "{":
        _repeat(state)
        return
    if char in "*+" and not modifier:
        unbounded(state, char)
        state.unbounded_count += 1
    if char != "|" and not modifier:
        _note_quantified(state)
    state.out.append(char)
    state.index += 1


def _special(state: State, char: str) -> str | None:
    unix, multiline = "d" in state.flags, "m" in state.flags
    if char == ".":
        if "s" in state.flags:
            return "(?s:.)"
        return "[^\\n]" if unix else f"[^{TERMINATORS}]"
    if char == "^":
        if not multiline:
            return "\\A"
        if unix:
            return "(?:(?:\\A|(?<=\\n))(?!\\Z))"
        return "(?:(?:\\A|(?<=[\\n\\x85\\u2028\\u2029])|(?<=\\r)(?!\\n))(?!\\Z))"
    if char == "$":
        return dollar(unix, multiline)
    return None


def _note_quantified(state: State) -> None:
    """A quantifier right after a group (`(a|aa)+`, `(a+)+`) is where backtracking explodes."""
    if state.out and state.out[-1] == ")":
        state.risky = True


def _skip_comment(state: State) -> bool:
    pattern, i = state.pattern, state.index
    if pattern[i] in _WHITESPACE:
        state.index += 1
        return True
    if pattern[i] == "#":
        end = re.compile(r"[\n\r\x85\u2028\u2029]").search(pattern, i)
        state.index = len(pattern) if end is None else end.end()
        return True
    return False


def _repeat(state: State) -> None:
    found = _QUANTIFIER.match(state.pattern, state.index)
    if found is None:
        raise JavaRegexError(f"a `{{` at index {state.index} is not a repetition {{n,m}}")
    low, high = found.group(1), found.group(3)
    if found.group(2) and not high:
        unbounded(state, found.group(0))
        state.unbounded_count += 1
    _note_quantified(state)
    if high and int(high) < int(low):
        raise JavaRegexError(f"the repetition {found.group(0)} has its maximum below its minimum")
    state.out.append(found.group(0))
    state.index = found.end()


def _open(state: State) -> None:
    pattern, i = state.pattern, state.index
    flag_group = _FLAG_GROUP.match(pattern, i)
    if flag_group:
        if flag_group.group(3) == ":":
            state.saved.append(state.flags)
            state.atoms.append([])
            state.kinds.append("")
            state.out.append("(?:")
        state.flags = _apply_flags(state, flag_group.group(1), flag_group.group(2) or "")
        state.index = flag_group.end()
        return
    state.saved.append(state.flags)
    state.atoms.append([])
    for java, kind in (("(?<=", "behind"), ("(?<!", "behind"), ("(?=", "ahead"), ("(?!", "ahead")):
        if pattern.startswith(java, i):
            state.kinds.append(kind)
            state.out.append(java)
            state.index += len(java)
            return
    state.kinds.append("")
    for java in ("(?:", "(?>"):
        if pattern.startswith(java, i):
            state.out.append(java)
            state.index += 3
            return
    if pattern.startswith("(?<", i):
        name = NAME.match(pattern, i + 3)
        if name is None or not pattern.startswith(">", name.end()):
            raise JavaRegexError(f"a named group at index {i} needs a name like (?<name>...)")
        if name.group(0) in state.names:
            raise JavaRegexError(f"Named capturing group <{name.group(0)}> is already defined")
        state.names.add(name.group(0))
        state.groups += 1
        state.out.append(f"(?P<{name.group(0)}>")
        state.index = name.end() + 1
        return
    if pattern.startswith("(?", i):
        raise JavaRegexError(f"unknown group construct at index {i}")
    state.groups += 1
    state.out.append("(")
    state.index += 1


def _apply_flags(state: State, on: str, off: str) -> frozenset[str]:
    for letter in on + off:
        if letter not in _FLAGS:
            raise JavaRegexError(f"unknown inline flag `{letter}`")
    return (state.flags | set(on)) - set(off)


def _close(state: State) -> None:
    if not state.saved:
        raise JavaRegexError(f"a `)` at index {state.index} closes nothing")
    state.flags = state.saved.pop()
    state.kinds.pop()
    inside = state.atoms.pop()
    state.atoms[-1].append(len(inside) == 1 and inside[0])
    state.out.append(")")
    state.index += 1


def _char_class(state: State) -> tuple[str, bool]:
    """The set, and whether it may fold case (False: its ASCII folding is spelled out)."""
    unicode, comments = "U" in state.flags, "x" in state.flags
    ascii_fold = "i" in state.flags and not ("u" in state.flags or unicode)
    try:
        text, end = char_class(state.pattern, state.index, unicode, comments, ascii_fold)
    except PropertyInFoldedClass:
        text, end = char_class(state.pattern, state.index, unicode, comments)
        ascii_fold = False
    state.index = end
    if text.count("[") > 1 or "&&" in text:
        state.regex_only = True
    return text, not ascii_fold
