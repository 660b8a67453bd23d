"""Case-insensitive character classes as `java.util.regex` (JDK 17) has them: CASE_INSENSITIVE
without UNICODE_CASE folds ASCII letters only, so `(?i)[é]` does not match `É`, a range matches
an ASCII letter whose other case is in it (`(?i)[Z-a]` matches `z` and `A`), and properties such
as `\\p{Lower}` or `\\p{Ll}` match both cases. Expected values printed by `java` 17
(`Pattern.compile(p).matcher(t).matches()`)."""

from __future__ import annotations

import pytest

from sandbox.destinations.pebble import PebbleEngine
from sandbox.javaregex import compile_java

CASES = [
    ('(?i)[é]', 'É', False),
    ('(?i)[é]', 'é', True),
    ('(?i)[a]', 'A', True),
    ('(?i)[aé]+', 'AÉ', False),
    ('(?i)[à-þ]', 'À', False),
    ('(?i)[a-z]', 'Q', True),
    ('(?i)[A-Z]', 'q', True),
    ('(?i)[^é]', 'É', True),
    ('(?i)[^a]', 'A', False),
    ('(?i)[\\p{Lower}]', 'A', True),
    ('(?i)\\p{Lower}', 'A', True),
    ('(?i)[\\p{Ll}]', 'A', True),
    ('(?i)\\p{Ll}', 'A', True),
    ('(?i)[[é][a]]', 'É', False),
    ('(?i)[Z-a]', 'z', True),
    ('(?i)[Z-a]', 'A', True),
    ('(?i)[Z-a]', '_', True),
    ('(?i)[k]', 'K', False),
    ('(?iu)[é]', 'É', True),
    ('(?i)[\\u00e9]', 'É', False),
    ('(?i)[ſ]', 's', False),
    ('(?i)[s]', 'ſ', False),
    ('(?i)[σ]', 'Σ', False),
    ('(?i)[\\w]', 'É', False),
    ('(?i)[^\\p{Lower}]', 'A', False),
    ('(?i)[\\p{Upper}]', 'a', True),
    ('(?i)\\p{IsLowercase}', 'A', True),
    ('(?i)[\\p{javaLowerCase}]', 'A', True),
    ('(?i)[0-9a-f]+', 'DEADBEEF', True),
    ('(?i)[À]', 'à', False),
    ('(?i)À', 'à', False),
]  # fmt: skip


@pytest.mark.parametrize(("pattern", "text", "expected"), CASES)
def test_case_insensitive_classes_fold_as_java_does(
    pattern: str, text: str, expected: bool
) -> None:
    assert compile_java(pattern).matches(text) is expected


STEPPING = [  # a real Pebble 3.2.4 on JDK 17, s = "a😀b" (the pair's halves print as ?)
    ("{{ s | split('x*') | join('.') }}", "a.?.?.b"),
    ("{{ s.replaceAll('x*', '-') }}", "-a-?-?-b-"),
    ("{{ s.replaceAll('', '-') }}", "-a-?-?-b-"),
    ("{{ s | split('') | join('.') }}", "a.?.?.b"),
    ("{{ s.replaceAll('(?=b)|x*', '-') }}", "-a-?-?-b-"),
    ("{{ s.replaceAll('\\\\b', '|') }}", "a😀b"),
    ("{{ s | split('(?!a)') | join('.') }}", "a.?.?.b"),
    ("{{ s.replaceFirst('x*', '-') }}", "-a😀b"),
]  # fmt: skip


@pytest.mark.parametrize(("source", "expected"), STEPPING)
def test_an_empty_match_steps_into_a_surrogate_pair_as_java_does(
    source: str, expected: str
) -> None:
    """After an empty match Java's matcher advances one UTF-16 unit, into the middle of a
    surrogate pair, and matches there again."""
    rendered = PebbleEngine().render(source, {"s": "a\U0001f600b"})
    assert rendered.encode("utf-8", "replace").decode() == expected


def test_splitting_keeps_whole_characters_when_nothing_matches_empty() -> None:
    assert compile_java(",").split("a\U0001f600,b") == ["a\U0001f600", "b"]
    assert compile_java("x*").split("a\U0001f600") == ["a", "\ud83d", "\ude00"]
