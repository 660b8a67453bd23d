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
from dataclasses import dataclass, field

from sandbox.javaregex import classes
from sandbox.javaregex.charclass import char_class, literal, single_char_escape
from sandbox.javaregex.errors import JavaRegexError

_FLAGS = "idmsuxU"
_FLAG_GROUP = re.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])")
_QUANTIFIER = re.compile(r"\{(\d+)(,(\d*))?\}")
_NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9]*")
_TERMINATORS = "\\n\\r\\x85\\u2028\\u2029"
_SIMPLE = {"t": "\\t", "n": "\\n", "r": "\\r", "f": "\\f", "a": "\\x07", "e": "\\x1B"}
_SIMPLE.update({"A": "\\A", "z": "\\Z", "G": "\\G", "X": "\\X"})
_SIMPLE["R"] = "(?>\\r\\n|[\\n\\x0B\\f\\r\\x85\\u2028\\u2029])"
_WHITESPACE = " \t\n\x0b\f\r"


@dataclass
class _State:
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
    unicode_case: bool = False


def translate(pattern: str) -> tuple[str, bool]:
    """The `regex` V1 pattern, and whether case folding must be Unicode (`(?u)` seen)."""
    state = _State(pattern)
    while state.index < len(pattern):
        _step(state)
    if state.saved:
        raise JavaRegexError("a `(` is never closed")
    return "".join(state.out), state.unicode_case


def _emit(state: _State, atom: str, ascii_only: bool = True, simple: bool = True) -> None:
    """An atom, case-insensitive if `i` is in effect; `simple` when it matches one character."""
    state.atoms[-1].append(simple)
    folds = "i" in state.flags and (ascii_only or "u" in state.flags or "U" in state.flags)
    state.out.append(f"(?i:{atom})" if folds else atom)


def _step(state: _State) -> None:
    pattern, i = state.pattern, state.index
    char = pattern[i]
    if "x" in state.flags and _skip_comment(state):
        return
    if char in "|*+?{":
        _quantifier_or_bar(state, char)
        return
    state.after_quantifier = False
    if char == "\\":
        _escape(state)
    elif char == "[":
        _emit(state, _char_class(state))
    elif char == "(":
        _open(state)
    elif char == ")":
        _close(state)
    else:
        state.index += 1
        _emit(state, _special(state, char) or literal(char), char.isascii())


def _quantifier_or_bar(state: _State, char: str) -> None:
    modifier = state.after_quantifier and char in "+?"
    state.after_quantifier = char != "|" and not modifier
    if char == "{":
        _repeat(state)
        return
    if char in "*+" and not modifier:
        _unbounded(state, char)
    state.out.append(char)
    state.index += 1


def _special(state: _State, char: str) -> str | None:
    unix, multiline = "d" in state.flags, "m" in state.flags
    if char == ".":
        if "s" in state.flags:
            return "(?s:.)"
        return "[^\\n]" if unix else f"[^{_TERMINATORS}]"
    if char == "^":
        if not multiline:
            return "\\A"
        if unix:
            return "(?:(?:\\A|(?<=\\n))(?!\\Z))"
        return "(?:(?:\\A|(?<=[\\n\\x85\\u2028\\u2029])|(?<=\\r)(?!\\n))(?!\\Z))"
    if char == "$":
        return _dollar(unix, multiline)
    return None


def _dollar(unix: bool, multiline: bool) -> str:
    if unix:
        return "(?=\\n|\\Z)" if multiline else "(?=\\n?\\Z)"
    not_inside_crlf = "(?!(?<=\\r)\\n)"
    if multiline:
        return f"(?:(?=[{_TERMINATORS}]|\\Z){not_inside_crlf})"
    return f"(?:(?=(?:\\r\\n|[{_TERMINATORS}])?\\Z){not_inside_crlf})"


def _in_lookbehind(state: _State) -> bool:
    for kind in reversed(state.kinds):
        if kind:
            return kind == "behind"
    return False


def _last_atom_simple(state: _State) -> bool:
    level = state.atoms[-1]
    return bool(level) and level[-1]


def _unbounded(state: _State, construct: str) -> None:
    """An unbounded repetition inside a look-behind: JDK 17 takes it on a single character and
    refuses it on a group."""
    if _in_lookbehind(state) and not _last_atom_simple(state):
        _bounded_or_refuse(state, construct)


def _bounded_or_refuse(state: _State, construct: str) -> None:
    """Java needs an obvious maximum length for what a look-behind matches."""
    if _in_lookbehind(state):
        raise JavaRegexError(
            f"Look-behind group does not have an obvious maximum length ({construct!r} at "
            f"index {state.index})"
        )


def _skip_comment(state: _State) -> bool:
    pattern, i = state.pattern, state.index
    if pattern[i] in _WHITESPACE:
        state.index += 1
        return True
    if pattern[i] == "#":
        end = re.compile(r"[\n\r\x85\u2028\u2029]").search(pattern, i)
        state.index = len(pattern) if end is None else end.end()
        return True
    return False


def _repeat(state: _State) -> None:
    found = _QUANTIFIER.match(state.pattern, state.index)
    if found is None:
        raise JavaRegexError(f"a `{{` at index {state.index} is not a repetition {{n,m}}")
    low, high = found.group(1), found.group(3)
    if found.group(2) and not high:
        _unbounded(state, found.group(0))
    if high and int(high) < int(low):
        raise JavaRegexError(f"the repetition {found.group(0)} has its maximum below its minimum")
    state.out.append(found.group(0))
    state.index = found.end()


def _open(state: _State) -> None:
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
        name = _NAME.match(pattern, i + 3)
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


def _apply_flags(state: _State, on: str, off: str) -> frozenset[str]:
    for letter in on + off:
        if letter not in _FLAGS:
            raise JavaRegexError(f"unknown inline flag `{letter}`")
    if "u" in on or "U" in on:
        state.unicode_case = True
    return (state.flags | set(on)) - set(off)


def _close(state: _State) -> None:
    if not state.saved:
        raise JavaRegexError(f"a `)` at index {state.index} closes nothing")
    state.flags = state.saved.pop()
    state.kinds.pop()
    inside = state.atoms.pop()
    state.atoms[-1].append(len(inside) == 1 and inside[0])
    state.out.append(")")
    state.index += 1


def _escape(state: _State) -> None:
    pattern, i = state.pattern, state.index
    if i + 1 >= len(pattern):
        raise JavaRegexError("the pattern ends with a lone backslash")
    letter = pattern[i + 1]
    state.index += 2
    if letter == "Q":
        end = pattern.find("\\E", state.index)
        end = len(pattern) if end < 0 else end
        for char in pattern[state.index : end]:
            _emit(state, literal(char), char.isascii())
        state.index = min(end + 2, len(pattern))
    elif letter.isdigit():
        _emit(state, _number_escape(state, letter), simple=letter == "0")
    elif letter == "k":
        name = _NAME.match(pattern, state.index + 1)
        if (
            not pattern.startswith("<", state.index)
            or name is None
            or not pattern.startswith(">", name.end())
        ):
            raise JavaRegexError("`\\k` needs a group name, e.g. \\k<name>")
        _bounded_or_refuse(state, "\\k")
        _emit(state, f"(?P={name.group(0)})", simple=False)
        state.index = name.end() + 1
    else:
        _emit(state, _atom_escape(state, letter), simple=letter not in "RX")


def _atom_escape(state: _State, letter: str) -> str:
    unicode = "U" in state.flags
    if letter in "wWdDsShHvV":
        return classes.shorthand(letter, unicode)
    if letter == "b":
        return classes.WORD_BOUNDARY
    if letter == "B":
        return classes.NOT_WORD_BOUNDARY
    if letter == "Z":
        return _dollar("d" in state.flags, False)
    if letter in _SIMPLE:
        return _SIMPLE[letter]
    if letter in "pP":
        return classes.property_class(_property_name(state), letter == "P", unicode)
    return _char_escape(state, letter)


def _char_escape(state: _State, letter: str) -> str:
    """A single-character escape (`\\xhh`, `\\uhhhh`, `\\x{h..h}`, `\\cX`, `\\N{..}`, `\\.`)."""
    pattern = state.pattern
    if letter == "N" and pattern.startswith("{", state.index):
        end = _find(pattern, "}", state.index)
        name = pattern[state.index : end + 1]
        state.index = end + 1
        return "\\N" + name
    escaped = single_char_escape(pattern, state.index - 2)
    if escaped is None:
        raise JavaRegexError(f"`\\{letter}` is not an escape Java knows")
    char, state.index = escaped
    return literal(char)


def _number_escape(state: _State, first: str) -> str:
    pattern = state.pattern
    if first == "0":
        escaped = single_char_escape(pattern, state.index - 2)
        assert escaped is not None
        char, state.index = escaped
        return literal(char)
    number = int(first)
    while state.index < len(pattern) and pattern[state.index].isdigit():
        longer = number * 10 + int(pattern[state.index])
        if longer > state.groups:
            break
        number = longer
        state.index += 1
    _bounded_or_refuse(state, f"\\{number}")
    if number > state.groups:
        return "(?!)"
    return f"\\g<{number}>"


def _property_name(state: _State) -> str:
    pattern = state.pattern
    if pattern.startswith("{", state.index):
        end = _find(pattern, "}", state.index)
        name = pattern[state.index + 1 : end]
        state.index = end + 1
        return name
    if state.index < len(pattern):
        state.index += 1
        return pattern[state.index - 1]
    raise JavaRegexError("`\\p` needs a class name, e.g. \\p{Alpha}")


def _find(pattern: str, char: str, start: int) -> int:
    end = pattern.find(char, start)
    if end < 0:
        raise JavaRegexError(f"a `{char}` is missing after index {start}")
    return end


def _char_class(state: _State) -> str:
    unicode, comments = "U" in state.flags, "x" in state.flags
    text, state.index = char_class(state.pattern, state.index, unicode, comments)
    return text
