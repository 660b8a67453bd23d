"""Java's predefined and POSIX character classes, and its `\\p{...}` names, in `regex` (V1) form.

Without UNICODE_CHARACTER_CLASS (`(?U)`) Java's `\\w \\d \\s` and the POSIX classes are ASCII-only;
`\\b` in JDK 17 counts letters and digits of every script (plus `_`) as word characters.
"""

from __future__ import annotations

from sandbox.javaregex.errors import JavaRegexError

ASCII_SHORTHANDS = {
    "w": "[a-zA-Z0-9_]",
    "d": "[0-9]",
    "s": "[\\t\\n\\x0B\\f\\r ]",
    "h": "[ \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000]",
    "v": "[\\n\\x0B\\f\\r\\x85\\u2028\\u2029]",
}
UNICODE_SHORTHANDS = {"w": "[\\w]", "d": "[\\p{Nd}]", "s": "[\\p{White_Space}]"}
POSIX = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7F",
    "Alpha": "a-zA-Z",
    "Digit": "0-9",
    "Alnum": "a-zA-Z0-9",
    "Punct": "!-/:-@\\[-`{-~",
    "Graph": "!-~",
    "Print": " -~",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1F\\x7F",
    "XDigit": "0-9a-fA-F",
    "Space": "\\t\\n\\x0B\\f\\r ",
}
_UNICODE_BLANK = "\\t\\x20\\xA0\\u1680\\u180E\\u2000-\\u200A\\u202F\\u205F\\u3000"
UNICODE_POSIX = {
    "Lower": "\\p{Lowercase}",
    "Upper": "\\p{Uppercase}",
    "ASCII": "\\x00-\\x7F",
    "Alpha": "\\p{Alphabetic}",
    "Digit": "\\p{Nd}",
    "Alnum": "\\p{Alphabetic}\\p{Nd}",
    "Punct": "\\p{P}",
    "Graph": "^\\p{White_Space}\\p{Cc}\\p{Cs}\\p{Cn}",
    "Print": "[^\\p{White_Space}\\p{Cc}\\p{Cs}\\p{Cn}]" + _UNICODE_BLANK,
    "Blank": _UNICODE_BLANK,
    "Cntrl": "\\p{Cc}",
    "XDigit": "\\p{Nd}\\p{Hex_Digit}",
    "Space": "\\p{White_Space}",
}
_JAVA_PROPERTIES = {
    "javaLowerCase": "\\p{Lowercase}",
    "javaUpperCase": "\\p{Uppercase}",
    "javaAlphabetic": "\\p{Alphabetic}",
    "javaDigit": "\\p{Nd}",
    "javaLetter": "\\p{L}",
    "javaLetterOrDigit": "[\\p{L}\\p{Nd}]",
    "javaWhitespace": "[\\t-\\r\\x1C-\\x1F\\p{Zs}\\p{Zl}\\p{Zp}--[\\xA0\\u2007\\u202F]]",
    "javaSpaceChar": "[\\p{Zs}\\p{Zl}\\p{Zp}]",
}
_CATEGORIES = frozenset(
    (
        "L",
        "Lu",
        "Ll",
        "Lt",
        "Lm",
        "Lo",
        "M",
        "Mn",
        "Mc",
        "Me",
        "N",
        "Nd",
        "Nl",
        "No",
        "P",
        "Pc",
        "Pd",
        "Ps",
        "Pe",
        "Pi",
        "Pf",
        "Po",
        "S",
        "Sm",
        "Sc",
        "Sk",
        "So",
        "Z",
        "Zs",
        "Zl",
        "Zp",
        "C",
        "Cc",
        "Cf",
        "Co",
        "Cs",
        "Cn",
        "LC",
    )
)
_BINARY = frozenset(
    (
        "Alphabetic",
        "Ideographic",
        "Letter",
        "Lowercase",
        "Uppercase",
        "Titlecase",
        "Punctuation",
        "Control",
        "White_Space",
        "WhiteSpace",
        "Digit",
        "Hex_Digit",
        "HexDigit",
        "Join_Control",
        "JoinControl",
        "Noncharacter_Code_Point",
        "NoncharacterCodePoint",
        "Assigned",
        "Emoji",
    )
)
_WORD = "[\\p{L}\\p{Nd}_]"
WORD_BOUNDARY = f"(?:(?<={_WORD})(?!{_WORD})|(?<!{_WORD})(?={_WORD}))"
NOT_WORD_BOUNDARY = f"(?:(?<={_WORD})(?={_WORD})|(?<!{_WORD})(?!{_WORD}))"


def shorthand(letter: str, unicode: bool) -> str:
    """`\\w \\W \\d \\D \\s \\S \\h \\H \\v \\V` as a (nested) set."""
    lower = letter.lower()
    table = UNICODE_SHORTHANDS if unicode and lower in UNICODE_SHORTHANDS else ASCII_SHORTHANDS
    body = table[lower]
    return body if letter == lower else "[^" + body[1:]


def property_class(name: str, negated: bool, unicode: bool = False) -> str:
    """A Java `\\p{name}` (or `\\P{name}`) as a set; JavaRegexError for names Java does not know.
    Under UNICODE_CHARACTER_CLASS the POSIX names take their Unicode meaning."""
    posix = name.removeprefix("Is")
    if unicode and posix in UNICODE_POSIX:
        body = UNICODE_POSIX[posix]
        if body.startswith("^"):
            return f"[{body}]" if not negated else f"[^[{body}]]"
        return f"[^{body}]" if negated else f"[{body}]"
    body = _property_body(name)
    if negated:
        return f"[^{body}]"
    return f"[{body}]"


def _property_body(name: str) -> str:
    if name in POSIX:
        return POSIX[name]
    if name.startswith("Is") and name[2:] in POSIX:
        return POSIX[name[2:]]
    if name in _JAVA_PROPERTIES:
        return _JAVA_PROPERTIES[name]
    bare = name.removeprefix("Is")
    for prefix in ("gc=", "general_category="):
        bare = bare.removeprefix(prefix)
    if bare in _CATEGORIES or (name.startswith("Is") and bare in _BINARY):
        return f"\\p{{{bare}}}"
    if name.startswith("In") and len(name) > 2:
        return f"\\p{{Block={name[2:]}}}"
    for prefix in ("sc=", "script=", "blk=", "block="):
        if bare.startswith(prefix):
            kind = "Block" if prefix.startswith("b") else "Script"
            return f"\\p{{{kind}={bare[len(prefix) :]}}}"
    if name.startswith("Is") and bare.isalpha():
        return f"\\p{{Script={bare}}}"
    raise JavaRegexError(f"unknown character property `\\p{{{name}}}`")
