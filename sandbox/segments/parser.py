"""The PQL parser: recursive descent from tokens to the syntax tree, refusing what the subset lacks.

Precedence, loosest first: `or`, `and`, `not`/`!`, then one comparison or predicate. The condition
of `exists X from a where <cond>` reaches as far as it can (like a lambda body): parenthesise the
whole quantifier to end it earlier.
"""

from __future__ import annotations

from typing import cast

from sandbox.segments.cursor import TokenCursor, describe
from sandbox.segments.lexer import IDENT, NUMBER, PUNCT, STRING, Token
from sandbox.segments.methods import (
    PREDICATES,
    VALUE_METHODS,
    refuse_construct,
    refuse_function,
    refuse_method,
)
from sandbox.segments.syntax import (
    And,
    AnyElement,
    ArrayLiteral,
    Binding,
    Call,
    Chain,
    Compare,
    CompareOp,
    Condition,
    DateLiteral,
    Filtered,
    InSegment,
    Literal,
    Membership,
    Method,
    Not,
    Occurs,
    Or,
    Path,
    Quantified,
    Quantifier,
    Step,
    Truth,
    Value,
)
from sandbox.segments.time_syntax import parse_date, parse_time_spec

VALUE_NODES = (Literal, DateLiteral, ArrayLiteral, Path, Filtered, Call)
_KEYWORDS = (
    "and",
    "or",
    "not",
    "in",
    "notIn",
    "like",
    "occurs",
    "from",
    "where",
    "exists",
    "forall",
)
_TIME_WORDS = ("now", "today", "yesterday", "tomorrow")
_COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")
_ARITHMETIC = ("+", "-", "*", "/", "%")


class Parser(TokenCursor):
    """Parses one PQL expression; `parse()` returns its condition tree."""

    def __init__(self, text: str, source: str) -> None:
        super().__init__(text, source)
        self.variables: list[str] = []

    def parse(self) -> Condition:
        if self.current.kind == "end":
            raise self.error(
                'the expression is empty; write a condition such as loyalty.tier = "gold"'
            )
        condition = self.parse_or()
        if self.current.kind != "end":
            self._refuse_arithmetic()
            raise self.error(
                f"expected `and`, `or` or the end of the expression, found {describe(self.current)}"
            )
        return condition

    # -- logic -------------------------------------------------------------------------------

    def parse_or(self) -> Condition:
        start = self.current
        items = [self._and()]
        while self.accept_word("or"):
            items.append(self._and())
        return items[0] if len(items) == 1 else Or(tuple(items), self.pos(start))

    def _and(self) -> Condition:
        start = self.current
        items = [self._unary()]
        while self.accept_word("and"):
            items.append(self._unary())
        return items[0] if len(items) == 1 else And(tuple(items), self.pos(start))

    def _unary(self) -> Condition:
        start = self.current
        if self.at_word("not") or self.at_punct("!"):
            self.advance()
            return Not(self._unary(), self.pos(start))
        if self.at_word("exists", "forall"):
            return self._quantified()
        return self._atom()

    def _atom(self) -> Condition:
        if self.at_punct("("):
            return self._parenthesised()
        if self.at_word_folded("chain") and self.peek().text == "(":
            return self._chain()
        if self.at_word("inSegment") and self.peek().text == "(":
            return self._in_segment()
        operand = self.operand()
        if not isinstance(operand, VALUE_NODES):
            return operand
        return self._comparison(operand)

    def _parenthesised(self) -> Condition:
        opening = self.advance()
        if self.current.kind == IDENT and self.peek().text == ")" and self.peek(2).text == "=>":
            raise self.error(
                "the lambda form `(x) => ...` is not supported; write the path directly"
            )
        inner = self.parse_or()
        self._refuse_arithmetic()
        self.expect_punct(")", f"to close the `(` at line {opening.line}, column {opening.column}")
        return inner

    def _comparison(self, left: Value) -> Condition:
        self._refuse_arithmetic()
        token = self.current
        if self.at_punct(*_COMPARISONS):
            self.advance()
            return Compare(
                cast(CompareOp, token.text),  # one of _COMPARISONS, just checked
                left,
                self.value_operand("after " + token.text),
                self.pos(token),
            )
        if self.at_punct("=="):
            raise self.error("`==` is not PQL; equality is written `=`")
        if self.at_word("in", "notIn"):
            self.advance()
            return Membership(
                left, self._array(f"after `{token.text}`"), token.text == "notIn", self.pos(token)
            )
        if self.accept_word("like"):
            pattern = Literal(self.expect_string("a pattern after `like`"), self.pos(token))
            return Method(left, "like", (pattern,), self.pos(token))
        if self.accept_word("occurs"):
            return Occurs(left, parse_time_spec(self), self.pos(token))
        return Truth(left, left.pos)

    def _refuse_arithmetic(self) -> None:
        if self.at_punct(*_ARITHMETIC) or self.at_punct("=>"):
            raise self.error(
                f"`{self.current.text}` is outside the sandbox's PQL subset: arithmetic and "
                "lambdas "
                "are not supported; compare a path with a literal, e.g. loyalty.points >= 1000"
            )

    # -- quantifiers, sequences, references ---------------------------------------------------

    def _quantified(self) -> Quantified:
        start = self.advance()
        depth = len(self.variables)
        bindings = [self._binding()]
        while self.at_punct(",") and self.peek().kind == IDENT and self.peek(2).is_word("from"):
            self.advance()
            bindings.append(self._binding())
        del self.variables[depth:]
        kind = cast(Quantifier, start.text)  # `exists` or `forall`: how this parse began
        return Quantified(kind, tuple(bindings), self.pos(start))

    def _binding(self) -> Binding:
        name = self.expect_ident("a variable name, as in `exists E from xEvent where ...`")
        self.expect_word("from", f"after the variable `{name.text}`")
        source = self.value_operand("after `from`")
        self.variables.append(name.text)
        condition = None
        if self.accept_word("where") or self.accept_punct(":"):
            condition = self.parse_or()
        return Binding(name.text, source, condition, self.pos(name))

    def _chain(self) -> Chain:
        start = self.advance()
        self.expect_punct("(", "after CHAIN")
        source = self.value_operand("as the first argument of CHAIN (the events, e.g. xEvent)")
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
        if self.at_punct("!") or self.at_word("not"):
            raise self.error(
                "negated CHAIN steps are outside the sandbox's PQL subset; "
                "write not(CHAIN(...)) around a separate sequence instead"
            )
        if not self.at_word_folded("what"):
            raise self.error(
                f"expected WHAT(...) in CHAIN step {label}, found {describe(self.current)}"
            )
        self.advance()
        self.expect_punct("(", "after WHAT")
        what = self.parse_or()
        self.expect_punct(")", "to close WHAT(...)")
        when = None
        if self.at_word_folded("when"):
            self.advance()
            self.expect_punct("(", "after WHEN")
            when = parse_time_spec(self)
            self.expect_punct(")", "to close WHEN(...)")
        return Step(label, what, when, self.pos(start))

    def _in_segment(self) -> InSegment:
        start = self.advance()
        self.expect_punct("(", "after inSegment")
        audience_id = self.expect_string("the audience id")
        self.expect_punct(")", "to close inSegment(...)")
        return InSegment(audience_id, self.pos(start))

    # -- values ------------------------------------------------------------------------------

    def value_operand(self, context: str) -> Value:
        start = self.current
        operand = self.operand()
        if not isinstance(operand, VALUE_NODES):
            raise self.error(f"expected a value {context}, found a condition", start)
        return operand

    def operand(self) -> Value | Condition:
        """A value followed by `.key`, `.method(...)` and `[filter]` suffixes."""
        value: Value = self._primary()
        while True:
            if self.at_punct(".") and self.peek().kind == IDENT:
                if self.peek(2).text == "(":
                    result = self._method(value)
                    if not isinstance(result, VALUE_NODES):
                        return result
                    value = result
                    continue
                value = self._extend_path(value)
            elif self.at_punct("."):
                raise self.error(
                    f"expected a field or method name after `.`, found {describe(self.peek())}",
                    self.peek(),
                )
            elif self.at_punct("[") and isinstance(value, Path):
                value = self._filter(value)
            else:
                return value

    def _extend_path(self, value: Value) -> Path:
        dot = self.advance()
        key = self.advance()
        if not isinstance(value, Path):
            raise self.error(
                "a field path can only continue a name, not a literal or a method result", dot
            )
        return Path(value.variable, (*value.keys, key.text), value.pos)

    def _filter(self, source: Path) -> Filtered:
        opening = self.advance()
        condition = self.parse_or()
        self.expect_punct(
            "]", f"to close the filter opened at line {opening.line}, column {opening.column}"
        )
        return Filtered(source, condition, self.pos(opening))

    def _method(self, receiver: Value) -> Value | Condition:
        self.advance()
        name = self.advance()
        self.advance()
        if name.text in VALUE_METHODS:
            self.expect_punct(")", f"`.{name.text}()` takes no arguments;")
            return Call(receiver, name.text, self.pos(name))
        if name.text == "exists":
            condition = self.parse_or()
            self.expect_punct(")", "to close `.exists(...)`")
            return AnyElement(receiver, condition, self.pos(name))
        if name.text not in PREDICATES:
            raise refuse_method(self, name)
        return Method(receiver, name.text, self._arguments(name), self.pos(name))

    def _arguments(self, name: Token) -> tuple[Literal | ArrayLiteral | DateLiteral, ...]:
        signature = PREDICATES[name.text]
        args: list[Literal | ArrayLiteral | DateLiteral] = []
        for index, kind in enumerate(signature.kinds):
            optional = index >= signature.required
            if optional and self.at_punct(")"):
                break
            if index:
                self.expect_punct(",", f"between the arguments of `.{name.text}(...)`")
            args.append(self._argument(kind, name.text))
        self.expect_punct(")", f"to close `.{name.text}(...)`; it takes {signature.describe()}")
        return tuple(args)

    def _argument(self, kind: str, method: str) -> Literal | ArrayLiteral | DateLiteral:
        token = self.current
        if kind == "array":
            return self._array(f"as the argument of `.{method}(...)`")
        if kind == "string" and token.kind == STRING:
            return Literal(str(self.advance().value), self.pos(token))
        if kind == "boolean" and token.is_word("true", "false"):
            return Literal(self.advance().text == "true", self.pos(token))
        if kind == "literal" and (token.kind in (STRING, NUMBER) or token.is_word("true", "false")):
            return self._literal()
        wanted = {
            "string": "a string in double quotes",
            "boolean": "true or false (whether the test is case sensitive)",
            "literal": "a string, number or boolean",
        }[kind]
        raise self.error(f"`.{method}(...)` expects {wanted} here, found {describe(token)}")

    def _array(self, context: str) -> ArrayLiteral:
        opening = self.current
        self.expect_punct("[", f'(an array such as ["a", "b"]) {context}')
        items: list[Literal | DateLiteral] = []
        while not self.at_punct("]"):
            if items and not self.accept_punct(","):
                raise self.error(
                    f"expected `,` or `]` in the array, found {describe(self.current)}"
                )
            items.append(parse_date(self) if self.at_word("date") else self._literal())
        self.advance()
        return ArrayLiteral(tuple(items), self.pos(opening))

    def _literal(self) -> Literal:
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

    def _primary(self) -> Value:
        token = self.current
        if token.kind in (STRING, NUMBER) or token.is_word("true", "false") or self.at_punct("-"):
            return self._literal()
        if self.at_punct("["):
            return self._array("")
        if token.kind != IDENT:
            raise self.error(f"expected a value or a condition, found {describe(token)}")
        return self._name(token)

    def _name(self, token: Token) -> Value:
        follower = self.peek()
        if token.text == "date" and follower.text == "(":
            return parse_date(self)
        if token.text == "null":
            raise self.error(
                "`null` is not a PQL literal; test for it with `.isNull()` or `.isNotNull()`"
            )
        if token.text in _TIME_WORDS:
            raise self.error(f"`{token.text}` can only follow `occurs` or stand inside WHEN(...)")
        if token.text in _KEYWORDS:
            raise self.error(f"expected a value or a condition, found the keyword `{token.text}`")
        refuse_construct(self, token, follower)
        if follower.kind == PUNCT and follower.text == "(":
            raise refuse_function(self, token)
        self.advance()
        if token.text in self.variables:
            return Path(token.text, (), self.pos(token))
        return Path(None, (token.text,), self.pos(token))


def parse_pql(text: str, source: str = "<pql>") -> Condition:
    """The syntax tree of `text`; InputError (line, column, caret) when it is not in the subset."""
    return Parser(text, source).parse()
