"""What the Java-regex translator raises."""

from __future__ import annotations


class JavaRegexError(ValueError):
    """A pattern Java would refuse (PatternSyntaxException), or one this translator cannot
    reproduce faithfully; the message names what is wrong."""


class JavaRegexTimeout(JavaRegexError):
    """A match that ran past its time limit (catastrophic backtracking): never a hang."""

    def __init__(self, pattern: str, seconds: float) -> None:
        super().__init__(
            f"the regular expression {pattern!r} took longer than {seconds:.2f} s on its input "
            "(catastrophic backtracking); simplify it, e.g. avoid nested quantifiers like (a+)+"
        )
        self.pattern = pattern
        self.seconds = seconds


class JavaRegexLimit(JavaRegexError):
    """A split or replacement whose result grew past the caller's size limit (checked as it
    grows, so nothing larger is ever allocated)."""
