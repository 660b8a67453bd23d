"""Random Pebble templates over profile-shaped data, for the differential run against a real
Pebble 3.2.4 (`pebble_differential.py`). Seeded: the same seed gives the same corpus.

Unknown time-zone ids are left out: Java silently uses GMT for them, the sandbox refuses them
on purpose (issue #13), so they could only disagree; so are `toCharArray()`/`getBytes()`, whose
arrays print with an identity hash and which the sandbox refuses. Templates use what AEP accepts (the filter, for, if and set tags; stock filters, tests and
operators; no `range`/`..`, no Adobe-only helpers), nested, with whitespace control, literals,
special characters, dates, numbers, regex filters and Java String methods.
"""

from __future__ import annotations

import random
from typing import Any

NAMES = ["Ada", "José", "o'brien&co", "<b>x</b>", "ßig", "ﬁne", "İstanbul", "a😀b", "  pad  ",
         "l1\r\nl2.x", "", " ", "x,y,,z", "ΣΑΣ", "tab\there", "q\"t", "a.b.c", "1,234", "\u00a0nb"]  # fmt: skip
DATES = ["2024-03-05", "1500-01-01", "2022-02-08T18:34:24.000+0000", "0001-01-01", "2024-02-30",
         "1970-01-01", "9999-12-31", "x"]  # fmt: skip
NUMBERS = [0, 1, -1, 7, 100000, 2147483647, -2147483648, 1709646300000, 0.5, -0.5, 2.5, 3.0,
           0.1, 1e-4, 12345678.9, 1.7976931348623157e308, 1e20, -0.0, 1234.5, 0.125]  # fmt: skip

PATHS = ["p.name", "p.first", "p.tags", "p.n", "p.d", "p.m", "p.email", "p.attrs",
         "p.attrs.city.value", "p.attrs.keySet()", "p.attrs.values()", "p.identityMap.crm",
         "p.identityMap.crm[0].id", "p.nope", "p.tags[0]", "p.tags[7]", "p['name']", "p.nums",
         "p.date", "p.ts", "loop.index", "loop.length", "x", "y", "nope", "p.tags.size",
         "p.name.length", "p.empty", "p.flag", "p.nums[1]"]  # fmt: skip
LITERALS = ["1", "0", "-3", "42", "2.5", "0.5", "10000000000L", "3.0", "'a😀b'", "'é'", '"q\\"t"',
            "'it\\'s'", "'\\n'", "true", "false", "null", "none", "TRUE", "[1, 'b', null]",
            "[3, 1, 2]", "['b', 'A', 'a']", "{'k': 1, 'j': 'v'}", "''", "' '", "'<&>'",
            "'x,y'", '"hi #{p.first}!"', "'#{nope}'", "'1500-01-01'", "1709646300000"]  # fmt: skip
SIMPLE_FILTERS = ["upper", "lower", "trim", "capitalize", "title", "length", "first", "last",
                  "sort", "rsort", "reverse", "raw", "abs", "base64encode", "base64decode",
                  "sha256", "urlencode", "escape", "escape('js')", "escape(strategy='json')",
                  "escape('css')", "escape('url_param')", "numberformat", "default('d')",
                  "default", "join", "join(', ')", "join('|')"]  # fmt: skip
ARG_FILTERS = ["abbreviate(5)", "abbreviate(3)", "abbreviate(0)", "slice(1)", "slice(0, 2)",
               "slice(1, 3)", "slice(5, 1)", "split(',')", "split('')", "split('\\\\s+')",
               "split('.')", "split('[,.]', 2)", "split('(?i)B')", "split('\\\\Q.\\\\E')",
               "split('[^\\\\p{Alpha}]')", "merge([1])", "merge(['z'])", "merge({'a': 1})",
               "replace({'a': 'b', '.': '-'})", "replace({'<': '['})",
               "numberformat('#.##')", "numberformat('0.00')", "numberformat('#,##0.00')",
               "numberformat('¤#,##0.00')", "numberformat('##0.#####E0')", "numberformat('0.###E0')",
               "numberformat('00.0%')", "numberformat('#')", "date('yyyy-MM-dd')",
               "date('HH:mm z', timeZone='PST')", "date('zzzz', timeZone='America/New_York')",
               "date('EEE d MMM yyyy', existingFormat='yyyy-MM-dd')",
               "date('yyyy/MM/dd', existingFormat='yyyy-MM-dd')",
               "date(existingFormat=\"yyyy-MM-dd'T'HH:mm:ss.SSSX\", format=\"yyyy-MM-dd'T'HH:mm:ssX\")",
               "date('z', timeZone='America/Sao_Paulo')", "date('yyyy G', timeZone='UTC')",
               "date('HH:mm', timeZone='Asia/Kolkata')", "date('u EEEE', timeZone='IST')",
               "date('hh a', timeZone='GMT-03:00')", "date('w D', existingFormat='yyyy-MM-dd')"]  # fmt: skip
FILTERS = SIMPLE_FILTERS + ARG_FILTERS
TESTS = ["empty", "null", "even", "odd", "iterable", "map", "defined"]
OPERATORS = ["+", "-", "*", "/", "%", "~", "==", "!=", "<", ">", "<=", ">=", "contains", "and",
             "or", "equals"]  # fmt: skip
METHODS = ["length()", "charAt(1)", "substring(1)", "substring(0, 2)", "replaceAll('[aeiou]', '$0$0')",
           "replaceAll('\\\\s', '_')", "replaceFirst('.', 'X')", "matches('.*')",
           "matches('[A-Z].*')", "concat('!')", "lastIndexOf('a')", "indexOf('b')", "strip()",
           "isBlank()", "isEmpty()", "repeat(2)", "toUpperCase()", "toLowerCase()", "trim()",
           "startsWith('A')", "endsWith('x')", "contains('a')", "keySet()", "values()",
           "get('name')", "size()", "containsKey('name')", "toString()", "hashCode()",
           "equalsIgnoreCase('ada')", "compareTo('b')", "split(',')"]  # fmt: skip
TEXTS = ["text", " ", "\r\n", "\n", "é😀", "<&>", "\t", "\"k\": ", ",", "#", "%", "-", "{\"a\": ", "}"]


STRINGS = ["p.name", "p.first", "p.email", "p.attrs.city.value", "p.identityMap.crm[0].id",
           "p.tags[0]", "p['name']", "p.date", "p.empty", "'a😀b'", "'é'", '"q\\"t"', "'it\\'s'",
           "'<&>'", "'x,y'", '"hi #{p.first}!"', "'#{nope}'", "''", "' '", "'Ada Lovelace'", "'straße'",
           "'İI'", "'ǅx'", "'\t x \u00a0'", "'a\\b'", "'%20+~*'", "'1,234.5'", "'ﬃ'", "'ΣΑΣ'",
           "p.tags | join(',')", "p.attrs.city.value", "'AbC'"]  # fmt: skip
NUMBERS_X = ["p.n", "p.d", "p.nums[1]", "p.ts", "loop.index", "loop.length", "1", "0", "-3", "42",
             "2.5", "0.5", "10000000000L", "3.0", "1709646300000", "p.name.length"]  # fmt: skip
LISTS = ["p.tags", "p.nums", "p.identityMap.crm", "[1, 'b', null]", "[3, 1, 2]",
         "['b', 'A', 'a']", "p.attrs.keySet()", "p.attrs.values()", "p.tags.subList(0, 0)"]  # fmt: skip
MAPS = ["p.m", "p.attrs", "p.identityMap", "{'k': 1, 'j': 'v'}", "p.attrs.city"]
STRING_FILTERS = ["upper", "lower", "trim", "capitalize", "title", "length", "first", "last",
                  "raw", "base64encode", "sha256", "urlencode", "escape", "escape('js')",
                  "escape(strategy='json')", "escape('css')", "escape('url_param')",
                  "default('d')", "abbreviate(5)", "abbreviate(3)", "slice(1)", "slice(0, 2)",
                  "slice(1, 3)", "split(',') | join('|')", "split('') | join('/')",
                  "split('\\\\s+') | join('_')", "split('.') | length", "split('[,.]', 2) | join(';')",
                  "split('(?i)B') | join('+')", "split('\\\\Q.\\\\E') | join('!')",
                  "split('[^\\\\p{Alpha}]') | join(':')", "split('\\\\w') | length",
                  "split('\\\\r?\\\\n') | first", "replace({'a': 'b', '.': '-'})",
                  "replace({'<': '['})", "base64decode", "escape('html')", "urlencode | upper",
                  "split(',') | first", "split(',') | last", "split(',', -1) | length",
                  "split('(?<=a)') | join('|')", "split('\\\\b') | length", "split('x*') | join('.')",
                  "split('[\\\\p{L}&&[^a-z]]') | join('_')", "split('(?i)[é]') | join('_')",
                  "split('\\\\R') | length", "split('\\\\h+') | join('_')", "split('.', 2) | last",
                  "replace({'ß': 'ss', 'é': 'e'})", "abbreviate(4) | length", "slice(2) | upper",
                  "escape(strategy='js') | raw", "title | split(' ') | join('')"]  # fmt: skip
NUMBER_FILTERS = ["abs", "numberformat", "numberformat('#.##')", "numberformat('0.00')",
                  "numberformat('#,##0.00')", "numberformat('¤#,##0.00')",
                  "numberformat('##0.#####E0')", "numberformat('0.###E0')", "numberformat('00.0%')",
                  "numberformat('#')", "numberformat('#,##0.###')", "numberformat('0.0##E00')",
                  "numberformat('#,##,###.0')", "numberformat('0.00;(0.00)')", "numberformat('\'#\'0')",
                  "numberformat('0.0 ‰')", "abs | numberformat('0.000')", "numberformat('.00')"]  # fmt: skip
TIMESTAMP_FILTERS = ["date('yyyy-MM-dd')", "date('HH:mm z', timeZone='PST')",
                     "date('zzzz', timeZone='America/New_York')", "date", "date('yyyy G')",
                     "date('z', timeZone='America/Sao_Paulo')", "date('HH:mm', timeZone='Asia/Kolkata')",
                     "date('u EEEE', timeZone='IST')", "date('hh a', timeZone='GMT-03:00')",
                     "date('yyyy-MM-dd HH:mm:ss.SSS', timeZone='AET')", "date('D w', timeZone='BST')",
                     "date('EEE, d MMM yyyy HH:mm:ss Z')", "date('zzzz', timeZone='Europe/Paris')",
                     "date('k K a F W L MMMM', timeZone='CST')", "date('YYYY ww', timeZone='Australia/Sydney')",
                     "date(\"yyyy-MM-dd'T'HH:mm:ss.SSSXXX\", timeZone='Asia/Kathmandu')",
                     "date('zzzz z', timeZone='Europe/Dublin')", "date('z', timeZone='EST')",
                     "date('EEEE', timeZone='Pacific/Kiritimati')", "date('yy-M-d', timeZone='GMT+5')"]  # fmt: skip
DATE_FILTERS = ["date('EEE d MMM yyyy', existingFormat='yyyy-MM-dd')",
                "date('yyyy/MM/dd', existingFormat='yyyy-MM-dd')",
                "date('yyyy G', existingFormat='yyyy-MM-dd')",
                "date(existingFormat=\"yyyy-MM-dd'T'HH:mm:ss.SSSX\", format=\"yyyy-MM-dd'T'HH:mm:ssX\")",
                "date('w D', existingFormat='yyyy-MM-dd')",
                "date('yyyy-MM-dd', existingFormat='dd/MM/yyyy')",
                "date('HH:mm:ss', existingFormat=\"yyyy-MM-dd'T'HH:mm:ss\")",
                "date('MMM d, yyyy', existingFormat='yyyy-MM-dd', timeZone='PST')",
                "date('EEE', existingFormat='yyyyMMdd')"]  # fmt: skip
LIST_FILTERS = ["sort", "rsort", "reverse", "length", "first", "last", "join", "join(', ')",
                "slice(0, 1)", "slice(1)", "merge([1])", "merge(['z'])", "merge({'a': 1})",
                "default('d')", "raw"]  # fmt: skip
STRING_METHODS = ["length()", "charAt(1)", "substring(1)", "substring(0, 2)",
                  "replaceAll('[aeiou]', '$0$0')", "replaceAll('\\\\s', '_')", "replaceFirst('.', 'X')",
                  "matches('.*')", "matches('[A-Z].*')", "concat('!')", "lastIndexOf('a')",
                  "indexOf('b')", "strip()", "isBlank()", "isEmpty()", "repeat(2)", "toUpperCase()",
                  "toLowerCase()", "trim()", "startsWith('A')", "endsWith('x')", "contains('a')",
                  "hashCode()", "equalsIgnoreCase('ada')", "compareTo('b')",
                  "replaceAll('(?i)A', '-')", "replaceAll('\\\\p{Punct}', '')", "stripLeading()",
                  "replace('a', 'o')", "codePointAt(0)", "chars().count()", "charAt(0)",
                  "indexOf('a', 2)", "lastIndexOf('a', 1)", "compareToIgnoreCase('ADA')",
                  "toUpperCase().length()", "split('')", "strip().isEmpty()", "substring(5)",
                  "replaceAll('(\\\\w)(\\\\w*)', '$2$1')", "replaceAll('x', '\\\\$')",
                  "replaceFirst('(?<n>[a-z])', '${n}${n}')", "matches('(?i)ada')", "intern()", "length() + 1", "codePointCount(0, 1)", "isBlank() ? 1 : 2",
                  "repeat(0)", "stripTrailing()", "endsWith('')", "equals('Ada')", "subSequence(0, 1)"]  # fmt: skip
PREDICATES = ["isEmpty()", "isBlank()", "matches('.*a.*')", "startsWith('A')", "contains(' ')"]
MAP_METHODS = ["keySet()", "values()", "get('b')", "size()", "containsKey('a')", "isEmpty()"]


class Generator:
    def __init__(self, seed: int) -> None:
        self.r = random.Random(seed)

    def pick(self, items: list[str]) -> str:
        return self.r.choice(items)

    def typed(self, depth: int) -> str:
        """An expression that mostly fits the filters applied to it."""
        r = self.r
        kind = r.randint(0, 9)
        if kind <= 2:
            base = self.pick(STRINGS)
            if r.random() < 0.3:
                base = f"({base}).{self.pick(STRING_METHODS)}"
            return f"{base} | {self.pick(STRING_FILTERS)}" if r.random() < 0.7 else base
        if kind <= 4:
            base = self.pick(NUMBERS_X)
            if r.random() < 0.3 and depth < 2:
                base = f"({base} {self.pick(['+', '-', '*', '/', '%'])} {self.pick(NUMBERS_X)})"
            return f"{base} | {self.pick(NUMBER_FILTERS)}" if r.random() < 0.7 else base
        if kind == 5:
            return f"{self.pick(['p.ts', 'p.n', '0', '1709646300000'])} | {self.pick(TIMESTAMP_FILTERS)}"
        if kind == 6:
            return f"{self.pick(['p.date', STRINGS[0]])} | {self.pick(DATE_FILTERS)}"
        if kind == 7:
            chain = " | ".join(self.pick(LIST_FILTERS) for _ in range(r.randint(1, 2)))
            return f"{self.pick(LISTS)} | {chain}"
        if kind == 8:
            return f"({self.pick(MAPS)}).{self.pick(MAP_METHODS)}"
        return self.pick(MAPS + LISTS)

    def expression(self, depth: int = 0) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.55 or depth >= 2:
            return self.typed(depth)
        if roll < 0.62:
            return f"{self.pick(PATHS + LITERALS)} | {self.pick(FILTERS)}"
        if roll < 0.72:
            operator = self.pick(["~", "~", "==", "!=", "contains", "and", "or", "equals", "+"])
            return f"({self.expression(depth + 1)} {operator} {self.expression(depth + 1)})"
        if roll < 0.8:
            operator = self.pick(["<", ">", "<=", ">=", "==", "+", "-", "*", "/", "%"])
            return f"({self.pick(NUMBERS_X)} {operator} {self.pick(NUMBERS_X)})"
        if roll < 0.88:
            negated = self.pick(["", "not "])
            return f"({self.expression(depth + 1)} is {negated}{self.pick(TESTS)})"
        if roll < 0.95:
            return f"({self.condition()} ? {self.expression(depth + 1)} : 'n')"
        return f"({self.pick(PATHS + LITERALS)}).{self.pick(METHODS)}"

    def condition(self) -> str:
        r = self.r
        roll = r.random()
        if roll < 0.5:
            return f"{self.pick(PATHS)} is {self.pick(['', 'not '])}{self.pick(TESTS)}"
        if roll < 0.7:
            return f"{self.pick(NUMBERS_X)} {self.pick(['<', '>', '==', '!='])} {self.pick(NUMBERS_X)}"
        if roll < 0.8:
            return f"{self.pick(LISTS + STRINGS)} contains {self.pick(STRINGS + NUMBERS_X[:8])}"
        if roll < 0.9:
            return f"({self.pick(STRINGS)}).{self.pick(PREDICATES)}"
        return self.expression(1)

    def template(self, depth: int = 0) -> str:
        r = self.r
        parts = []
        for _ in range(r.randint(1, 4)):
            left, right = self.pick(["", "", "-"]), self.pick(["", "", "-"])
            kind = r.randint(0, 6 if depth < 2 else 1)
            if kind == 0:
                parts.append(self.pick(TEXTS))
            elif kind == 1:
                parts.append(f"{{{{{left} {self.expression()} {right}}}}}")
            elif kind == 2:
                body, other = self.template(depth + 1), self.template(depth + 2)
                middle = f"{{% elseif {self.condition()} %}}y" if r.random() < 0.3 else ""
                parts.append(
                    f"{{%{left} if {self.condition()} {right}%}}{body}{middle}"
                    f"{{% else %}}{other}{{% endif %}}"
                )
            elif kind == 3:
                body = self.template(depth + 1)
                source = self.pick(["p.tags", "p.attrs", "p.nums", "p.identityMap.crm", "p.m",
                                    "p.nope", "p.name | split(',')", "[]", "p.attrs.keySet()"])  # fmt: skip
                tail = "{% else %}e" if r.random() < 0.3 else ""
                parts.append(f"{{% for x in {source} %}}{body}{tail}{{% endfor %}}")
            elif kind == 4:
                parts.append(f"{{% set {self.pick(['x', 'y'])} = {self.expression()} %}}")
            elif kind == 5:
                body = self.template(depth + 1)
                parts.append(f"{{% filter {self.pick(SIMPLE_FILTERS[:5] + ['raw'])} %}}{body}{{% endfilter %}}")
            else:
                parts.append(self.pick(["{# c #}", "{#- c -#}", "{{ 'lit' }}", "{{ \"<i>\" }}"]))
        return "".join(parts)

    def context(self) -> dict[str, Any]:
        r = self.r
        name = self.pick(NAMES)
        attrs = {k: {"value": self.pick(NAMES)} for k in r.sample(["city", "zip", "tier"], r.randint(0, 3))}
        return {
            "p": {
                "name": name,
                "first": name.split(" ")[0],
                "tags": r.sample(["b", "a", "C", "é", "10", "2"], r.randint(0, 4)),
                "n": r.choice(NUMBERS),
                "d": r.choice(NUMBERS),
                "m": {"b": 1, "a": "x", "c": None} if r.random() < 0.5 else {},
                "email": self.pick(["ada@example.com", "", None]),  # type: ignore[list-item]
                "attrs": attrs,
                "identityMap": {"crm": [{"id": "C-1001"}] if r.random() < 0.6 else []},
                "nums": r.sample([3, 1, 2, 10, -4, 0.5], r.randint(0, 4)),
                "date": self.pick(DATES),
                "ts": r.choice([1709646300000, 0, -12219292800000, 253402300799000, 1700000000123]),
                "empty": self.pick(["", " ", "x"]),
                "flag": r.choice([True, False, None, "false", 0, 1]),
            }
        }


def corpus(seed: int, count: int, contexts: int = 3, pool: int = 48) -> dict[str, Any]:
    """`count` templates, each rendered over `contexts` of a pool of profile-shaped contexts:
    {"contexts": [...], "renders": [{"template": i, "context": j}, ...], "templates": [...]}."""
    generator = Generator(seed)
    shared = [generator.context() for _ in range(pool)]
    templates = [generator.template() for _ in range(count)]
    renders = [
        {"template": i, "context": generator.r.randrange(pool)}
        for i in range(count)
        for _ in range(contexts)
    ]
    return {"contexts": shared, "templates": templates, "renders": renders}
