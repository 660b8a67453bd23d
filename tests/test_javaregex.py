"""The product's one Java-regex dialect (`sandbox.javaregex`): every expectation was observed
with OpenJDK 17 (`java.util.regex`, `String.split/replaceAll/matches`) and frozen here; the
random corpus in tests/data/javaregex_jdk17.json came from the same JDK."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.javaregex import (
    JavaRegexError,
    JavaRegexTimeout,
    compile_java,
    java_split,
)

CASES: list[tuple[str, str, str, bool]] = [
    ("flag-i-at-start", "(?i)^john", "JOHNNY", True),
    ("flag-i-midway-applies-after", "ab(?i)cd", "abCD", True),
    ("flag-i-midway-not-before", "ab(?i)cd", "ABcd", False),
    ("flag-i-carries-across-alternatives", "x(?i)a|b", "B", True),
    ("flag-i-ends-with-its-group", "((?i)a)b", "AB", False),
    ("flag-i-scoped-group", "(?i:a)b", "Ab", True),
    ("flag-off", "(?i)a(?-i)b", "Ab", True),
    ("flag-off-refuses", "(?i)a(?-i)b", "AB", False),
    ("case-folding-is-ascii-only", "(?i)é", "É", False),
    ("unicode-case-with-u", "(?iu)é", "É", True),
    ("word-class-is-ascii", "^\\w+$", "café", False),
    ("word-class-unicode-with-U", "(?U)^\\w+$", "café", True),
    ("flag-s-dotall", "(?s)a.b", "a\nb", True),
    ("dot-stops-at-newline", "a.b", "a\nb", False),
    ("flag-m-multiline", "(?m)^b", "a\nb", True),
    ("flag-x-comments", "(?x) a b  # spaced", "ab", True),
    ("named-group-and-backreference", "(?<w>ab)-\\k<w>", "ab-ab", True),
    ("quoting", "\\Qa.b\\E", "axb", False),
    ("quoting-literal", "\\Qa.b\\E", "a.b", True),
    ("posix-class", "^\\p{Alpha}+$", "abc", True),
    ("posix-class-negated", "^\\P{Digit}+$", "ab1", False),
    ("posix-in-class", "^[\\p{Digit}x]+$", "1x2", True),
    ("unicode-letter", "(?U)^\\p{L}+$", "ñandú", True),
    ("end-of-input-z", "a\\z", "a\n", False),
    ("end-of-input-Z", "a\\Z", "a\n", True),
    ("horizontal-space", "a\\hb", "a\tb", True),
    ("linebreak", "a\\Rb", "a\r\nb", True),
    ("hex-escape", "\\x{41}", "A", True),
    ("possessive", "a++b", "aab", True),
    ("atomic-group", "(?>a+)b", "aab", True),
    ("lookbehind-is-not-a-name", "(?<=a)b", "ab", True),
    ("ampersand-in-class", "[&]", "&", True),
    # observed with OpenJDK 17.0.15 (java.util.regex), frozen here
    ("flag-restored-at-group-end", "(a(?i)b)c", "aBC", False),
    ("flag-inside-group", "(a(?i)b)c", "aBc", True),
    ("word-boundary-counts-letters", "\\bé", " é", True),
    ("word-boundary-letter-before", "\\bé", "aé", False),
    ("dot-stops-at-cr", "^a.b$", "a\rb", False),
    ("dollar-before-final-crlf", "ab$", "ab\r\n", True),
    ("dollar-before-final-ls", "ab$", "ab\u2028", True),
    ("case-class-is-ascii", "(?i)[a]", "A", True),
    ("intersection", "[a-z&&[^b]]", "b", False),
    ("intersection-keeps", "[a-z&&[^b]]", "c", True),
    ("nested-class-union", "[a[b]]", "b", True),
    ("posix-alpha-ascii", "\\p{Alpha}", "é", False),
    ("posix-alpha-unicode-with-U", "(?U)\\p{Alpha}", "é", True),
    ("category-L", "\\p{L}", "é", True),
    ("binary-property", "\\p{IsAlphabetic}", "é", True),
    ("java-lowercase", "\\p{javaLowerCase}", "é", True),
    ("punct-ascii", "\\p{Punct}", "\xa7", False),
    ("bracket-first-is-literal", "[]a]", "]", True),
    ("dash-last-is-literal", "[a-]", "-", True),
    ("dash-after-class", "[\\w-\\.]", "-", True),
    ("dash-after-class-not-range", "[\\w-\\.]", "/", False),
    ("empty-intersection-operand", "[a&&]", "a", True),
    ("class-minus-digits", "[\\w&&[^\\d]]", "5", False),
    ("multiline-caret-after-crlf", "(?m)^b", "a\r\nb", True),
    ("multiline-dollar-before-crlf", "(?m)a$", "a\r\nb", True),
    ("multiline-caret-not-at-end", "(?m)^", "", False),
    ("linebreak-is-atomic", "\\R{2}", "\r\n", False),
    ("block", "\\p{InGreek}", "α", True),
    ("lookbehind-star-on-char", "(?<=a*)b", "b", True),
]


@pytest.mark.parametrize(
    ("pattern", "text", "found"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_java_semantics(pattern: str, text: str, found: bool) -> None:
    assert (compile_java(pattern).search(text) is not None) is found


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("(?q)a", "unknown inline flag"),
        ("(a", "never closed"),
        ("a)", "closes nothing"),
        ("[abc", "never closed"),
        ("abc\\", "lone backslash"),
        ("a{2,1}", "maximum below its minimum"),
        ("a{", "not a repetition"),
        ("[\\p{Alpha", "missing"),
        ("\\x{zz}", "not a hexadecimal code point"),
        ("\\k<name", "needs a group name"),
        ("\\y", "not an escape Java knows"),
        ("\\p{Nope}", "unknown character property"),
        ("(?<n>a)(?<n>b)", "already defined"),
        ("(?<=(?:ab)*)c", "obvious maximum length"),
        ("(a)(?<=\\1)b", "obvious maximum length"),
        ("[a-\\w]", "ends in a class"),
        ("[z-a]", "goes backwards"),
    ],
)
def test_patterns_java_refuses_are_refused(pattern: str, words: str) -> None:
    with pytest.raises(JavaRegexError) as caught:
        compile_java(pattern)
    assert words in str(caught.value)


ORACLE = json.loads(
    (Path(__file__).parent / "data" / "javaregex_jdk17.json").read_text(encoding="utf-8")
)


def _run(case: dict[str, Any]) -> Any:
    try:
        pattern = compile_java(case["pattern"])
        if case["op"] == "find":
            return pattern.search(case["text"]) is not None
        if case["op"] == "matches":
            return pattern.matches(case["text"])
        if case["op"] == "split":
            return pattern.split(case["text"], int(case["arg"]))
        return pattern.replace_all(case["text"], case["arg"])
    except JavaRegexError:
        return "ERR"


@pytest.mark.parametrize("case", ORACLE, ids=[str(i) for i in range(len(ORACLE))])
def test_random_corpus_agrees_with_jdk17(case: dict[str, Any]) -> None:
    assert _run(case) == case["java"]


@pytest.mark.parametrize(
    ("text", "pattern", "limit", "parts"),
    [
        ("abc", "", 0, ["a", "b", "c"]),
        (",a,,b,,", ",", 0, ["", "a", "", "b"]),
        (",a,,b,,", ",", -1, ["", "a", "", "b", "", ""]),
        ("a,b,c", ",", 2, ["a", "b,c"]),
        ("a,b,c", ",", 1, ["a,b,c"]),
        ("axa", "(?=a)", 0, ["ax", "a"]),
        ("l1\r\nl2.x", ".", 0, ["", "", "\r\n"]),  # pebble.md §14: 3 parts
        ("", ",", 0, [""]),
        (",", ",", 0, []),
    ],
)
def test_split_is_string_split(text: str, pattern: str, limit: int, parts: list[str]) -> None:
    assert java_split(text, pattern, limit) == parts


@pytest.mark.parametrize(
    ("pattern", "text", "replacement", "result"),
    [
        ("(a)(b)?", "ac ab", "x$2y$1", "xyac xbya"),
        ("(?<n>a)", "ab", "${n}${n}", "aab"),
        ("x*", "abc", "-", "-a-b-c-"),
        ("a", "ab", "\\$", "$b"),
        ("(a)", "ab", "$11", "a1b"),
        ("[^0-9]", "+1 (555) 010-9999", "", "15550109999"),
        ("x", "ab", "$", "ab"),
    ],
)
def test_replace_all_is_java(pattern: str, text: str, replacement: str, result: str) -> None:
    assert compile_java(pattern).replace_all(text, replacement) == result


@pytest.mark.parametrize(
    ("replacement", "words"),
    [
        ("$", "group index is missing"),
        ("\\", "to be escaped"),
        ("$3", "No group 3"),
        ("${x}", "No group with name"),
        ("$a", "Illegal group reference"),
    ],
)
def test_bad_replacements_fail_as_in_java(replacement: str, words: str) -> None:
    with pytest.raises(JavaRegexError) as caught:
        compile_java("a").replace_all("ab", replacement)
    assert words in str(caught.value)


def test_replace_first_replaces_once() -> None:
    assert compile_java("a").replace_first("aaa", "b") == "baa"


def test_catastrophic_backtracking_times_out_with_the_pattern_named() -> None:
    pattern = compile_java("^(a|aa)+$", 0.2)
    started = time.monotonic()
    with pytest.raises(JavaRegexTimeout) as caught:
        pattern.search("a" * 60 + "b")
    assert time.monotonic() - started < 60  # a hang guard: the limit counts CPU time
    assert "^(a|aa)+$" in str(caught.value)


def test_split_with_nested_quantifiers_never_hangs() -> None:
    started = time.monotonic()
    try:
        parts = compile_java("(a|aa)+b", 0.2).split("a" * 60)
    except JavaRegexTimeout:
        parts = None
    assert parts in (None, ["a" * 60])
    assert time.monotonic() - started < 60  # a hang guard: the limit counts CPU time


regex_chars = st.text(alphabet="ab()[]{}?*+|^$\\.-&:<>=!iswdQEpPkxzZ0123", max_size=16)


@settings(max_examples=300, deadline=None)
@given(regex_chars, st.text(alphabet="ab-.1 \n\r", max_size=8))
def test_any_pattern_compiles_or_is_refused_cleanly(pattern: str, text: str) -> None:
    try:
        compiled = compile_java(pattern, 0.5)
    except JavaRegexError:
        return
    try:
        compiled.search(text)
        compiled.split(text)
    except JavaRegexTimeout:
        pass
