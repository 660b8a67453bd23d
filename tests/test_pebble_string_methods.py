"""`java.lang.String` methods a template may call (issue #13), with Java's semantics. Every
expectation was printed by OpenJDK 17 and frozen here."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.destinations.pebble import PebbleEngine, TemplateError

ENGINE = PebbleEngine()

# receiver, strip(), stripLeading(), stripTrailing(), isBlank(), hashCode(), compareTo("abc"),
# compareToIgnoreCase("ABC"), equalsIgnoreCase("abc"), lastIndexOf("b"), charAt(1), codePointAt(1)
JDK17: list[list[Any]] = [
    ["a\ud83d\ude00b", "a\ud83d\ude00b", "a\ud83d\ude00b", "a\ud83d\ude00b", False, 57849694, 55259, 55259, False, 3, "\ud83d", 128512],  # noqa: E501
    ["\u2003 x\u00a0\u0009", "x\u00a0", "x\u00a0\u0009", "\u2003 x\u00a0", False, -1020606396, 8098, 8098, False, -1, " ", 32],  # noqa: E501
    ["Stra\u00dfe", "Stra\u00dfe", "Stra\u00dfe", "Stra\u00dfe", False, -1808122922, -14, 18, False, -1, "t", 116],  # noqa: E501
    ["ABC", "ABC", "ABC", "ABC", False, 64578, -32, 0, True, -1, "B", 66],
    ["abc", "abc", "abc", "abc", False, 96354, 0, 0, True, 1, "b", 98],
    ["", "", "", "", True, 0, -3, -3, False, -1, None, -1],
    ["  ", "", "", "", True, 1024, -65, -65, False, -1, " ", 32],
    ["\u00a0", "\u00a0", "\u00a0", "\u00a0", False, 160, 63, 63, False, -1, None, -1],
]  # fmt: skip


def java_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    # the JVM writes a lone surrogate half as `?`
    return "".join(
        "?" if 0xD800 <= ord(c) <= 0xDFFF else c
        for c in text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    )


def render(source: str, **context: Any) -> str:
    return ENGINE.compile(source).render(context).text


CALLS = [
    "s.strip()", "s.stripLeading()", "s.stripTrailing()", "s.isBlank()", "s.hashCode()",
    "s.compareTo('abc')", "s.compareToIgnoreCase('ABC')", "s.equalsIgnoreCase('abc')",
    "s.lastIndexOf('b')", "s.charAt(one)", "s.codePointAt(one)",
]  # fmt: skip


@pytest.mark.parametrize("row", JDK17, ids=[repr(r[0]) for r in JDK17])
@pytest.mark.parametrize("index", range(len(CALLS)), ids=CALLS)
def test_string_methods_match_the_jdk(row: list[Any], index: int) -> None:
    expected = row[index + 1]
    source = "{{ " + CALLS[index] + " }}"
    if expected is None or expected == -1 and CALLS[index].startswith("s.codePointAt"):
        with pytest.raises(TemplateError) as caught:
            render(source, s=row[0], one=1)
        assert "StringIndexOutOfBoundsException" in caught.value.message
        return
    assert render("{{ (" + CALLS[index] + ") | raw }}", s=row[0], one=1) == java_text(expected)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ '+1 (555) 010-9999'.replaceAll('[^0-9]', '') }}", "15550109999"),  # pebble.md §14
        ("{{ 'a-b-c'.replaceFirst('-', '+') }}", "a+b-c"),
        ("{{ 'John Smith'.replaceAll(words, '$2, $1') }}", "Smith, John"),
        ("{{ 'abc'.matches('a.c') }}|{{ 'abc'.matches('b') }}", "true|false"),
        ("{{ lines.matches('l1.*') }}", "false"),  # `.` stops at \r
        ("{{ 'ab'.concat('cd') }}", "abcd"),
        ("{{ 'ab'.repeat(three) }}", "ababab"),
        ("{{ 'ab'.repeat(3) }}", ""),  # a Long literal matches no repeat(int): null
        ("{{ 'a,b,,'.split(',').length }}", ""),
    ],
)
def test_string_methods_in_templates(source: str, expected: str) -> None:
    assert render(source, three=3, words="(\\w+) (\\w+)", lines="l1\r\nl2") == expected


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("{{ 'ab'.repeat(minus) }}", "count is negative"),
        ("{{ 'ab'.replaceAll('a', '$') }}", "group index is missing"),
        ("{{ 'ab'.matches('(') }}", "Invalid regular expression [(]"),
        ("{{ 'ab'.getClass() }}", "ClassAccessException"),
    ],
)
def test_java_errors_are_template_errors(source: str, words: str) -> None:
    with pytest.raises(TemplateError) as caught:
        render(source, minus=-1)
    assert words in caught.value.message
    assert caught.value.line == 1
