"""The playground lists the template engine's own escaping warnings, readably."""

from __future__ import annotations

from sandbox.destinations.pebble.engine import EscapeWarning, Rendered
from sandbox.tui.widgets.template_playground import describe_warnings


def test_playground_warnings_read_the_engine_s_escape_warnings() -> None:
    warning = EscapeWarning("profile.name", 1, 12, "Ben & Jerry", "Ben &amp; Jerry")
    rendered = Rendered("x", (warning,), escape_count=3)

    assert describe_warnings(rendered) == (
        "line 1, column 12: autoescaping changed the value of {{ profile.name }}: "
        "'Ben & Jerry' became 'Ben &amp; Jerry' (pipe it through | raw to send it unescaped)\n"
        "… 2 more values changed by autoescaping"
    )
