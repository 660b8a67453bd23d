"""Pebble's expression grammar (`ExpressionParser` of 3.x), emitting `jinja2.nodes`.

Precedence (a higher number binds tighter), as `CoreExtension` declares it: `or` 10, `and` 15,
`is`/`is not`/`contains` 20, comparisons and `equals` 30, `+ -` 40, `* / %` 60, `|` 100, `~` 110,
`..` 120, unary `not + -` 500. So `not a == b` is `(not a) == b` and `'a' ~ s | upper` upper-cases
both. The ternary `?:` is parsed only at the outermost level (right-associative); there is no
`in`, no elvis, no postfix after a list or map literal.
"""

from __future__ import annotations

from jinja2 import nodes

from sandbox.destinations.pebble.emit import Ex, Stream, call, const
from sandbox.destinations.pebble.filters import FILTER_ARGUMENTS
from sandbox.destinations.pebble.functions import FUNCTIONS, RANGE_REFUSED
from sandbox.destinations.pebble.javatypes import LONG_MAX
from sandbox.destinations.pebble.lexer import T, Token

BINARY_PRECEDENCE = {
    "or": 10, "and": 15, "is": 20, "is not": 20, "contains": 20,
    "==": 30, "equals": 30, "!=": 30, ">": 30, "<": 30, ">=": 30, "<=": 30,
    "+": 40, "-": 40, "*": 60, "/": 60, "%": 60, "|": 100, "~": 110, "..": 120,
}  # fmt: skip
UNARY_PRECEDENCE = 500
BINARY_FUNCTIONS = {
    "contains": "pb_contains", "==": "pb_eq", "equals": "pb_eq", "!=": "pb_ne",
    ">": "pb_gt", "<": "pb_lt", ">=": "pb_ge", "<=": "pb_le", "+": "pb_add",
    "-": "pb_sub", "*": "pb_mul", "/": "pb_div", "%": "pb_mod", "~": "pb_concat",
}  # fmt: skip
BOOLEAN_OPERATORS = frozenset({"contains", "==", "equals", "!=", ">", "<", ">=", "<="})
RESERVED = frozenset({"true", "false", "null", "none"})
MUTATING_FILTERS = frozenset({"sort", "rsort", "reverse"})


class ExpressionParser:
    """Parses one Pebble expression from the token stream into an `Ex`."""

    def __init__(self, stream: Stream, allow_range: bool) -> None:
        self.stream = stream
        self.allow_range = allow_range
        self.mutates = False
        """Whether the template can change its context (in-place sort, list `+`)."""

    def expression(self, min_precedence: int = 0) -> Ex:
        token = self.stream.current
        if token.type is T.OPERATOR and token.value in ("not", "+", "-"):
            self.stream.advance()
            result = self._unary(token, self.expression(UNARY_PRECEDENCE))
        elif token.test(T.PUNCTUATION, "("):
            self.stream.advance()
            inner = self.expression()
            self.stream.expect(T.PUNCTUATION, ")")
            result = self._postfix(inner)
        elif token.test(T.PUNCTUATION, "["):
            result = self._list_literal()
        elif token.test(T.PUNCTUATION, "{"):
            result = self._map_literal()
        else:
            result = self._primary()
        result = self._binary_tail(result, min_precedence)
        return self._ternary(result) if min_precedence == 0 else result

    def _binary_tail(self, left: Ex, min_precedence: int) -> Ex:
        while True:
            token = self.stream.current
            precedence = BINARY_PRECEDENCE.get(token.value or "", -1)
            if token.type is not T.OPERATOR or precedence < min_precedence:
                return left
            self.stream.advance()
            if token.value == "|":
                left = self.filter_invocation(left)
            elif token.value in ("is", "is not"):
                left = self._test(left, token.value == "is not")
            else:
                left = self._binary(token, left, self.expression(precedence + 1))

    def _unary(self, token: Token, operand: Ex) -> Ex:
        loc = self.stream.token_loc(token)
        if token.value == "not":
            if operand.kind == "bool":
                return Ex(nodes.Not(operand.node), "bool")
            return Ex(call("pb_not", operand.node, loc), "bool")
        return Ex(call("pb_neg" if token.value == "-" else "pb_pos", operand.node, loc))

    def _binary(self, token: Token, left: Ex, right: Ex) -> Ex:
        operator = token.value or ""
        loc = self.stream.token_loc(token)
        if operator in ("and", "or"):
            pair = (truth(left, "pb_logic", loc), truth(right, "pb_logic", loc))
            return Ex(nodes.And(*pair) if operator == "and" else nodes.Or(*pair), "bool")
        if operator == "..":
            return Ex(self._range_call(loc, [left.node, right.node]))
        if operator in ("+", "-"):
            self.mutates = True
        if operator == "contains":
            lazy = call("pb_contains", call("pb_held"), right.node, loc)
            held_null = call("pb_hold_is_null", left.node)
            return Ex(nodes.CondExpr(held_null, nodes.Const(False), lazy), "bool")
        kind = "bool" if operator in BOOLEAN_OPERATORS else ""
        if operator == "~" and left.kind == right.kind == "string":
            kind = "literals"
        return Ex(call(BINARY_FUNCTIONS[operator], left.node, right.node, loc), kind)

    def _ternary(self, test: Ex) -> Ex:
        token = self.stream.current
        if not token.test(T.PUNCTUATION, "?"):
            return test
        self.stream.advance()
        when_true = self.expression()
        self.stream.expect(T.PUNCTUATION, ":")
        when_false = self.expression()
        condition = truth(test, "pb_ternary", self.stream.token_loc(token))
        node = nodes.CondExpr(condition, when_true.node, when_false.node)
        return Ex(node, "ternary", (condition, when_true, when_false))

    def _primary(self) -> Ex:
        token = self.stream.current
        if token.type is T.NAME:
            return self._postfix(self._name(token))
        if token.type in (T.LONG, T.NUMBER):
            self.stream.advance()
            return self._postfix(self._number(token))
        if token.type in (T.STRING, T.STRING_INTERPOLATION_START):
            return self._postfix(self._string())
        raise self.stream.error(
            f'Unexpected token "{token.type.value}" of value "{token.value}"', token
        )

    def _name(self, token: Token) -> Ex:
        value = token.value or ""
        constants = {"true": True, "TRUE": True, "false": False, "FALSE": False}
        if value in constants:
            self.stream.advance()
            return Ex(const(constants[value]))
        if value in ("null", "NULL", "none", "NONE"):
            self.stream.advance()
            return Ex(const(None))
        self.stream.advance()
        if self.stream.current.test(T.PUNCTUATION, "("):
            return self._function(token)
        return Ex(call("pb_var", const(value)))

    def _number(self, token: Token) -> Ex:
        text = token.value or "0"
        if "." in text:
            return Ex(const(float(text)))
        if int(text) > LONG_MAX:
            raise self.stream.error(f'Number "{text}" is too large for a Long', token)
        return Ex(call("pb_long", const(int(text))))

    def _string(self) -> Ex:
        parts: list[Ex] = []
        previous: T | None = None
        while True:
            token = self.stream.current
            if token.type is T.STRING and previous is not T.STRING:
                self.stream.advance()
                parts.append(Ex(const(token.value or ""), "string"))
                previous = T.STRING
            elif token.type is T.STRING_INTERPOLATION_START:
                self.stream.advance()
                parts.append(self.expression())
                self.stream.expect(T.STRING_INTERPOLATION_END)
                previous = T.STRING_INTERPOLATION_END
            else:
                break
        if not parts:
            parts.append(Ex(const(""), "string"))
        return self._concatenation(parts, self.stream.loc(self.stream.current.offset))

    def _concatenation(self, parts: list[Ex], loc: nodes.Const) -> Ex:
        if len(parts) == 1:
            return parts[0]
        right = self._concatenation(parts[1:], loc)
        kind = "literals" if parts[0].kind == right.kind == "string" else ""
        return Ex(call("pb_concat", parts[0].node, right.node, loc), kind)

    def _postfix(self, target: Ex) -> Ex:
        while True:
            token = self.stream.current
            if token.test(T.PUNCTUATION, "."):
                target = self._attribute(target)
            elif token.test(T.PUNCTUATION, "["):
                self.stream.advance()
                key = self.expression()
                self.stream.expect(T.PUNCTUATION, "]")
                target = Ex(call("pb_item", target.node, key.node, self.stream.token_loc(token)))
            elif token.test(T.PUNCTUATION, "("):
                raise self.stream.error('Unexpected "(": only a function name can be called', token)
            else:
                return target

    def _attribute(self, target: Ex) -> Ex:
        self.stream.advance()
        name = self.stream.expect(
            T.NAME, hint=" (an attribute name; a list index is written l[0], not l.0)"
        )
        loc = self.stream.token_loc(name)
        if not self.stream.current.test(T.PUNCTUATION, "("):
            return Ex(call("pb_attr", target.node, const(name.value), loc))
        positional, named = self.arguments()
        if named:
            raise self.stream.error(
                "Can not use named arguments when calling a bean method", self.stream.current
            )
        return Ex(call("pb_method", target.node, const(name.value), loc, *positional))

    def arguments(self) -> tuple[list[nodes.Expr], dict[str, nodes.Expr]]:
        """`( expr, ..., name=expr, ... )`: positional arguments first."""
        self.stream.expect(T.PUNCTUATION, "(")
        positional: list[nodes.Expr] = []
        named: dict[str, nodes.Expr] = {}
        while not self.stream.current.test(T.PUNCTUATION, ")"):
            if positional or named:
                self.stream.expect(T.PUNCTUATION, ",")
            if self.stream.peek().test(T.PUNCTUATION, "="):
                name = self.new_variable_name()
                self.stream.expect(T.PUNCTUATION, "=")
                named[name] = self.expression().node
            elif named:
                raise self.stream.error(
                    "Positional arguments must be declared before any named arguments.",
                    self.stream.current,
                )
            else:
                positional.append(self.expression().node)
        self.stream.expect(T.PUNCTUATION, ")")
        return positional, named

    def new_variable_name(self) -> str:
        token = self.stream.expect(T.NAME)
        if token.value in RESERVED:
            raise self.stream.error(f"Can not assign a value to {token.value}", token)
        return token.value or ""

    def filter_invocation(self, target: Ex) -> Ex:
        token = self.stream.expect(T.NAME, hint=" (a filter name)")
        positional, named = (
            self.arguments() if self.stream.current.test(T.PUNCTUATION, "(") else ([], {})
        )
        return Ex(self._filter_call(token, target.node, positional, named))

    def _filter_call(
        self,
        token: Token,
        target: nodes.Expr,
        positional: list[nodes.Expr],
        named: dict[str, nodes.Expr],
    ) -> nodes.Expr:
        name = token.value or ""
        loc = self.stream.token_loc(token)
        if name not in FILTER_ARGUMENTS:
            known = ", ".join(sorted(FILTER_ARGUMENTS))
            return _fail(f"Filter [{name}] does not exist. Filters: {known}", loc)
        self.mutates = self.mutates or name in MUTATING_FILTERS
        bound = _bind(name, FILTER_ARGUMENTS[name], positional, named, "filter")
        if isinstance(bound, str):
            return _fail(bound, loc)
        return call("pbf_" + name, target, loc, **bound)

    def _test(self, target: Ex, negate: bool) -> Ex:
        token = self.stream.expect(T.NAME, hint=" (a test name: empty, null, defined, ...)")
        if self.stream.current.test(T.PUNCTUATION, "("):
            self.arguments()
        if token.value == "empty":
            return Ex(call("pb_is_empty", target.node, const(negate)), "bool")
        loc = self.stream.token_loc(token)
        return Ex(call("pb_test", target.node, const(token.value), const(negate), loc), "bool")

    def _function(self, token: Token) -> Ex:
        name = token.value or ""
        loc = self.stream.token_loc(token)
        positional, named = self.arguments()
        if name == "range":
            return Ex(self._range_call(loc, positional, named))
        if name not in FUNCTIONS:
            return Ex(_fail(f"Function or Macro [{name}] does not exist.", loc))
        return Ex(call("pbfn_" + name, loc, *positional))

    def _range_call(
        self,
        loc: nodes.Const,
        positional: list[nodes.Expr],
        named: dict[str, nodes.Expr] | None = None,
    ) -> nodes.Expr:
        if not self.allow_range:
            return _fail(RANGE_REFUSED, loc)
        bound = _bind("range", ("start", "end", "step"), positional, named or {}, "function")
        if isinstance(bound, str):
            return _fail(bound, loc)
        return call("pbfn_stock_range", loc, **bound)

    def _list_literal(self) -> Ex:
        self.stream.expect(T.PUNCTUATION, "[")
        items: list[nodes.Expr] = []
        while not self.stream.current.test(T.PUNCTUATION, "]"):
            if items:
                self.stream.expect(T.PUNCTUATION, ",")
            items.append(self.expression().node)
        self.stream.expect(T.PUNCTUATION, "]")
        return Ex(nodes.List(items))

    def _map_literal(self) -> Ex:
        self.stream.expect(T.PUNCTUATION, "{")
        flat: list[nodes.Expr] = []
        while not self.stream.current.test(T.PUNCTUATION, "}"):
            if flat:
                self.stream.expect(T.PUNCTUATION, ",")
            flat.append(self.expression().node)
            self.stream.expect(T.PUNCTUATION, ":")
            flat.append(self.expression().node)
        self.stream.expect(T.PUNCTUATION, "}")
        return Ex(call("pb_hashmap", nodes.List(flat)))


def truth(expression: Ex, check: str, loc: nodes.Const) -> nodes.Expr:
    """The expression as a condition: checked by `check` unless it is a boolean already."""
    return expression.node if expression.kind == "bool" else call(check, expression.node, loc)


def _fail(message: str, loc: nodes.Const) -> nodes.Expr:
    return call("pb_fail", const(message), loc)


def _bind(
    name: str,
    names: tuple[str, ...] | None,
    positional: list[nodes.Expr],
    named: dict[str, nodes.Expr],
    what: str,
) -> dict[str, nodes.Expr] | str:
    """Pebble's `ArgumentsNode.getArgumentMap`: positional arguments take the declared names in
    order; a filter without declared names ignores its arguments. A string is the error."""
    if names is None:
        return {}
    if len(positional) > len(names):
        return (
            f"The argument at position {len(names) + 1} is not allowed. Only {len(names)}"
            f" argument(s) are allowed (the {what} [{name}] takes {', '.join(names) or 'none'})."
        )
    bound = dict(zip(names, positional, strict=False))
    for key, value in named.items():
        if key not in names:
            return f"The following named argument does not exist: {key}"
        bound[key] = value
    return bound
