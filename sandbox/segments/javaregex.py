"""Java regular expressions (what PQL's `.matches(...)` takes) translated to Python's `re`.

Java differs from Python where it matters here:
- inline flags such as `(?i)` may appear anywhere and apply from there to the end of the
  enclosing group, across later `|` alternatives; Python only allows them at the very start, so
  they become scoped groups `(?i:...)`, reopened after each `|`;
- `\\w \\d \\s \\b` and case-insensitivity are ASCII-only unless `(?u)`/`(?U)` asks for Unicode,
  so the pattern compiles with `re.ASCII` by default;
- `(?<name>..)`, `\\k<name>`, `\\Q..\\E`, `\\z`, `\\Z`, `\\h`, `\\v`, `\\R`, `\\e`, `\\x{..}`
  and POSIX `\\p{Alpha}`-style classes have Python spellings or expansions.
Matching follows PQL's documented example (`"(?i)^John"` means "starts with John"): the
pattern is searched for anywhere in the string, so anchor it to require a whole match.
What has no faithful Python form (class intersections `&&`, nested classes, `\\G`, other `\\p{..}`)
is refused with a message naming it.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

_FLAG_GROUP = re.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?\)")
_POSIX = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7F",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": "!-/:-@\\[-`{-~",
    "Graph": "!-~",
    "Print": " -~",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1F\\x7F",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0B\\f\\r",
}
_SIMPLE_ESCAPES = {
    "z": "\\Z",
    "Z": "(?=\\n?\\Z)",
    "e": "\\x1b",
    "h": "[ \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]",
    "v": "[\\n\\x0B\\f\\r\\x85\\u2028\\u2029]",
    "R": "(?:\\r\\n|[\\n\\x0B\\f\\r\\x85\\u2028\\u2029])",
}
_PYTHON_FLAGS = "imsx"


class JavaRegexError(ValueError):
    """A Java pattern that has no faithful Python translation, or is malformed."""


@dataclass
class _Group:
    flags: list[str] = field(default_factory=list)  # inline flag groups opened at this level


@dataclass
class _Translation:
    pattern: str
    out: list[str] = field(default_factory=list)
    stack: list[_Group] = field(default_factory=lambda: [_Group()])
    unicode: bool = False
    index: int = 0


def translate(pattern: str) -> tuple[str, int]:
    """A Python pattern and `re` flags that match what `pattern` matches in Java."""
    state = _Translation(pattern)
    while state.index < len(pattern):
        _step(state)
    if len(state.stack) != 1:
        raise JavaRegexError("a `(` is never closed")
    state.out.append(_closers(state.stack[0]))
    return "".join(state.out), 0 if state.unicode else re.ASCII


def compile_java(pattern: str) -> re.Pattern[str]:
    """`translate` then `re.compile`; JavaRegexError with the reason when either fails."""
    python, flags = translate(pattern)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return re.compile(python, flags)
        except (re.error, FutureWarning) as error:
            raise JavaRegexError(str(error)) from None


def _step(state: _Translation) -> None:
    pattern, i = state.pattern, state.index
    char = pattern[i]
    if char == "\\":
        _escape(state)
    elif char == "[":
        _char_class(state)
    elif char == "(":
        _open(state)
    elif char == ")":
        _close(state)
    elif char == "|":
        level = state.stack[-1]
        state.out.append(_closers(level) + "|" + "".join(f"(?{f}:" for f in level.flags))
        state.index += 1
    else:
        state.out.append(char)
        state.index += 1


def _open(state: _Translation) -> None:
    pattern, i = state.pattern, state.index
    flag_group = _FLAG_GROUP.match(pattern, i)
    if flag_group:
        flags = _python_flags(state, flag_group.group(1), flag_group.group(2) or "")
        if flags:
            state.stack[-1].flags.append(flags)
            state.out.append(f"(?{flags}:")
        state.index = flag_group.end()
        return
    if pattern.startswith("(?<", i) and not pattern.startswith(("(?<=", "(?<!"), i):
        state.out.append("(?P<")
        state.index += 3
    else:
        scoped = re.match(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?:", pattern[i:])
        if scoped:
            flags = _python_flags(state, scoped.group(1), scoped.group(2) or "")
            state.out.append(f"(?{flags}:" if flags else "(?:")
            state.index += scoped.end()
        else:
            state.out.append("(")
            state.index += 1
    state.stack.append(_Group())


def _close(state: _Translation) -> None:
    if len(state.stack) == 1:
        raise JavaRegexError("a `)` closes nothing")
    level = state.stack.pop()
    state.out.append(_closers(level) + ")")
    state.index += 1


def _closers(level: _Group) -> str:
    """Close the scoped flag groups of a level; under `x` a comment may run to the end of the
    line, so the closer starts a new line (ignored whitespace in verbose mode)."""
    return "".join("\n)" if "x" in flags.split("-")[0] else ")" for flags in reversed(level.flags))


def _python_flags(state: _Translation, on: str, off: str) -> str:
    for letter in on + off:
        if letter not in "imsxuUd":
            raise JavaRegexError(f"unknown inline flag `{letter}`")
    if "u" in on or "U" in on:
        state.unicode = True
    keep_on = "".join(letter for letter in on if letter in _PYTHON_FLAGS)
    keep_off = "".join(letter for letter in off if letter in _PYTHON_FLAGS)
    return keep_on + (f"-{keep_off}" if keep_off else "")


def _escape(state: _Translation) -> None:
    pattern, i = state.pattern, state.index
    if i + 1 >= len(pattern):
        raise JavaRegexError("the pattern ends with a lone backslash")
    letter = pattern[i + 1]
    state.index += 2
    if letter == "Q":
        end = pattern.find("\\E", state.index)
        end = len(pattern) if end < 0 else end
        state.out.append(re.escape(pattern[state.index : end]))
        state.index = end + 2
    elif letter in _SIMPLE_ESCAPES:
        state.out.append(_SIMPLE_ESCAPES[letter])
    elif letter in "pP":
        state.out.append(_posix(state, letter == "P"))
    elif letter == "k" and pattern.startswith("<", state.index):
        end = _find(pattern, ">", state.index)
        state.out.append(f"(?P={pattern[state.index + 1 : end]})")
        state.index = end + 1
    elif letter == "x" and pattern.startswith("{", state.index):
        end = _find(pattern, "}", state.index)
        state.out.append(re.escape(_code_point(pattern[state.index + 1 : end])))
        state.index = end + 1
    elif letter in "GX":
        raise JavaRegexError(f"`\\{letter}` has no Python equivalent")
    else:
        state.out.append("\\" + letter)


def _code_point(digits: str) -> str:
    try:
        return chr(int(digits, 16))
    except (ValueError, OverflowError):
        raise JavaRegexError(f"`\\x{{{digits}}}` is not a code point") from None


def _posix(state: _Translation, negated: bool) -> str:
    pattern = state.pattern
    if not pattern.startswith("{", state.index):
        raise JavaRegexError("`\\p` needs a class name in braces, e.g. \\p{Alpha}")
    end = _find(pattern, "}", state.index)
    name = pattern[state.index + 1 : end].removeprefix("Is")
    state.index = end + 1
    if name in _POSIX:
        return f"[{'^' if negated else ''}{_POSIX[name]}]"
    if name in ("L", "Alphabetic", "Letter"):
        return "[\\W\\d_]" if negated else "[^\\W\\d_]"
    raise JavaRegexError(
        f"`\\p{{{name}}}` is not supported (POSIX classes such as \\p{{Alpha}} are)"
    )


def _char_class(state: _Translation) -> None:
    pattern = state.pattern
    i = state.index + 1
    out = ["["]
    for opener, text in (("^", "^"), ("]", "\\]")):
        if pattern.startswith(opener, i):
            out.append(text)
            i += 1
    while i < len(pattern) and pattern[i] != "]":
        text, i = _class_item(pattern, i)
        out.append(text)
    if i >= len(pattern):
        raise JavaRegexError("a `[` character class is never closed")
    state.out.append("".join(out) + "]")
    state.index = i + 1


def _class_item(pattern: str, i: int) -> tuple[str, int]:
    """One member of a character class in Python form, and where the next one starts."""
    char = pattern[i]
    if char == "\\" and pattern.startswith("p{", i + 1):
        end = _find(pattern, "}", i)
        return _posix_in_class(pattern[i + 3 : end]), end + 1
    if char == "\\" and i + 1 < len(pattern):
        return pattern[i : i + 2], i + 2
    if char == "[" or pattern.startswith("&&", i):
        raise JavaRegexError("nested character classes and `&&` intersections are not supported")
    return ("\\" + char if char in "&~|" else char), i + 1


def _find(pattern: str, char: str, start: int) -> int:
    end = pattern.find(char, start)
    if end < 0:
        raise JavaRegexError(f"a `{char}` is missing")
    return end


def _posix_in_class(name: str) -> str:
    ranges = _POSIX.get(name.removeprefix("Is"))
    if ranges is None:
        raise JavaRegexError(f"`\\p{{{name}}}` inside a character class is not supported")
    return ranges
