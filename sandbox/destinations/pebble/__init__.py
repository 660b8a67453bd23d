"""A Pebble 3.x template engine, exact to AEP's configuration, built on Jinja2's sandbox.

    from sandbox.destinations.pebble import PebbleEngine
    rendered = PebbleEngine().compile(source, name="requestBody").render(context)
    rendered.text, rendered.warnings

What had to be adapted from Jinja2 (Jinja2 3.1 `SandboxedEnvironment` is the base; its node
tree, code generator, compiled templates and sandbox are used as they are):

* Lexer replaced: Jinja's lexer rewrites `\\r\\n` to `\\n` in `tokeniter` and unescapes strings
  Python-style. Pebble's lexer is reimplemented (`lexer.py`): text is kept byte for byte
  (newLineTrimming off, as Adobe runs it), `-` trims only before whitespace, comments don't nest,
  strings unescape only their own quote, `#{}` interpolates in double quotes only.
* Parser replaced (`Environment._parse`): Pebble's grammar and precedence (`not` binds tightest,
  `~` above `|` above `+`, `..`, `contains`, `equals`, `is not`, right-associative `?:`, no `in`),
  its literals (Long vs Double, `TRUE`/`none`, HashMap-ordered map literals) and its tags
  (only filter, for, if/elseif/else, set; every other tag refused by name). It emits
  `jinja2.nodes` directly.
* Every operation is a runtime call: each expression compiles to a `jinja2.nodes.Filter` calling
  a Pebble runtime function with the render state. Jinja's own attribute lookup, operators,
  truthiness, `+`, division, `==`, printing and markupsafe escaping (`&#34;`) all differ from
  Pebble's, so none of them is used; Jinja's filters, tests and globals are removed.
* Scoping moved to the runtime: Jinja's frames make a `set` inside a `for` local to one
  iteration (Pebble's running-sum example gives 0 in Jinja). Every variable read and write goes
  to a Pebble `ScopeChain` (`runstate.py`); a `for` is a Jinja `For` over a runtime generator
  that pushes one scope for the whole loop and binds the item and `loop` in it.
* `for … else`: Jinja runs `else` for any loop that did not iterate; Pebble skips it when the
  iterable is null, so `else` is guarded by a runtime check.
* `{% filter %}` is a Jinja `FilterBlock` whose filter chain ends in Pebble's escaping print.
* Autoescaping is decided at compile time like Pebble's `EscaperNodeVisitor` (Jinja-level
  autoescape is off) and records a warning for every value it changes.
* The sandbox: a compiled template can only call the registered runtime functions; it never
  performs a Python attribute access, item access or call, so Jinja's sandbox checks have nothing
  to intercept. Java methods on values are an explicit whitelist (`javamethods.py`); `getClass`
  is refused; Python internals (`__class__`, …) are plain missing keys/attributes (null).
* Limits Jinja has no notion of: a time limit checked at every loop iteration and handed to
  every regex match, and an output limit checked on every chunk and *before* every string, list
  or join a template builds (nothing past the limit is allocated).
* The JVM's terms (issue #13): strings index in UTF-16 code units (`javatext.to_units`),
  `numberformat` is DecimalFormat (`numberpattern.py`, `decimalformat.py`), time-zone ids and
  names are JDK 17's (`javazones.py`), calendar fields for any year with Julian days before 1582
  (`javacalendar.py`), Java `String` methods
  (`stringmethods.py`), `keySet()`/`values()` are non-List collections, regexes are
  `java.util.regex` through `sandbox.javaregex` (`regexes.py`).

Known departures from Pebble (kept on purpose or not emulated): an unknown time-zone id is an
error (Java silently uses GMT); `toCharArray()`/`getBytes()` and `hashCode()` of a `keySet()`,
`values()` or `String[]` are refused (Java prints identity hashes); Namibia's 1994-2017 zone
names (Java's data has the opposite daylight period); keys of the same HashMap bucket
keep insertion order; regex departures are listed in `sandbox.javaregex`'s README section;
`yy` years pivot on a fixed 2026; Pebble's engine-wide
method cache quirk (after `m.size()` once, `m.size` on a map would return the size) is not
emulated; an error inside an `if` condition keeps its own message instead of Pebble's generic
"Wrong operand(s) type".
"""

from sandbox.destinations.pebble.context import destination_context, segment_timestamps
from sandbox.destinations.pebble.engine import (
    EscapeWarning,
    PebbleEngine,
    PebbleTemplate,
    Rendered,
)
from sandbox.destinations.pebble.errors import TemplateError

__all__ = [
    "EscapeWarning",
    "PebbleEngine",
    "PebbleTemplate",
    "Rendered",
    "TemplateError",
    "destination_context",
    "segment_timestamps",
]
