"""Parsing PQL values: arithmetic, literals, paths, `^`, `$1`, methods and `[filters]`."""

from __future__ import annotations

from sandbox.segments.arguments import ArgumentParser
from sandbox.segments.cursor import describe
from sandbox.segments.lexer import IDENT, NUMBER, PUNCT, STRING, Token
from sandbox.segments.methods import (
    ELEMENT_METHODS,
    PREDICATES,
    VALUE_METHODS,
    refuse_method,
)
from sandbox.segments.syntax import (
    PROFILE,
    AnyElement,
    Arith,
    ArrayLiteral,
    Call,
    Condition,
    DateLiteral,
    Expr,
    Filtered,
    Literal,
    Member,
    Method,
    Path,
    Predicate,
    Truth,
    Value,
    is_value,
)
from sandbox.segments.time_syntax import parse_date

_KEYWORDS = ("and", "or", "not", "in", "notIn", "like", "occurs", "from", "where", "matches")
_TIME_WORDS = ("now", "today", "yesterday", "tomorrow")


class ExpressionParser(ArgumentParser):
    """Values and their suffixes; constructs (`select`, `CHAIN`, ...) come from a subclass."""

    def __init__(self, text: str, source: str) -> None:
        super().__init__(text, source)
        self.variables: list[str] = []
        self.aliases: set[str] = set()

    # implemented by the subclasses
    def parse_or(self) -> Expr:
        raise NotImplementedError

    def parse_condition(self) -> Condition:
        raise NotImplementedError

    def named(self, token: Token) -> Expr | None:
        """A construct introduced by the name `token` (`select`, `CHAIN(`, `if(`), or None."""
        raise NotImplementedError

    # -- helpers -----------------------------------------------------------------------------

    def at_keyword(self, word: str) -> bool:
        return self.current.kind == IDENT and self.current.text in (word, word.upper())

    def accept_keyword(self, word: str) -> bool:
        if self.at_keyword(word):
            self.advance()
            return True
        return False

    def as_condition(self, expr: Expr) -> Condition:
        if is_value(expr):
            return Truth(expr, expr.pos)
        return expr  # type: ignore[return-value]

    def as_value(self, expr: Expr, context: str) -> Value:
        if is_value(expr):
            return expr
        return Predicate(expr, expr.pos)  # type: ignore[arg-type]

    def value(self, context: str) -> Value:
        return self.as_value(self.additive(), context)

    # -- arithmetic --------------------------------------------------------------------------

    def additive(self) -> Expr:
        left = self._multiplicative()
        while self.at_punct("+", "-"):
            token = self.advance()
            right = self._multiplicative()
            left = Arith(token.text, self._number(left), self._number(right), self.pos(token))
        return left

    def _multiplicative(self) -> Expr:
        left = self._negation()
        while self.at_punct("*", "/", "%"):
            token = self.advance()
            right = self._negation()
            left = Arith(token.text, self._number(left), self._number(right), self.pos(token))
        return left

    def _number(self, expr: Expr) -> Value:
        return self.as_value(expr, "in arithmetic")

    def _negation(self) -> Expr:
        token = self.current
        if self.at_punct("-") and self.peek().kind != NUMBER:
            self.advance()
            operand = self._number(self.operand())
            return Arith("-", Literal(0, self.pos(token)), operand, self.pos(token))
        return self.operand()

    # -- suffixes ----------------------------------------------------------------------------

    def operand(self) -> Expr:
        """A primary followed by `.key`, `.method(...)` and `[filter]` suffixes."""
        expr = self._primary()
        while True:
            if self.at_punct(".") and self.peek().kind == IDENT:
                value = self._suffixable(expr)
                if self.peek(2).text == "(":
                    expr = self._method(value)
                    continue
                expr = self._extend_path(value)
            elif self.at_punct("."):
                raise self.error(
                    f"expected a field or method name after `.`, found {describe(self.peek())}",
                    self.peek(),
                )
            elif self.at_punct("[") and is_value(expr):
                expr = self._filter(expr)
            else:
                return expr

    def _suffixable(self, expr: Expr) -> Value:
        if not is_value(expr):
            raise self.error("a condition has no fields or methods; only a value does")
        return expr

    def _extend_path(self, value: Value) -> Value:
        dot = self.advance()
        key = self.advance()
        if isinstance(value, Path):
            return Path(value.variable, (*value.keys, key.text), value.pos)
        if isinstance(value, Member):
            return Member(value.source, (*value.keys, key.text), value.pos)
        if isinstance(value, Literal | ArrayLiteral | DateLiteral | Arith):
            raise self.error("a field path cannot continue a literal or a number", dot)
        return Member(value, (key.text,), value.pos)

    def _filter(self, source: Value) -> Filtered:
        opening = self.advance()
        condition = self.parse_condition()
        self.expect_punct(
            "]", f"to close the filter opened at line {opening.line}, column {opening.column}"
        )
        return Filtered(source, condition, self.pos(opening))

    def _method(self, receiver: Value) -> Expr:
        self.advance()
        name = self.advance()
        self.advance()
        if name.text in VALUE_METHODS:
            self.expect_punct(")", f"`.{name.text}()` takes no arguments;")
            return Call(receiver, name.text, self.pos(name))
        if name.text == "exists":
            condition = self.parse_condition()
            self.expect_punct(")", "to close `.exists(...)`")
            return AnyElement(receiver, condition, self.pos(name))
        if name.text in ELEMENT_METHODS:
            return self.element_call(receiver, name)
        if name.text not in PREDICATES:
            raise refuse_method(self, name)
        return Method(receiver, name.text, self.arguments(name), self.pos(name))

    # -- literals ----------------------------------------------------------------------------

    def array(self, context: str) -> ArrayLiteral:
        opening = self.current
        self.expect_punct("[", f'(an array such as ["a", "b"]) {context}')
        items: list[Literal | DateLiteral] = []
        while not self.at_punct("]"):
            if items and not self.accept_punct(","):
                raise self.error(
                    f"expected `,` or `]` in the array, found {describe(self.current)}"
                )
            items.append(self._array_item())
        self.advance()
        return ArrayLiteral(tuple(items), self.pos(opening))

    def _array_item(self) -> Literal | DateLiteral:
        if self.at_word("date"):
            item = parse_date(self, self)
            if isinstance(item, DateLiteral):
                return item
            raise self.error("an array literal holds constants; date(...) here takes numbers")
        return self.literal()

    def literal(self) -> Literal:
        token = self.current
        if token.kind in (STRING, NUMBER):
            self.advance()
            return Literal(token.value, self.pos(token))
        if token.is_word("true", "false"):
            self.advance()
            return Literal(token.text == "true", self.pos(token))
        if self.at_punct("-") and self.peek().kind == NUMBER:
            self.advance()
            number = self.advance().value
            assert isinstance(number, int | float)
            return Literal(-number, self.pos(token))
        raise self.error(
            f"expected a literal (a string, number, true or false), found {describe(token)}"
        )

    def _primary(self) -> Expr:
        token = self.current
        if token.kind in (STRING, NUMBER) or token.is_word("true", "false") or self.at_punct("-"):
            return self.literal()
        if self.at_punct("["):
            return self.array("")
        if self.at_punct("("):
            return self._parenthesised()
        if self.at_punct("^"):
            return self._up()
        if token.kind != IDENT:
            raise self.error(f"expected a value or a condition, found {describe(token)}")
        return self._name(token)

    def _parenthesised(self) -> Expr:
        opening = self.advance()
        inner = self.parse_or()
        self.expect_punct(")", f"to close the `(` at line {opening.line}, column {opening.column}")
        return inner

    def _up(self) -> Path:
        """`^.field`: the element enclosing the current filter's element (`^.^.` goes further)."""
        start = self.current
        depth = 0
        while self.at_punct("^"):
            self.advance()
            depth += 1
            if not self.at_punct("."):
                raise self.error("`^` is followed by `.` and a field, as in ^.storeId")
            self.advance()
        key = self.expect_ident("a field name after `^.`")
        return Path("^" * depth, (key.text,), self.pos(start))

    def _name(self, token: Token) -> Expr:
        construct = self.named(token)
        if construct is not None:
            return construct
        if token.text == "null":
            raise self.error(
                "`null` is not a PQL literal; test for it with `.isNull()` or `.isNotNull()`"
            )
        if token.text in _TIME_WORDS:
            raise self.error(f"`{token.text}` can only follow `occurs` or stand inside WHEN(...)")
        if token.text in _KEYWORDS or token.text in ("AND", "OR", "NOT"):
            raise self.error(f"expected a value or a condition, found the keyword `{token.text}`")
        self.advance()
        if token.text in self.variables:
            return Path(token.text, (), self.pos(token))
        if token.text in self.aliases or token.text == "$1":
            return Path(PROFILE, (), self.pos(token))
        if token.text.startswith("$"):
            raise self.error(
                f"`{token.text}` has no meaning in a segment definition: `$1` is the profile, "
                "the only argument of a PQL audience expression",
                token,
            )
        return Path(None, (token.text,), self.pos(token))


__all__ = ["PUNCT", "ExpressionParser"]
