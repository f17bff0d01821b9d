"""The SDK features payload: built from the database once per revision, served as ready bytes."""

from flags.payload import cache
from flags.payload.compiled import compiled_state
from flags.payload.query import PayloadQuery, resolve

__all__ = ["PayloadQuery", "client_features_body", "client_payload", "compiled_state", "resolve"]


def client_payload(principal_or_scope, environment: str, *, query: dict, inline_segments: bool):
    """The cached Payload (body, gzip, etag, revision); ValueError on a malformed filter."""
    selected = resolve(
        principal_or_scope, environment, query=query, inline_segments=inline_segments
    )
    return cache.get(selected)


def client_features_body(
    principal_or_scope, environment: str, *, query: dict, inline_segments: bool
) -> tuple[bytes, str]:
    """(JSON bytes, ETag) of /api/client/features for this scope, served from cache."""
    payload = client_payload(
        principal_or_scope, environment, query=query, inline_segments=inline_segments
    )
    return payload.body, payload.etag
