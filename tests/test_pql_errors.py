"""Bad PQL and PQL outside the subset: refused with the line, the column, a caret and the reason."""

from __future__ import annotations

import pytest

from sandbox.errors import InputError
from sandbox.segments import compile_pql

# (id, text, line, column, words the message must contain)
ERRORS: list[tuple[str, str, int, int, str]] = [
    ("empty", "   ", 1, 4, "empty"),
    ("missing-value", "loyalty.tier = ", 1, 16, "expected a value"),
    ("unclosed-string", 'loyalty.tier = "gold', 1, 16, "not closed"),
    ("single-quotes", "loyalty.tier = 'gold'", 1, 16, "double quotes"),
    ("unclosed-paren", '(loyalty.tier = "gold"', 1, 23, "to close the `(` at line 1, column 1"),
    ("unclosed-array", 'loyalty.tier in ["a", "b"', 1, 26, "`,` or `]`"),
    ("trailing-junk", 'loyalty.tier = "gold" "silver"', 1, 23, "expected `and`, `or`"),
    ("double-equals", 'loyalty.tier == "gold"', 1, 14, "equality is written `=`"),
    ("unknown-character", "loyalty.tier = #", 1, 16, "unexpected character"),
    ("in-needs-array", 'loyalty.tier in "gold"', 1, 17, "an array"),
    ("bad-unit", "E.timestamp occurs <= 3 fortnights before now", 1, 25, "unit of time"),
    ("amount-needs-comparison", "person.birthDate occurs 3 days before now", 1, 25, "comparison"),
    ("bad-anchor", "person.birthDate occurs before 5", 1, 32, "expected a time"),
    ("bad-date", "person.birthDate = date(2026, 2, 30)", 1, 20, "not a calendar day"),
    ("date-needs-numbers", 'person.birthDate = date("2026", 1, 1)', 1, 25, "the year"),
    ("string-arg-needed", "person.name.startsWith(5)", 1, 24, "a string in double quotes"),
    ("case-flag-must-be-boolean", 'person.name.startsWith("a", "no")', 1, 29, "true or false"),
    ("count-takes-nothing", "xEvent.count(1) > 2", 1, 14, "takes no arguments"),
    ("bool-ordering", "loyalty.member < true", 1, 16, "cannot order booleans"),
    ("bad-regex", 'person.name.matches("(")', 1, 21, "regular expression"),
    ("regex-java-refuses", 'person.name.matches("a{2,1}")', 1, 21, "maximum below its minimum"),
    ("chain-needs-what", "CHAIN(xEvent, timestamp, [C0: WHEN(today)])", 1, 31, "expected WHAT"),
    (
        "chain-negated-step",
        'CHAIN(xEvent, timestamp, [C0: !WHAT(eventType = "a")])',
        1,
        31,
        "negated",
    ),
    ("chain-unclosed-steps", "CHAIN(xEvent, timestamp, [C0: WHAT(a = 1)", 1, 42, "close the list"),
    ("chain-within", "CHAIN(xEvent, timestamp, [C0: WHAT(a = 1) WITHIN(1 hour)])", 1, 43, "steps"),
    ("exists-needs-from", "exists E in xEvent", 1, 10, "`from`"),
    ("second-line", 'loyalty.tier = "gold"\nand person.birthYear >', 2, 23, "expected a value"),
    ("third-line-column", 'loyalty.tier = "gold"\nand\n    foo.bar(1)', 3, 9, "not a method"),
    ("time-word-alone", "now > 3", 1, 1, "can only follow `occurs`"),
    ("null-literal", "person.name = null", 1, 15, ".isNull()"),
]

# (id, text, column, the construct the message must name)
UNSUPPORTED: list[tuple[str, str, int, str]] = [
    ("unknown-function", 'lower(person.name) = "x"', 1, "`lower(...)`"),
    ("unknown-method", 'person.name.soundsLike("jon")', 13, ".soundsLike(...)"),
    ("string-method-outside", 'person.name.upper() = "X"', 13, ".upper(...)"),
    ("forall-method", "xEvent.forall(eventType)", 8, ".forall(...)"),
]

# (id, text, column, words): refusals of documented forms whose use here has no clear meaning
REFUSED: list[tuple[str, str, int, str]] = [
    ("positional-2", '$2.name = "x"', 1, "`$1` is the profile"),
    ("up-outside-filter", '^.name = "x"', 1, "`^` refers to the element enclosing"),
    ("date-part-path", "person.birthDate = date(person.birthYear, 1, 1)", 25, "currentYear()"),
    ("regex-group-too-high", 'email.regexGroup("@(\\w+)", 2) = "x"', 28, "1 group(s)"),
    ("count-zero", "CHAIN(xEvent, timestamp, [C0: WHAT(a = 1) COUNT(0)])", 49, "at least 1"),
    (
        "aggregate-two-variables",
        "sum X.p over X from xEvent, Y from X.items > 3",
        1,
        "takes one variable",
    ),
    ("lambda-midway", "loyalty.points => 3", 16, "lambda"),
    ("matches-needs-literal", "person.name.matches(person.pattern)", 21, "regular expression"),
    ("per-event-compare", 'xEvent.eventType = "a"', 1, "one value per event"),
    ("per-event-occurs", "loyalty.points > 1 and xEvent.timestamp occurs today", 24, "`occurs` on"),
    ("per-event-in", 'xEvent.eventType in ["a"]', 1, "`in` on"),
    ("per-event-string", 'xEvent.eventType.startsWith("a")', 1, "`startsWith` on"),
    ("per-element-member", 'xEvent[eventType = "a"].timestamp occurs today', 7, "per element"),
]


@pytest.mark.parametrize(
    ("text", "line", "column", "words"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS]
)
def test_errors_are_located(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(InputError) as caught:
        compile_pql(text, source="rules.json: audiences[0]")
    (problem,) = caught.value.problems
    assert problem.file == "rules.json: audiences[0]"
    assert problem.location == f"line {line}, column {column}"
    assert words in problem.message
    source_line, caret = problem.excerpt.splitlines()
    assert source_line == (text.splitlines() or [""])[min(line, len(text.splitlines())) - 1]
    assert caret.index("^") == column - 1


@pytest.mark.parametrize(
    ("text", "column", "construct"), [u[1:] for u in UNSUPPORTED], ids=[u[0] for u in UNSUPPORTED]
)
def test_constructs_outside_the_subset_are_refused_by_name(
    text: str, column: int, construct: str
) -> None:
    with pytest.raises(InputError) as caught:
        compile_pql(text)
    (problem,) = caught.value.problems
    assert problem.location == f"line 1, column {column}"
    assert construct in problem.message
    assert "subset" in problem.message or "not supported" in problem.message


@pytest.mark.parametrize(
    ("text", "column", "words"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_documented_forms_without_a_meaning_here_are_refused(
    text: str, column: int, words: str
) -> None:
    with pytest.raises(InputError) as caught:
        compile_pql(text)
    (problem,) = caught.value.problems
    assert problem.location == f"line 1, column {column}"
    assert words in problem.message
    assert problem.excerpt.splitlines()[1].index("^") == column - 1


def test_the_report_is_one_paragraph_with_a_caret() -> None:
    with pytest.raises(InputError) as caught:
        compile_pql("xEvent.soundsLike(eventType)", source="<pql>")
    (first, source_line, caret) = caught.value.report().splitlines()
    assert first.startswith(
        "<pql>: line 1, column 8: error: `.soundsLike(...)` is not a method the sandbox's PQL "
        "subset knows; supported methods: .startsWith(),"
    )
    assert ".groupBy()" in first and ".regexGroup()" in first
    assert source_line == "    xEvent.soundsLike(eventType)"
    assert caret == "           ^^^^^^^^^^"


def test_the_caret_spans_the_offending_token() -> None:
    with pytest.raises(InputError) as caught:
        compile_pql("lower(person.name)")
    assert caught.value.problems[0].excerpt.splitlines()[1] == "^^^^^"


def test_too_deep_nesting_is_an_input_error_not_a_crash() -> None:
    with pytest.raises(InputError, match="nested too deeply"):
        compile_pql("(" * 3000 + "true" + ")" * 3000)
