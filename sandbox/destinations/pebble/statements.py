"""Pebble's statements (`ParserImpl` and the token parsers Adobe allows: `filter`, `for`, `if`,
`set`) and its escaper (`EscaperNodeVisitor`), emitting a `jinja2.nodes.Template`.

The escaper's rule, decided here at compile time: every `{{ }}` is escaped unless it is a string
literal or `~` of two string literals; a ternary has each branch decided alone; prints inside a
`{% filter %}` body are not escaped at all, but the whole filtered body is (literal text too).
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import nodes

from sandbox.destinations.pebble.emit import Ex, Stream, bind_render_state, call, const
from sandbox.destinations.pebble.expressions import ExpressionParser, truth
from sandbox.destinations.pebble.lexer import ALLOWED_TAGS, T, Token, refused_tag_message, tokenize

REFUSED_TAGS = frozenset(
    {"autoescape", "block", "cache", "embed", "extends", "flush", "from", "import", "include"}
    | {"macro", "parallel", "verbatim", "raw"}
)


@dataclass(frozen=True)
class ParsedTemplate:
    """The Jinja node tree of a Pebble template, and what the engine must know to run it."""

    tree: nodes.Template
    spans: tuple[tuple[int, int], ...]
    mutates: bool


class StatementParser(ExpressionParser):
    """Parses a whole template; `escaping` is off inside `{% filter %}` bodies."""

    def __init__(self, stream: Stream, autoescape: bool, allow_range: bool) -> None:
        super().__init__(stream, allow_range)
        self.escaping = autoescape

    def body(self, stop: tuple[str, ...] = ()) -> list[nodes.Node]:
        statements: list[nodes.Node] = []
        while self.stream.current.type is not T.EOF:
            token = self.stream.current
            if token.type is T.TEXT:
                self.stream.advance()
                statements.append(nodes.Output([nodes.TemplateData(token.value or "")]))
            elif token.type is T.PRINT_START:
                statements.append(self._print())
            elif token.type is T.EXECUTE_START:
                tag = self.stream.peek()
                if tag.type is T.NAME and tag.value in stop:
                    self.stream.advance()
                    return statements
                statements.append(self._tag())
            else:
                raise self.stream.error("Parser ended in undefined state.", token)
        if stop:
            raise self.stream.error(
                "Unexpected end of template. Pebble was looking for the "
                + " or ".join(f'"{name}"' for name in stop)
                + " tag",
                self.stream.current,
            )
        return statements

    def _print(self) -> nodes.Node:
        self.stream.advance()
        first = self.stream.current
        expression = self.expression()
        end = self.stream.expect(T.PRINT_END)
        loc = self.stream.loc(first.offset, max(end.offset - first.offset, 1))
        return nodes.Output([self._printed(expression, loc)])

    def _printed(self, expression: Ex, loc: nodes.Const) -> nodes.Expr:
        if not self.escaping or expression.kind in ("string", "literals"):
            return call("pb_print", expression.node, loc)
        if expression.kind == "ternary" and expression.branches is not None:
            test, when_true, when_false = expression.branches
            branches = [self._escaped_branch(branch, loc) for branch in (when_true, when_false)]
            return call("pb_print", nodes.CondExpr(test, *branches), loc)
        return call("pb_print_esc", expression.node, loc)

    def _escaped_branch(self, branch: Ex, loc: nodes.Const) -> nodes.Expr:
        if branch.kind in ("string", "literals"):
            return branch.node
        return call("pb_autoescape", branch.node, loc)

    def _tag(self) -> nodes.Node:
        self.stream.advance()
        token = self.stream.current
        if token.type is not T.NAME:
            raise self.stream.error("A block must start with a tag name.", token)
        handlers = {
            "for": self._for,
            "if": self._if,
            "set": self._set,
            "filter": self._filter,
        }
        handler = handlers.get(token.value or "")
        if handler is None:
            raise self.stream.error(self._unknown_tag(token.value or ""), token)
        self.stream.advance()
        return handler(token)

    def _unknown_tag(self, name: str) -> str:
        allowed = ", ".join(ALLOWED_TAGS)
        if name in REFUSED_TAGS:
            return refused_tag_message(name)
        hint = ' (Pebble writes "elseif")' if name == "elif" else ""
        return f'Unexpected tag name "{name}"{hint}; the allowed tags are {allowed}'

    def _for(self, tag: Token) -> nodes.Node:
        variable = self.new_variable_name()
        self.stream.expect(T.NAME, "in", hint=" (for x in items; for k, v is not Pebble)")
        iterable = self.expression()
        self.stream.expect(T.EXECUTE_END)
        body = self.body(("else", "endfor"))
        else_body: list[nodes.Node] = []
        if self.stream.advance().value == "else":
            self.stream.expect(T.EXECUTE_END)
            else_body = self.body(("endfor",))
            self.stream.advance()
        self.stream.expect(T.EXECUTE_END)
        loc = self.stream.token_loc(tag)
        items = call("pb_iterate", iterable.node, const(variable), loc)
        guarded_else = [nodes.If(call("pb_else"), else_body, [], [])] if else_body else []
        target = nodes.Name("pb_item", "store")
        return nodes.For(target, items, body, guarded_else, None, False)

    def _if(self, tag: Token) -> nodes.Node:
        branches: list[tuple[nodes.Expr, list[nodes.Node]]] = []
        else_body: list[nodes.Node] = []
        keyword = "if"
        while keyword in ("if", "elseif"):
            condition = self.expression()
            self.stream.expect(T.EXECUTE_END)
            body = self.body(("elseif", "else", "endif"))
            branches.append((truth(condition, "pb_cond", self.stream.token_loc(tag)), body))
            keyword = self.stream.advance().value or ""
        if keyword == "else":
            self.stream.expect(T.EXECUTE_END)
            else_body = self.body(("endif",))
            self.stream.advance()
        self.stream.expect(T.EXECUTE_END)
        elifs = [nodes.If(test, body, [], []) for test, body in branches[1:]]
        return nodes.If(branches[0][0], branches[0][1], elifs, else_body)

    def _set(self, tag: Token) -> nodes.Node:
        name = self.new_variable_name()
        self.stream.expect(T.PUNCTUATION, "=", hint=" ({% set name = value %})")
        value = self.expression()
        self.stream.expect(T.EXECUTE_END)
        return nodes.ExprStmt(call("pb_set", const(name), value.node))

    def _filter(self, tag: Token) -> nodes.Node:
        chain = [self._filter_spec()]
        while self.stream.current.test(T.OPERATOR, "|"):
            self.stream.advance()
            chain.append(self._filter_spec())
        self.stream.expect(T.EXECUTE_END)
        escaping, self.escaping = self.escaping, False
        body = self.body(("endfilter",))
        self.escaping = escaping
        self.stream.advance()
        self.stream.expect(T.EXECUTE_END)
        result: nodes.Expr = nodes.Filter(None, "pb_body", [], [], None, None)
        for token, positional, named in chain:
            result = self._filter_call(token, result, positional, named)
        loc = self.stream.token_loc(tag)
        printed = self._printed(Ex(result), loc)
        assert isinstance(printed, nodes.Filter)
        return nodes.FilterBlock(body, printed)

    def _filter_spec(self) -> tuple[Token, list[nodes.Expr], dict[str, nodes.Expr]]:
        token = self.stream.expect(T.NAME, hint=" (a filter name)")
        if self.stream.current.test(T.PUNCTUATION, "("):
            return (token, *self.arguments())
        return token, [], {}


def parse_template(
    source: str, name: str, autoescape: bool, allow_range: bool = False
) -> ParsedTemplate:
    """Lex and parse Pebble source into a Jinja node tree (raises `TemplateError`)."""
    stream = Stream(tokenize(source, name), source, name)
    parser = StatementParser(stream, autoescape, allow_range)
    tree = nodes.Template([bind_render_state(), *parser.body()], lineno=1)
    tree.set_lineno(1)
    return ParsedTemplate(tree, tuple(stream.spans), parser.mutates)
