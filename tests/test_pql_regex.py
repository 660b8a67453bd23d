"""Java regular expressions in `.matches(...)`: flags, classes and escapes behave as in Java."""

from __future__ import annotations

import pytest

from sandbox.segments.javaregex import JavaRegexError, compile_java, translate

# (id, Java pattern, text, whether Java's Matcher.find() succeeds)
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
]


@pytest.mark.parametrize(
    ("pattern", "text", "found"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_java_semantics(pattern: str, text: str, found: bool) -> None:
    assert (compile_java(pattern).search(text) is not None) is found


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("[a-z&&[^b]]", "intersections"),
        ("[a[b]]", "nested"),
        ("\\Gabc", "\\G"),
        ("\\p{InGreek}", "\\p{InGreek}"),
        ("(?q)a", "unknown inline flag"),
        ("(a", "never closed"),
        ("a)", "closes nothing"),
        ("[abc", "never closed"),
        ("abc\\", "lone backslash"),
        ("a{2,1}", "min repeat greater than max repeat"),
        ("[\\p{Alpha", "`}` is missing"),
        ("\\x{zz}", "not a code point"),
        ("\\k<name", "`>` is missing"),
    ],
    ids=[
        "intersection",
        "nested-class",
        "G",
        "unicode-block",
        "unknown-flag",
        "open-group",
        "close-group",
        "open-class",
        "trailing-backslash",
        "python-compile-error",
        "unclosed-posix",
        "bad-code-point",
        "unclosed-name",
    ],
)
def test_untranslatable_patterns_are_refused(pattern: str, words: str) -> None:
    with pytest.raises(JavaRegexError, match=None) as caught:
        compile_java(pattern)
    assert words in str(caught.value)


def test_flag_groups_become_scoped_groups() -> None:
    assert translate("a(?i)b|c") == ("a(?i:b)|(?i:c)", 256)
