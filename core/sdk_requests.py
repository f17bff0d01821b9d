"""What every SDK endpoint does with a request body: bounded size, bounded JSON."""

import json
from typing import Any

from core.errors import ValidationFailed
from core.textcheck import MAX_JSON_DEPTH, json_too_deep


class BodyTooLarge(Exception):
    pass


def read_body(request, limit: int) -> bytes:
    """The raw body, refusing more than ``limit`` bytes (also when no Content-Length is sent)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        raise BodyTooLarge
    raw = request.read(limit + 1)
    if len(raw) > limit:
        raise BodyTooLarge
    return raw


def parse_json(raw: bytes) -> Any:
    """The decoded body; non-JSON, bad UTF-8 and absurd nesting are a 400, never a 500."""
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise ValidationFailed.at("", f"body is not valid JSON ({type(exc).__name__})") from exc
    if json_too_deep(body, source=raw):
        raise ValidationFailed.at("", f"body nests deeper than {MAX_JSON_DEPTH} levels")
    return body
