"""Per-process cache of API tokens by secret hash, dropped whenever the config revision moves.

Token create, update and delete each append an audit event, so a new revision is the signal
that any cached answer (including "unknown token") may be stale.
"""

import hmac
from dataclasses import dataclass
from datetime import datetime

from flags import cache_reset
from flags.models import ApiToken
from flags.payload import freshness

# Bounds memory when callers spray random tokens (negative answers are cached too).
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class CachedToken:
    token_id: int
    name: str
    type: str
    environment: str | None
    projects: tuple[str, ...]
    user_id: int | None
    expires_at: datetime | None


_cache: dict = {"revision": None, "entries": {}}


def lookup(digest: str) -> CachedToken | None:
    """The token whose secret hashes to `digest`, or None; at most one query per revision."""
    current = freshness.current()
    if _cache["revision"] != current or len(_cache["entries"]) >= MAX_ENTRIES:
        _cache["revision"] = current
        _cache["entries"] = {}
    entries = _cache["entries"]
    if digest not in entries:
        entries[digest] = _load(digest)
    return entries[digest]


def _load(digest: str) -> CachedToken | None:
    row = (
        ApiToken.objects.filter(secret_hash=digest)
        .values(
            "id", "name", "type", "environment_id", "projects", "user_id", "expires_at",
            "secret_hash",
        )
        .first()
    )  # fmt: skip
    # The index lookup finds the row; the constant-time compare is what grants access.
    if row is None or not hmac.compare_digest(row["secret_hash"], digest):
        return None
    return CachedToken(
        token_id=row["id"],
        name=row["name"],
        type=row["type"],
        environment=row["environment_id"],
        projects=tuple(row["projects"] or ()),
        user_id=row["user_id"],
        expires_at=row["expires_at"],
    )


@cache_reset.register
def reset() -> None:
    _cache["revision"] = None
    _cache["entries"] = {}
