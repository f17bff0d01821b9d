"""Normalise an SDK-style evaluation context dict into a cheap, read-only Context."""

from __future__ import annotations

import math
import random
from typing import Any

from core.textcheck import has_lone_surrogate, safe_utf8

STANDARD_FIELDS = frozenset(
    {"userId", "sessionId", "remoteAddress", "environment", "appName", "currentTime"}
)


class Context:
    """Standard fields and custom properties, every value a string (absent = missing key)."""

    __slots__ = ("fields", "properties")

    def __init__(self, fields: dict[str, str], properties: dict[str, str]) -> None:
        self.fields = fields
        self.properties = properties

    def get(self, name: str) -> str | None:
        """A standard field by name, else the property of that name (``None`` when absent)."""
        if name in STANDARD_FIELDS:
            return self.fields.get(name)
        return self.properties.get(name)

    def __repr__(self) -> str:
        return f"Context(fields={self.fields!r}, properties={self.properties!r})"


def to_context_string(value: Any) -> str | None:
    """Stringify a context value the way JSON clients expect; ``None`` means absent.

    A lone surrogate becomes U+FFFD (``safe_utf8``, the browser TextEncoder rule), so every
    operator and every hash sees the same text. Only strings, booleans and finite numbers are
    usable. Anything else (objects, lists,
    NaN/Infinity, an int too long to print) counts as absent, so every operator has a defined
    answer: ``IN`` and friends do not match, ``NOT_IN`` does, ``inverted`` flips either.
    """
    if isinstance(value, str):
        if value.isascii() or not has_lone_surrogate(value):  # isascii: the cheap common case
            return value
        return safe_utf8(value).decode()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        try:
            return str(value)
        except ValueError:  # beyond sys.get_int_max_str_digits()
            return None
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else str(value)
    return None


def normalise_context(raw: Any) -> Context:
    """Build a Context; unknown top-level keys become properties, ``None`` values are dropped."""
    if isinstance(raw, Context):
        return raw
    fields: dict[str, str] = {}
    properties: dict[str, str] = {}
    if not isinstance(raw, dict):
        return Context(fields, properties)
    for key, value in raw.items():
        if key == "properties" or not isinstance(key, str):
            continue
        text = to_context_string(value)
        if text is None:
            continue
        if key in STANDARD_FIELDS:
            fields[key] = text
        else:
            properties[key] = text
    extra = raw.get("properties")
    if isinstance(extra, dict):
        for key, value in extra.items():
            text = to_context_string(value)
            if text is not None and isinstance(key, str):
                properties[key] = text
    return Context(fields, properties)


def random_sticky_value() -> str:
    """A fresh random identifier, used for ``random`` stickiness."""
    return str(random.randint(1, 1_000_000_000))


def sticky_value(ctx: Context, stickiness: str | None) -> str | None:
    """Resolve a stickiness setting to the value to hash; ``None`` when the field is missing.

    ``default``/absent: userId, else sessionId, else random; ``random``: random;
    any other name: that context field or property.
    """
    if stickiness is None or stickiness == "default":
        fields = ctx.fields
        user_id = fields.get("userId")
        if user_id is not None:
            return user_id
        session_id = fields.get("sessionId")
        return session_id if session_id is not None else random_sticky_value()
    if stickiness == "random":
        return random_sticky_value()
    return ctx.get(stickiness)
