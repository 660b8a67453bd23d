"""A cursor over PQL tokens with the error helpers the parser shares ("expected X, found Y")."""

from __future__ import annotations

from sandbox.errors import InputError
from sandbox.segments.lexer import END, IDENT, NUMBER, PUNCT, STRING, Token, pql_error, tokenize
from sandbox.segments.syntax import Pos


def describe(token: Token) -> str:
    """How a token is named in an error message."""
    if token.kind == END:
        return "the end of the expression"
    if token.kind == STRING:
        return f"the string {token.text}"
    return f"`{token.text}`"


class TokenCursor:
    """Reads tokens one by one; every error points at a token with a caret."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.tokens = tokenize(text, source)
        self.index = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def peek(self, ahead: int = 1) -> Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != END:
            self.index += 1
        return token

    def pos(self, token: Token | None = None) -> Pos:
        token = token or self.current
        return Pos(token.line, token.column, token.width)

    def at_punct(self, *texts: str) -> bool:
        return self.current.kind == PUNCT and self.current.text in texts

    def at_word(self, *words: str) -> bool:
        return self.current.is_word(*words)

    def at_word_folded(self, *words: str) -> bool:
        """A keyword AEP writes in either case (`CHAIN`/`chain`, `WHAT`/`What`)."""
        return self.current.kind == IDENT and self.current.text.lower() in words

    def accept_punct(self, text: str) -> bool:
        if self.at_punct(text):
            self.advance()
            return True
        return False

    def accept_word(self, word: str) -> bool:
        if self.at_word(word):
            self.advance()
            return True
        return False

    def expect_punct(self, text: str, context: str) -> Token:
        if not self.at_punct(text):
            raise self.error(f"expected `{text}` {context}, found {describe(self.current)}")
        return self.advance()

    def expect_word(self, word: str, context: str) -> Token:
        if not self.at_word(word):
            raise self.error(f"expected `{word}` {context}, found {describe(self.current)}")
        return self.advance()

    def expect_ident(self, what: str) -> Token:
        if self.current.kind != IDENT:
            raise self.error(f"expected {what}, found {describe(self.current)}")
        return self.advance()

    def expect_string(self, what: str) -> str:
        if self.current.kind != STRING:
            raise self.error(
                f"expected {what} (a string in double quotes), found {describe(self.current)}"
            )
        return str(self.advance().value)

    def expect_integer(self, what: str) -> int:
        token = self.current
        if token.kind != NUMBER or not isinstance(token.value, int):
            raise self.error(f"expected {what} (a whole number), found {describe(token)}")
        self.advance()
        return token.value

    def error(self, message: str, token: Token | None = None) -> InputError:
        token = token or self.current
        return pql_error(self.source, self.text, token.line, token.column, message, token.width)
