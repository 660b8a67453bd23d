"""One Java (`java.util.regex`, JDK 17) regular-expression dialect for the whole product: PQL's
`matches`, Pebble's `split`/`replaceAll`/`matches`, customer-data-field `pattern`s.

Patterns are translated to the `regex` module (VERSION1) and every operation runs with a time
limit, so no pattern can hang a command. Neutral: imports nothing else from `sandbox`.
"""

from sandbox.javaregex.errors import JavaRegexError, JavaRegexLimit, JavaRegexTimeout
from sandbox.javaregex.pattern import DEFAULT_TIMEOUT, JavaPattern, compile_java
from sandbox.javaregex.translate import translate


def java_split(text: str, pattern: str, limit: int = 0) -> list[str]:
    """`text.split(pattern, limit)` as Java's `String.split` does it."""
    return compile_java(pattern).split(text, limit)


__all__ = [
    "DEFAULT_TIMEOUT",
    "JavaPattern",
    "JavaRegexError",
    "JavaRegexLimit",
    "JavaRegexTimeout",
    "compile_java",
    "java_split",
    "translate",
]
