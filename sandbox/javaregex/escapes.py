"""Java's backslash escapes outside character classes: predefined classes, assertions, quoting,
back references, properties and single characters."""

from __future__ import annotations

import re

from sandbox.javaregex import classes
from sandbox.javaregex.charclass import literal, single_char_escape
from sandbox.javaregex.errors import JavaRegexError
from sandbox.javaregex.state import State, bounded_or_refuse, dollar, emit

NAME = re.compile(r"[a-zA-Z][a-zA-Z0-9]*")
_SIMPLE = {"t": "\\t", "n": "\\n", "r": "\\r", "f": "\\f", "a": "\\x07", "e": "\\x1B"}
_SIMPLE.update({"A": "\\A", "z": "\\Z", "G": "\\G", "X": "\\X"})
_SIMPLE["R"] = "(?>\\r\\n|[\\n\\x0B\\f\\r\\x85\\u2028\\u2029])"


def escape(state: State) -> None:
    pattern, i = state.pattern, state.index
    if i + 1 >= len(pattern):
        raise JavaRegexError("the pattern ends with a lone backslash")
    letter = pattern[i + 1]
    state.index += 2
    if letter == "Q":
        end = pattern.find("\\E", state.index)
        end = len(pattern) if end < 0 else end
        for char in pattern[state.index : end]:
            emit(state, literal(char), char.isascii())
        state.index = min(end + 2, len(pattern))
    elif letter.isdigit():
        emit(state, _number_escape(state, letter), simple=letter == "0")
    elif letter == "k":
        name = NAME.match(pattern, state.index + 1)
        if (
            not pattern.startswith("<", state.index)
            or name is None
            or not pattern.startswith(">", name.end())
        ):
            raise JavaRegexError("`\\k` needs a group name, e.g. \\k<name>")
        bounded_or_refuse(state, "\\k")
        state.risky = True
        emit(state, f"(?P={name.group(0)})", simple=False)
        state.index = name.end() + 1
    else:
        emit(state, _atom_escape(state, letter), simple=letter not in "RX")


def _atom_escape(state: State, letter: str) -> str:
    unicode = "U" in state.flags
    if letter in "wWdDsShHvV":
        return classes.shorthand(letter, unicode)
    if letter == "b":
        return classes.WORD_BOUNDARY
    if letter == "B":
        return classes.NOT_WORD_BOUNDARY
    if letter == "Z":
        return dollar("d" in state.flags, False)
    if letter in _SIMPLE:
        return _SIMPLE[letter]
    if letter in "pP":
        return classes.property_class(_property_name(state), letter == "P", unicode)
    return _char_escape(state, letter)


def _char_escape(state: State, letter: str) -> str:
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


def _number_escape(state: State, first: str) -> str:
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
    bounded_or_refuse(state, f"\\{number}")
    state.risky = True
    if number > state.groups:
        return "(?!)"
    return f"\\g<{number}>"


def _property_name(state: State) -> str:
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
