"""Parsing PQL's named constructs: quantifiers, `select`, `let`, `sum .. over`, `if`, CHAIN, ..."""

from __future__ import annotations

from typing import cast

from sandbox.segments.cursor import describe
from sandbox.segments.expressions import ExpressionParser
from sandbox.segments.lexer import IDENT, STRING, Token
from sandbox.segments.methods import AGGREGATE_WORDS, CURRENT_FUNCTIONS, refuse_function
from sandbox.segments.syntax import (
    Aggregate,
    ArrayLiteral,
    Binding,
    Chain,
    Current,
    Expr,
    IfValue,
    InSegment,
    Let,
    Quantified,
    Quantifier,
    Select,
    Step,
    Value,
)
from sandbox.segments.time_syntax import parse_date, parse_time_spec


class ConstructParser(ExpressionParser):
    """The constructs a name introduces; `named` dispatches on the name."""

    def named(self, token: Token) -> Expr | None:
        follower = self.peek()
        call = follower.text == "("
        if token.text == "date" and call:
            return parse_date(self, self)
        if token.text.lower() == "chain" and call:
            return self._chain()
        if token.text == "inSegment" and call:
            return self._in_segment()
        if token.text in CURRENT_FUNCTIONS and call:
            self.advance()
            self.advance()
            self.expect_punct(")", f"`{token.text}()` takes no arguments;")
            return Current(token.text, self.pos(token))
        if token.text == "if" and call:
            return self._if()
        if token.text == "select" and follower.kind == IDENT:
            return self._select()
        if token.text == "let" and follower.kind == IDENT and self.peek(2).text == "=":
            return self._let()
        if token.text in AGGREGATE_WORDS and follower.kind == IDENT:
            return self._aggregate()
        if call and token.text not in self.variables:
            raise refuse_function(self, token)
        return None

    # -- quantifiers and selections ----------------------------------------------------------

    def quantified(self) -> Quantified:
        start = self.advance()
        return Quantified(cast(Quantifier, start.text), self._bindings(), self.pos(start))

    def _bindings(self) -> tuple[Binding, ...]:
        depth = len(self.variables)
        bindings = [self._binding()]
        while self.at_punct(",") and self.peek().kind == IDENT and self.peek(2).is_word("from"):
            self.advance()
            bindings.append(self._binding())
        del self.variables[depth:]
        return tuple(bindings)

    def _binding(self) -> Binding:
        name = self.expect_ident("a variable name, as in `exists E from xEvent where ...`")
        self.expect_word("from", f"after the variable `{name.text}`")
        source = self.as_value(self.operand(), "after `from`")
        self.variables.append(name.text)
        condition = None
        if self.accept_word("where") or self.accept_punct(":"):
            condition = self.parse_condition()
        return Binding(name.text, source, condition, self.pos(name))

    def _select(self) -> Select:
        start = self.advance()
        return Select(self._bindings(), self.pos(start))

    def _aggregate(self) -> Aggregate:
        """`sum X.price over X from xEvent where ...` (the variable is declared after its use)."""
        start = self.advance()
        variable = self._over_variable(start)
        self.variables.append(variable)
        value = self.value(f"after `{start.text}`")
        self.variables.pop()
        self.expect_word("over", f"after the value `{start.text}` aggregates")
        bindings = self._bindings()
        if bindings[0].variable != variable:
            raise self.error(
                f"`{start.text} ... over {bindings[0].variable} from ...` must aggregate a path "
                f"of {bindings[0].variable}",
                start,
            )
        return Aggregate(start.text, value, bindings, self.pos(start))

    def _over_variable(self, start: Token) -> str:
        depth, ahead = 0, 0
        while self.peek(ahead).kind != "end":
            token = self.peek(ahead)
            depth += token.text in ("(", "[") and token.kind != STRING
            depth -= token.text in (")", "]") and token.kind != STRING
            if depth == 0 and token.is_word("over") and self.peek(ahead + 1).kind == IDENT:
                return self.peek(ahead + 1).text
            ahead += 1
        raise self.error(
            f"`{start.text}` here starts `{start.text} X.path over X from array where ...`, "
            "and its `over X` is missing",
            start,
        )

    def _let(self) -> Let:
        start = self.advance()
        name = self.advance()
        self.advance()
        value = self.operand()
        self.expect_word("in", f"after the value of `let {name.text} = ...`")
        self.variables.append(name.text)
        body = self.parse_or()
        self.variables.pop()
        return Let(name.text, value, body, self.pos(start))

    def _if(self) -> IfValue:
        start = self.advance()
        self.advance()
        test = self.parse_condition()
        self.expect_punct(",", "after the test of `if(test, a, b)`")
        then = self.value("as the second argument of `if(test, a, b)`")
        self.expect_punct(",", "after the second argument of `if(test, a, b)`")
        other = self.value("as the third argument of `if(test, a, b)`")
        self.expect_punct(")", "to close `if(test, a, b)`")
        return IfValue(test, then, other, self.pos(start))

    # -- sequences and references ------------------------------------------------------------

    def _chain(self) -> Chain:
        start = self.advance()
        self.expect_punct("(", "after CHAIN")
        source = self.value("as the first argument of CHAIN (the events, e.g. xEvent)")
        self.expect_punct(",", "after the events of CHAIN")
        timestamp = [self.expect_ident("the timestamp field of the events, e.g. timestamp").text]
        while self.accept_punct("."):
            timestamp.append(self.expect_ident("a field name").text)
        self.expect_punct(",", "after the timestamp field of CHAIN")
        self.expect_punct("[", "to open the list of CHAIN steps")
        steps = [self._step(0)]
        while self.accept_punct(","):
            steps.append(self._step(len(steps)))
        self.expect_punct("]", "to close the list of CHAIN steps (steps are separated by commas)")
        self.expect_punct(")", "to close CHAIN(...)")
        return Chain(source, tuple(timestamp), tuple(steps), self.pos(start))

    def _step(self, index: int) -> Step:
        start = self.current
        label = f"C{index}"
        if self.current.kind == IDENT and self.peek().text == ":":
            label = self.advance().text
            self.advance()
        if self.at_punct("!") or self.at_keyword("not"):
            raise self.error(
                "negated CHAIN steps cannot be evaluated here; "
                "write not(CHAIN(...)) around a separate sequence instead"
            )
        first = self.current
        parts: dict[str, object] = {}
        while self.at_word_folded("what", "when", "count") and self.peek().text == "(":
            part = self.advance().text.lower()
            if part in parts:
                raise self.error(f"CHAIN step {label} has two {part.upper()}(...) parts")
            self.advance()
            parts[part] = self._step_part(part)
            self.expect_punct(")", f"to close {part.upper()}(...)")
        if "what" not in parts:
            raise self.error(
                f"expected WHAT(...) in CHAIN step {label}, found {describe(first)}", first
            )
        count = parts.get("count", 1)
        assert isinstance(count, int)
        return Step(label, parts["what"], parts.get("when"), self.pos(start), count)  # type: ignore[arg-type]

    def _step_part(self, part: str) -> object:
        if part == "what":
            return self.parse_condition()
        if part == "when":
            return parse_time_spec(self)
        token = self.current
        count = self.expect_integer("how many times the step must happen, e.g. COUNT(3)")
        if count < 1:
            raise self.error("COUNT(n) takes a whole number of at least 1", token)
        return count

    def _in_segment(self) -> InSegment:
        start = self.advance()
        self.expect_punct("(", "after inSegment")
        audience_id = self.expect_string("the audience id")
        self.expect_punct(")", "to close inSegment(...)")
        return InSegment(audience_id, self.pos(start))

    def membership_options(self, token: Token) -> Value:
        """What follows `in` / `notIn`: an array literal or an array-valued expression."""
        if self.at_punct("["):
            return self.array(f"after `{token.text}`")
        if self.current.kind == IDENT and not self.current.is_word("true", "false"):
            return self.value(f"after `{token.text}`")
        raise self.error(
            f'expected an array (an array such as ["a", "b"], or a path to one) after '
            f"`{token.text}`, found {describe(self.current)}"
        )


__all__ = ["ArrayLiteral", "ConstructParser"]
