"""The evaluation context of a frontend API request, built as Unleash does.

Unleash's frontend API (``createContext``, copied from unleash-proxy) keeps only ``appName``,
``environment``, ``userId``, ``sessionId`` and ``remoteAddress`` top-level; every other key
becomes a property, and explicit ``properties[x]`` / ``properties: {...}`` win over those.
So a client-sent ``currentTime`` is only a property: DATE_* constraints always use the
server's clock, and a public frontend token cannot unlock a date-gated flag early.
Empty values are dropped. Then ``remoteAddress`` defaults to the caller's IP and ``sessionId``
to a fresh random value, so percentage rollouts behave as they do on Unleash.

The context is evaluated and forgotten, never stored or echoed, so text with NUL or a lone
surrogate is accepted: a browser SDK can hold such a userId, and the engine hashes and matches
it under the shared ``safe_utf8`` rule (U+FFFD, as the browser's own TextEncoder would) instead
of failing the whole app's flags. Shapes that have no string form (objects, lists, NaN,
Infinity) and oversized values are a 400 naming the field.
"""

from __future__ import annotations

import math
import secrets
from typing import Any

from core.errors import ValidationFailed

TOP_LEVEL = ("appName", "environment", "userId", "sessionId", "remoteAddress")
MAX_VALUE = 10_000
MAX_KEYS = 1_000


def _text(value: Any, path: str) -> str | None:
    """A context value as a string; None (dropped) when empty; 400 for objects and lists."""
    if value is None:
        return None
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and not math.isfinite(value):
        raise ValidationFailed.at(path, "must be a finite number")
    elif isinstance(value, int | float | str):
        text = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    else:
        raise ValidationFailed.at(path, "must be a string, number or boolean")
    if len(text) > MAX_VALUE:
        raise ValidationFailed.at(path, f"must be at most {MAX_VALUE} characters")
    return text or None


def build_context(raw: dict[str, Any], properties: dict[str, Any], caller_ip: str) -> dict:
    """The engine context from top-level ``raw`` keys plus explicit ``properties``."""
    if len(raw) + len(properties) > MAX_KEYS:
        raise ValidationFailed.at("context", f"must have at most {MAX_KEYS} keys")
    context: dict[str, Any] = {}
    props: dict[str, str] = {}
    for key, value in raw.items():
        text = _text(value, f"context.{key}")
        if text is None:
            continue
        if key in TOP_LEVEL:
            context[key] = text
        else:
            props[key] = text
    for key, value in properties.items():
        text = _text(value, f"context.properties.{key}")
        if text is not None:
            props[key] = text
    context.setdefault("remoteAddress", caller_ip)
    context.setdefault("sessionId", secrets.token_hex(18))
    context["properties"] = props
    return context


def from_query(query) -> dict:
    """Split a GET query (a QueryDict) into top-level keys and ``properties[x]`` entries."""
    raw: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    for key in query:
        value = query.get(key)
        if key.startswith("properties[") and key.endswith("]"):
            properties[key[len("properties[") : -1]] = value
        elif key != "properties":
            raw[key] = value
    return {"raw": raw, "properties": properties}


def from_body(body: Any) -> dict:
    """Split a POST body ``{"context": {...}}`` the same way; 400 on the wrong shapes."""
    if not isinstance(body, dict):
        raise ValidationFailed.at("", "must be an object")
    context = body.get("context", {})
    if context is None:
        context = {}
    if not isinstance(context, dict):
        raise ValidationFailed.at("context", "must be an object")
    properties = context.get("properties") or {}
    if not isinstance(properties, dict):
        raise ValidationFailed.at("context.properties", "must be an object")
    raw = {k: v for k, v in context.items() if k != "properties"}
    return {"raw": raw, "properties": properties}
