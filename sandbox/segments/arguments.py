"""Parsing the arguments of PQL methods: literal-typed predicate arguments (`.startsWith("a",
false)`, `.equals("a", "b")`) and the expressions value methods take (`.sum(price)`,
`.filter(o => o.price > 5)`, `.topN(price, 5)`)."""

from __future__ import annotations

from sandbox.segments.cursor import TokenCursor, describe
from sandbox.segments.lexer import IDENT, NUMBER, STRING, Token
from sandbox.segments.methods import ELEMENT_METHODS, PREDICATES
from sandbox.segments.syntax import ArrayLiteral, Call, Expr, Literal, Value


class ArgumentParser(TokenCursor):
    """Method arguments; the expression grammar comes from the subclass."""

    variables: list[str]

    def parse_or(self) -> Expr:
        raise NotImplementedError

    def value(self, context: str) -> Value:
        raise NotImplementedError

    def array(self, context: str) -> ArrayLiteral:
        raise NotImplementedError

    def literal(self) -> Literal:
        raise NotImplementedError

    def element_call(self, receiver: Value, name: Token) -> Call:
        """`.sum(price)`, `.filter(x => x.age >= 21)`, `.topN(price, 5)`, `.get("k")`, ..."""
        low, high = ELEMENT_METHODS[name.text]
        variable = None
        if self.current.kind == IDENT and self.peek().text == "=>":
            variable = self.advance().text
            self.advance()
            self.variables.append(variable)
        args: list[Expr] = []
        while not self.at_punct(")") and len(args) < high:
            if args:
                self.expect_punct(",", f"between the arguments of `.{name.text}(...)`")
            args.append(self.parse_or())
        if variable is not None:
            self.variables.remove(variable)
        if len(args) < low or not self.at_punct(")"):
            wanted = f"{low}" if low == high else f"{low} to {high}"
            raise self.error(
                f"`.{name.text}(...)` takes {wanted} argument(s); found {describe(self.current)}"
            )
        self.advance()
        return Call(receiver, name.text, self.pos(name), tuple(args), variable)

    def arguments(self, name: Token) -> tuple[Value, ...]:
        signature = PREDICATES[name.text]
        args: list[Value] = []
        kinds = list(signature.kinds)
        index = 0
        while index < len(kinds):
            kind = kinds[index]
            if index >= signature.required and self.at_punct(")"):
                break
            if index:
                self.expect_punct(",", f"between the arguments of `.{name.text}(...)`")
            if signature.repeats and kind == "string" and self.current.is_word("true", "false"):
                kind = "boolean"
                kinds = [*kinds[:index], "boolean"]
            args.append(self._argument(kind, name.text))
            if signature.repeats and kind == "string" and self.at_punct(","):
                kinds.insert(index + 1, "string")
            index += 1
        self.expect_punct(")", f"to close `.{name.text}(...)`; it takes {signature.describe()}")
        return tuple(args)

    def _argument(self, kind: str, method: str) -> Value:
        token = self.current
        if kind == "array" and self.at_punct("["):
            return self.array(f"as the argument of `.{method}(...)`")
        if kind == "boolean" and token.is_word("true", "false"):
            return Literal(self.advance().text == "true", self.pos(token))
        if kind == "pattern" and token.kind == STRING:
            return self.literal()
        path_like = token.kind == IDENT and not token.is_word("true", "false")
        if kind == "string" and (token.kind == STRING or path_like):
            return self.value(f"as the argument of `.{method}(...)`")
        if kind in ("literal", "array") and (token.kind in (STRING, NUMBER) or path_like):
            return self.value(f"as the argument of `.{method}(...)`")
        if kind == "literal" and token.is_word("true", "false"):
            return self.literal()
        wanted = {
            "string": "a string in double quotes (or a path to one)",
            "boolean": "true or false (whether the test is case sensitive)",
            "literal": "a string, number or boolean",
            "array": 'an array such as ["a", "b"] or a path to one',
            "pattern": "a regular expression in double quotes",
        }[kind]
        raise self.error(f"`.{method}(...)` expects {wanted} here, found {describe(token)}")
