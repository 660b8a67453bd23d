"""The PQL lexer: text to tokens that remember their line and column, or a located error."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.errors import InputError, Problem, caret_excerpt

IDENT = "ident"
NUMBER = "number"
STRING = "string"
PUNCT = "punct"
END = "end"

_PUNCTUATION = (
    "!=",
    "<=",
    ">=",
    "=>",
    "==",
    "(",
    ")",
    "[",
    "]",
    ",",
    ".",
    ":",
    "!",
    "=",
    "<",
    ">",
    "^",
)
_ARITHMETIC = "+-*/%"
_DIGITS = "0123456789"
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "/": "/"}


@dataclass(frozen=True)
class Token:
    """One lexeme: its kind, its text as written, its value, and where it starts (1-based)."""

    kind: str
    text: str
    value: str | int | float
    line: int
    column: int

    @property
    def width(self) -> int:
        return max(len(self.text.splitlines()[0]) if self.text else 1, 1)

    def is_word(self, *words: str) -> bool:
        return self.kind == IDENT and self.text in words


def pql_error(
    source: str, text: str, line: int, column: int, message: str, width: int = 1
) -> InputError:
    """An InputError pointing at `line`/`column` of the PQL `text` with a caret under it."""
    excerpt = caret_excerpt(text, line, column, width)
    return InputError(Problem(source, f"line {line}, column {column}", message, excerpt))


class Lexer:
    """Splits PQL text into tokens; `tokens()` ends with one END token."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.index = 0
        self.line = 1
        self.line_start = 0

    def tokens(self) -> list[Token]:
        found: list[Token] = []
        while True:
            self._skip_space()
            if self.index >= len(self.text):
                found.append(Token(END, "", "", self.line, self._column()))
                return found
            found.append(self._next())

    def _column(self, index: int | None = None) -> int:
        return (self.index if index is None else index) - self.line_start + 1

    def _skip_space(self) -> None:
        while self.index < len(self.text) and self.text[self.index].isspace():
            if self.text[self.index] == "\n":
                self.line += 1
                self.line_start = self.index + 1
            self.index += 1

    def _next(self) -> Token:
        char = self.text[self.index]
        if char.isalpha() or char == "_" or char == "$":
            return self._word()
        if char in _DIGITS:
            return self._number()
        if char == '"':
            return self._string()
        for punct in _PUNCTUATION:
            if self.text.startswith(punct, self.index):
                return self._take(PUNCT, len(punct))
        if char in _ARITHMETIC:
            return self._take(PUNCT, 1)
        raise self._error(self._unexpected(char))

    def _unexpected(self, char: str) -> str:
        if char == "'":
            return 'unexpected `\'`: PQL strings are written in double quotes, e.g. "gold"'
        return (
            f'unexpected character {char!r}; PQL is made of paths, literals ("text", 12, true), '
            "operators (= != < <= > >=), and, or, not, parentheses and [arrays]"
        )

    def _take(self, kind: str, length: int, value: str | int | float | None = None) -> Token:
        text = self.text[self.index : self.index + length]
        token = Token(kind, text, text if value is None else value, self.line, self._column())
        self.index += length
        return token

    def _word(self) -> Token:
        end = self.index
        while end < len(self.text) and (self.text[end].isalnum() or self.text[end] in "_$"):
            end += 1
        return self._take(IDENT, end - self.index)

    def _number(self) -> Token:
        end = self.index
        while end < len(self.text) and self.text[end] in _DIGITS:
            end += 1
        is_float = (
            end + 1 < len(self.text) and self.text[end] == "." and self.text[end + 1] in _DIGITS
        )
        if is_float:
            end += 1
            while end < len(self.text) and self.text[end] in _DIGITS:
                end += 1
        if end < len(self.text) and self.text[end] in "eE":
            exponent = end + 1 + (end + 1 < len(self.text) and self.text[end + 1] in "+-")
            if exponent < len(self.text) and self.text[exponent] in _DIGITS:
                is_float, end = True, exponent
                while end < len(self.text) and self.text[end] in _DIGITS:
                    end += 1
        text = self.text[self.index : end]
        return self._take(NUMBER, end - self.index, float(text) if is_float else int(text))

    def _string(self) -> Token:
        chars: list[str] = []
        end = self.index + 1
        while end < len(self.text) and self.text[end] != '"':
            char = self.text[end]
            if char == "\n":
                break
            if char == "\\" and end + 1 < len(self.text):
                follower = self.text[end + 1]
                chars.append(_ESCAPES.get(follower, "\\" + follower))
                end += 2
                continue
            chars.append(char)
            end += 1
        if end >= len(self.text) or self.text[end] != '"':
            raise self._error("this string is not closed: add the closing double quote")
        return self._take(STRING, end + 1 - self.index, "".join(chars))

    def _error(self, message: str) -> InputError:
        return pql_error(self.source, self.text, self.line, self._column(), message)


def tokenize(text: str, source: str = "<pql>") -> list[Token]:
    """The tokens of `text`, ending with an END token; InputError on a character PQL lacks."""
    return Lexer(text, source).tokens()
