"""One edge rule for incoming text: no NUL, no lone surrogate, bounded length, bounded JSON.

PostgreSQL text cannot hold NUL, a lone surrogate cannot be encoded as UTF-8 (so it cannot be
stored, hashed or sent on), and C extensions such as mmh3 have crashed on either. Every entry
point (SDK bodies and queries, admin API, Django admin forms, imports) checks with these helpers
and answers 400 naming the field, so such text never reaches the database or a C extension.
"""

from __future__ import annotations

import re
from typing import Any

# Deep enough for any real flag payload, shallow enough that no recursive walk can overflow.
MAX_JSON_DEPTH = 64
# Bound on free text (descriptions, messages, parameter and constraint values) whose column is
# unbounded: generous for people, small enough that one field cannot fill the database.
MAX_TEXT = 100_000

_NUL = "\x00"
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(value: str) -> bool:
    # A Python str never holds a valid surrogate pair, so any surrogate code point is lone.
    return _SURROGATE.search(value) is not None


def text_problem(value: Any, max_length: int | None = None) -> str | None:
    """Why `value` may not be stored as text, in plain words, or None when it may."""
    if not isinstance(value, str):
        return "must be a string"
    if _NUL in value:
        return "must not contain the NUL character"
    if has_lone_surrogate(value):
        return "must not contain a lone surrogate (it is not valid Unicode)"
    if max_length is not None and len(value) > max_length:
        return f"must be at most {max_length} characters"
    return None


def check_text(value, path: str, max_length: int = MAX_TEXT, *, required=False) -> list[dict]:
    """The edge rule for one text field (a string, no NUL, no lone surrogate, fits its column).

    ``required``: also non-blank. The one place services and serializers apply the rule.
    """
    if required and (not isinstance(value, str) or not value.strip()):
        return [{"path": path, "message": "must be a non-empty string"}]
    problem = text_problem(value, max_length)
    return [{"path": path, "message": problem}] if problem else []


def safe_utf8(value: str) -> bytes:
    """UTF-8 bytes of `value`; a lone surrogate becomes U+FFFD, as a browser's TextEncoder does."""
    return _SURROGATE.sub("\ufffd", value).encode("utf-8")


def json_too_deep(value: Any, limit: int = MAX_JSON_DEPTH, *, source: bytes | None = None) -> bool:
    """True when decoded JSON nests deeper than `limit` (iterative, so it never recurses).

    ``source``: the JSON text ``value`` was decoded from. Every level of nesting opens with a
    literal ``[`` or ``{`` in that text (an escape such as ``\\u005b`` only ever stands inside
    a string), so text with at most ``limit`` of them cannot nest deeper and the walk, which
    costs more than the decoding itself for a typical SDK body, is skipped. Brackets inside
    strings only raise the count, which errs on the side of walking. The count holds in each
    encoding ``json.loads`` accepts: in UTF-8, -16 and -32 alike a bracket is a 0x5B or 0x7B byte.
    """
    if source is not None and source.count(b"[") + source.count(b"{") <= limit:
        return False
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def first_text_problem(value: Any, path: str, max_length: int | None = None) -> dict | None:
    """The first {"path", "message"} for a string anywhere inside decoded JSON, or None."""
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item, max_length)
            if problem:
                return {"path": where, "message": problem}
        elif isinstance(item, dict):
            for key, child in item.items():
                key_problem = text_problem(key) if isinstance(key, str) else None
                if key_problem:
                    return {"path": where, "message": f"key {key_problem}"}
                stack.append((child, f"{where}.{key}" if where else str(key)))
        elif isinstance(item, list):
            stack.extend((child, f"{where}[{i}]") for i, child in enumerate(item))
    return None
