"""RE2 compilation for the REGEX operator (Rust-regex-like syntax, unanchored search).

google-re2 encodes ``str`` text to UTF-8 itself and raises on a lone surrogate, so the text
searched is always bytes produced here by the shared edge rule ``safe_utf8`` (a lone surrogate
becomes U+FFFD). RE2 works on UTF-8 bytes natively, NUL included; a pattern that cannot be
encoded is simply invalid.
"""

from __future__ import annotations

from collections.abc import Callable

import re2

from core.textcheck import safe_utf8


def _options(case_insensitive: bool) -> re2.Options:
    options = re2.Options()
    options.log_errors = False
    options.case_sensitive = not case_insensitive
    return options


def compile_regex(pattern: object, case_insensitive: bool = False) -> Callable[[str], bool] | None:
    """A ``text -> matched`` predicate, or ``None`` when the pattern is not valid RE2."""
    if not isinstance(pattern, str):
        return None
    try:
        compiled = re2.compile(pattern, options=_options(case_insensitive))
    except Exception:  # re2.error, TypeError, encoding errors: all mean "invalid"
        return None
    search = compiled.search

    def matches(text: str) -> bool:
        try:
            data = text.encode()  # the common case; safe_utf8 only when it cannot encode
        except UnicodeEncodeError:
            data = safe_utf8(text)
        return search(data) is not None

    return matches


def is_valid_regex(pattern: object) -> bool:
    """True when ``pattern`` compiles under RE2 (for write-time validation)."""
    return compile_regex(pattern) is not None
