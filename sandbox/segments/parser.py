"""The PQL parser: recursive descent from tokens to the syntax tree, refusing what it cannot read.

Precedence, loosest first: `or`, `and`, `not`/`!`, one comparison or predicate (`=`, `in`,
`like`, `matches`, `occurs`), `+ -`, `* / %`, unary `-`, then suffixes (`.field`, `.method(..)`,
`[filter]`). Keywords `and`, `or`, `not` are also accepted in upper case (`AND OR NOT`), as AEP's
audience validation page writes them. The condition of `exists X from a where <cond>` reaches as
far as it can (like a lambda body): parenthesise the whole quantifier to end it earlier.

Values and conditions share one grammar: a value in boolean position is read by truthiness
(`Truth`), a condition in value position is `true`/`false` (`Predicate`).
"""

from __future__ import annotations

from typing import cast

from sandbox.segments.constructs import ConstructParser
from sandbox.segments.cursor import describe
from sandbox.segments.lexer import IDENT
from sandbox.segments.syntax import (
    And,
    Compare,
    CompareOp,
    Condition,
    Expr,
    Literal,
    Membership,
    Method,
    Not,
    Occurs,
    Or,
)
from sandbox.segments.time_syntax import parse_time_spec

_COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")


class Parser(ConstructParser):
    """Parses one PQL expression; `parse()` returns its condition tree."""

    def parse(self) -> Condition:
        if self.current.kind == "end":
            raise self.error(
                'the expression is empty; write a condition such as loyalty.tier = "gold"'
            )
        self._profile_lambda()
        condition = self.as_condition(self.parse_or())
        if self.current.kind != "end":
            raise self.error(
                f"expected `and`, `or` or the end of the expression, found {describe(self.current)}"
            )
        return condition

    def _profile_lambda(self) -> None:
        """`(Profile) => ...` or `Profile => ...`: the name stands for the profile."""
        if self.at_punct("(") and self.peek().kind == IDENT and self.peek(2).text == ")":
            if self.peek(3).text == "=>":
                self.aliases.add(self.peek().text)
                for _ in range(4):
                    self.advance()
        elif self.current.kind == IDENT and self.peek().text == "=>":
            self.aliases.add(self.advance().text)
            self.advance()

    # -- logic -------------------------------------------------------------------------------

    def parse_or(self) -> Expr:
        start = self.current
        items = [self._and()]
        while self.accept_keyword("or"):
            items.append(self._and())
        if len(items) == 1:
            return items[0]
        return Or(tuple(self.as_condition(item) for item in items), self.pos(start))

    def parse_condition(self) -> Condition:
        return self.as_condition(self.parse_or())

    def _and(self) -> Expr:
        start = self.current
        items = [self._unary()]
        while self.accept_keyword("and"):
            items.append(self._unary())
        if len(items) == 1:
            return items[0]
        return And(tuple(self.as_condition(item) for item in items), self.pos(start))

    def _unary(self) -> Expr:
        start = self.current
        if self.at_keyword("not") or self.at_punct("!"):
            self.advance()
            return Not(self.as_condition(self._unary()), self.pos(start))
        if self.at_word("exists", "forall"):
            return self.quantified()
        return self._comparison()

    def _comparison(self) -> Expr:
        left = self.additive()
        token = self.current
        if self.at_punct(*_COMPARISONS):
            self.advance()
            right = self.as_value(self.additive(), "after " + token.text)
            return Compare(
                cast(CompareOp, token.text), self.as_value(left, ""), right, self.pos(token)
            )
        if self.at_punct("=="):
            raise self.error("`==` is not PQL; equality is written `=`")
        if self.at_word("in", "notIn"):
            self.advance()
            options = self.membership_options(token)
            return Membership(
                self.as_value(left, ""), options, token.text == "notIn", self.pos(token)
            )
        if self.at_word("like", "matches"):
            self.advance()
            text = self.expect_string(f"a pattern after `{token.text}`")
            pattern = Literal(text, self.pos(token))
            return Method(self.as_value(left, ""), token.text, (pattern,), self.pos(token))
        if self.accept_word("occurs"):
            return Occurs(self.as_value(left, ""), parse_time_spec(self), self.pos(token))
        if self.at_punct("=>"):
            raise self.error(
                "a lambda `x => ...` can only open the expression (naming the profile) or be "
                "the argument of an array method such as .filter(x => x.price > 5)"
            )
        return left


def parse_pql(text: str, source: str = "<pql>") -> Condition:
    """The syntax tree of `text`; InputError (line, column, caret) when it cannot be read."""
    return Parser(text, source).parse()
