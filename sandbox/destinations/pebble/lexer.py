"""Pebble's lexer (`LexerImpl` of Pebble 3.x), with newLineTrimming off as Adobe runs it.

Jinja2's lexer cannot be reused: it normalises newlines (`\\r\\n` → `\\n`) in `tokeniter`,
unescapes strings Python-style, and has no `#{}` interpolation, `..`, `contains`, `equals`,
`is not` or Pebble's rule that `-` trims only when followed by whitespace (`{{- x }}` trims,
`{{-x}}` is a unary minus). Text is kept byte for byte.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from sandbox.destinations.pebble.errors import SourceMap, TemplateError
from sandbox.destinations.pebble.javatext import (
    java_is_whitespace,
    java_ltrim,
    java_rtrim,
)

ALLOWED_TAGS = ("filter", "for", "if", "set")


def refused_tag_message(name: str) -> str:
    return (
        f'Tag "{name}" is not supported: Adobe\'s Destination SDK allows only the tags'
        f" {', '.join(ALLOWED_TAGS)}"
    )


class T(Enum):
    """Pebble's `Token.Type`."""

    EOF = "EOF"
    TEXT = "TEXT"
    EXECUTE_START = "EXECUTE_START"
    EXECUTE_END = "EXECUTE_END"
    PRINT_START = "PRINT_START"
    PRINT_END = "PRINT_END"
    NAME = "NAME"
    NUMBER = "NUMBER"
    LONG = "LONG"
    STRING = "STRING"
    OPERATOR = "OPERATOR"
    PUNCTUATION = "PUNCTUATION"
    STRING_INTERPOLATION_START = "STRING_INTERPOLATION_START"
    STRING_INTERPOLATION_END = "STRING_INTERPOLATION_END"


@dataclass
class Token:
    type: T
    value: str | None
    offset: int

    def test(self, kind: T, *values: str) -> bool:
        return self.type is kind and (not values or self.value in values)


UNARY_OPERATORS: tuple[str, ...] = ("not", "+", "-")
BINARY_OPERATORS: tuple[str, ...] = (
    "or",
    "and",
    "is",
    "is not",
    "contains",
    "==",
    "equals",
    "!=",
    ">",
    "<",
)
BINARY_OPERATORS += (">=", "<=", "+", "-", "*", "/", "%", "|", "~", "..")


def _operator_regex() -> re.Pattern[str]:
    symbols = sorted(set(UNARY_OPERATORS + BINARY_OPERATORS), key=len, reverse=True)
    parts = [re.escape(s) + ("(?![a-zA-Z0-9_])" if s[-1].isalpha() else "") for s in symbols]
    return re.compile("|".join(parts))


_OPERATOR = _operator_regex()
_LONG = re.compile(r"[0-9]+L")
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?")
_STRING_PLAIN = re.compile(
    r"\"([^#\"\\]*(?:\\.[^#\"\\]*)*)\"|'([^'\\]*(?:\\.[^'\\]*)*)'", re.DOTALL
)
_STRING_PART = re.compile(r"[^#\"\\]*(?:(?:\\.|#(?!\{))[^#\"\\]*)*", re.DOTALL)
_START = re.compile(r"\{\{|\{%|\{#")
_PRINT_CLOSE = re.compile(r"[ \t\n\x0b\f\r]*-?\}\}")
_EXECUTE_CLOSE = re.compile(r"[ \t\n\x0b\f\r]*-?%\}")
_TRAILING_TRIM = re.compile(r"[ \t\n\x0b\f\r]*-(\}\}|%\}|#\})")
_LEADING_TRIM = re.compile(r"-[ \t\n\x0b\f\r]+")
_INTERPOLATION_CLOSE = re.compile(r"[ \t\n\x0b\f\r]*\}")
_VERBATIM = re.compile(r"[ \t\n\x0b\f\r]*verbatim[ \t\n\x0b\f\r]*-?%\}")
_PUNCTUATION = "()[]{}?:.,|="
_PAIRS = {"(": ")", "[": "]", "{": "}"}


class Lexer:
    """Turns template source into Pebble tokens; every token remembers its source offset."""

    def __init__(self, source: str, name: str) -> None:
        self.source = source
        self.name = name
        self.pos = 0
        self.tokens: list[Token] = []
        self.states = ["DATA"]
        self.brackets: list[tuple[str, int]] = []
        self.trim_next_data = False

    def tokenize(self) -> list[Token]:
        handlers = {
            "DATA": self._data,
            "EXECUTE": self._execute,
            "PRINT": self._print,
            "COMMENT": self._comment,
            "STRING": self._string,
            "STRING_INTERPOLATION": self._interpolation,
        }
        while self.pos < len(self.source):
            handlers[self.states[-1]]()
        self.tokens.append(Token(T.EOF, None, len(self.source)))
        if self.brackets:
            bracket, offset = self.brackets[-1]
            raise self.error(f'Unclosed "{bracket}"', offset)
        return self.tokens

    def error(self, message: str, offset: int) -> TemplateError:
        position = SourceMap(self.source).position(min(offset, max(len(self.source) - 1, 0)))
        return TemplateError(self.name, message, position, "TEMPLATE_SYNTAX_ERROR")

    def _push(self, kind: T, value: str | None, offset: int) -> Token | None:
        if kind is T.TEXT and not value:
            return None
        token = Token(kind, value, offset)
        self.tokens.append(token)
        return token

    def _data(self) -> None:
        match = _START.search(self.source, self.pos)
        start = self.pos
        end = match.start() if match else len(self.source)
        text = self.source[start:end]
        if self.trim_next_data:
            text = java_ltrim(text)
            self.trim_next_data = False
        self.pos = match.end() if match else end
        text_token = self._push(T.TEXT, text, start)
        if match:
            self._leading_trim(text_token)
            self._open(match.group(), match.start())

    def _open(self, delimiter: str, offset: int) -> None:
        if delimiter == "{#":
            self.states.append("COMMENT")
        elif delimiter == "{{":
            self._push(T.PRINT_START, None, offset)
            self.states.append("PRINT")
        elif _VERBATIM.match(self.source, self.pos):
            raise self.error(refused_tag_message("verbatim"), offset)
        else:
            self._push(T.EXECUTE_START, None, offset)
            self.states.append("EXECUTE")

    def _leading_trim(self, text_token: Token | None) -> None:
        match = _LEADING_TRIM.match(self.source, self.pos)
        if match:
            if text_token is not None and text_token.value is not None:
                text_token.value = java_rtrim(text_token.value)
            self.pos = match.end()

    def _execute(self) -> None:
        self._check_trailing_trim()
        match = _EXECUTE_CLOSE.match(self.source, self.pos)
        if not self.brackets and match:
            self._push(T.EXECUTE_END, "%}", self.pos)
            self.pos = match.end()
            self.states.pop()
        else:
            self._expression()

    def _print(self) -> None:
        self._check_trailing_trim()
        match = _PRINT_CLOSE.match(self.source, self.pos)
        if not self.brackets and match:
            self._push(T.PRINT_END, "}}", self.pos)
            self.pos = match.end()
            self.states.pop()
        else:
            self._expression()

    def _check_trailing_trim(self) -> None:
        if _TRAILING_TRIM.match(self.source, self.pos):
            self.trim_next_data = True

    def _comment(self) -> None:
        close = self.source.find("#}", self.pos)
        if close < 0:
            raise self.error("Unclosed comment.", self.pos)
        reversed_comment = self.source[self.pos : close][::-1]
        if _LEADING_TRIM.match(reversed_comment):
            self.trim_next_data = True
        self.pos = close + 2
        self.states.pop()

    def _string(self) -> None:
        if self.source.startswith("#{", self.pos):
            self.brackets.append(("#{", self.pos))
            self._push(T.STRING_INTERPOLATION_START, None, self.pos)
            self.pos += 2
            self.states.append("STRING_INTERPOLATION")
            return
        match = _STRING_PART.match(self.source, self.pos)
        if match and match.end() > self.pos:
            self._push(T.STRING, match.group(), self.pos)
            self.pos = match.end()
            return
        if not self.source.startswith('"', self.pos):
            raise self.error('Unclosed """', self.brackets[-1][1])
        self.brackets.pop()
        self.states.pop()
        self.pos += 1

    def _interpolation(self) -> None:
        match = _INTERPOLATION_CLOSE.match(self.source, self.pos)
        if self.brackets[-1][0] == "#{" and match:
            self.brackets.pop()
            self._push(T.STRING_INTERPOLATION_END, None, self.pos)
            self.pos = match.end()
            self.states.pop()
        else:
            self._expression()

    def _skip_whitespace(self) -> None:
        while self.pos < len(self.source) and java_is_whitespace(self.source[self.pos]):
            self.pos += 1

    def _expression(self) -> None:
        self._skip_whitespace()
        if self.pos >= len(self.source):
            return
        for matcher in (self._operator, self._name, self._number, self._punctuation):
            if matcher():
                return
        if not self._string_start():
            char = self.source[self.pos]
            raise self.error(f"Unexpected character [{char}]", self.pos)

    def _operator(self) -> bool:
        match = _OPERATOR.match(self.source, self.pos)
        if match:
            self._push(T.OPERATOR, match.group(), self.pos)
            self.pos = match.end()
        return match is not None

    def _name(self) -> bool:
        source, start = self.source, self.pos
        if not (source[start].isalpha() or source[start] == "_"):
            return False
        end = start + 1
        while end < len(source) and (
            source[end].isalpha() or source[end].isdecimal() or source[end] == "_"
        ):
            end += 1
        self._push(T.NAME, source[start:end], start)
        self.pos = end
        return True

    def _number(self) -> bool:
        match = _LONG.match(self.source, self.pos)
        if match:
            self._push(T.LONG, match.group()[:-1], self.pos)
        else:
            match = _NUMBER.match(self.source, self.pos)
            if match:
                self._push(T.NUMBER, match.group(), self.pos)
        if match:
            self.pos = match.end()
        return match is not None

    def _punctuation(self) -> bool:
        char = self.source[self.pos]
        if char not in _PUNCTUATION:
            return False
        if char in "([{":
            self.brackets.append((char, self.pos))
        elif char in ")]}":
            if not self.brackets:
                raise self.error(f'Unexpected "{char}"', self.pos)
            expected = _PAIRS.get(self.brackets.pop()[0], "}")
            if expected != char:
                raise self.error(f'Unclosed "{expected}"', self.pos)
        self._push(T.PUNCTUATION, char, self.pos)
        self.pos += 1
        return True

    def _string_start(self) -> bool:
        match = _STRING_PLAIN.match(self.source, self.pos)
        if match:
            quote = self.source[self.pos]
            body = match.group()[1:-1].replace("\\" + quote, quote)
            self._push(T.STRING, body, self.pos)
            self.pos = match.end()
            return True
        if self.source.startswith('"', self.pos):
            self.brackets.append(('"', self.pos))
            self.states.append("STRING")
            self.pos += 1
            return True
        return False


def tokenize(source: str, name: str) -> list[Token]:
    return Lexer(source, name).tokenize()
