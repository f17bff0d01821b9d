"""API tokens by secret hash: per process, then Redis, then the database; keyed to the revision.

Token create, update and delete each append an audit event, so a new revision is the signal
that any cached answer (including "unknown token") may be stale. Valid tokens are also kept in
Redis with the revision identity they were read at, so a freshly started process can
authenticate SDKs while PostgreSQL is unreachable; an entry from any other revision (older, or
from before a restore) is never trusted.
"""

import hmac
import json
import logging
from dataclasses import asdict, dataclass
from datetime import datetime

import redis
from django.db import DatabaseError

from core import cache_reset, redis_client
from core import revision as revision_mod
from core.revision import Revision
from flags.models import ApiToken

log = logging.getLogger(__name__)

# Bounds memory when callers spray random tokens (negative answers are cached too).
MAX_ENTRIES = 10_000
REDIS_PREFIX = "unleash:token:"
# Entries only serve their own revision; the TTL just lets unused ones go.
REDIS_TTL = 3600


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
    """The token whose secret hashes to `digest`, or None; at most one query per revision.

    Raises DatabaseError only when neither Redis nor the database can answer.
    """
    current = revision_mod.current()
    if _cache["revision"] != current or len(_cache["entries"]) >= MAX_ENTRIES:
        _cache["revision"] = current
        _cache["entries"] = {}
    entries = _cache["entries"]
    if digest not in entries:
        found = _from_redis(digest, current)
        if found is None:
            try:
                found = _load(digest)
            except DatabaseError:
                found = _unchanged_since_read(digest, current)
                if found is None:
                    raise
                entries[digest] = found
                return found
            # Shared only when no write committed since `current`: the entry must be exactly
            # what the database said at that revision (one more query, on a first load only).
            if found is not None and _still_at(current):
                _to_redis(digest, found, current)
        entries[digest] = found
    return entries[digest]


def _still_at(current: Revision) -> bool:
    try:
        return revision_mod.database_revision() == current
    except DatabaseError:
        return False


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


def _encode(token: CachedToken, revision: Revision) -> str:
    fields = asdict(token)
    fields["expires_at"] = token.expires_at.isoformat() if token.expires_at else None
    return json.dumps({**fields, "revision": revision.token})


def _decode(raw: bytes) -> tuple[CachedToken, Revision | None]:
    """The entry and the revision it was read at."""
    fields = json.loads(raw)
    read_at = Revision.parse(str(fields.pop("revision", "")))
    expires = fields["expires_at"]
    fields["expires_at"] = datetime.fromisoformat(expires) if expires else None
    fields["projects"] = tuple(fields["projects"])
    return CachedToken(**fields), read_at


def _redis_entry(digest: str) -> tuple[CachedToken, Revision | None] | None:
    client = redis_client.get_client()
    if client is None:
        return None
    try:
        raw = client.get(REDIS_PREFIX + digest)
    except redis.RedisError:
        redis_client.note_failure()
        return None
    return _decode(raw) if raw is not None else None


def _from_redis(digest: str, revision: Revision) -> CachedToken | None:
    entry = _redis_entry(digest)
    if entry is None or entry[1] != revision:
        return None  # read at another revision: it may since have been deleted or changed
    return entry[0]


def _unchanged_since_read(digest: str, current: Revision) -> CachedToken | None:
    """PostgreSQL unreachable: an SDK token's entry from an older revision, if still exact.

    Exact when no token was created, changed or deleted after it was read, as far as the last
    database check showed (at most ~1 s old); tokens of users are left out (their user's
    state is in the database too).
    """
    entry = _redis_entry(digest)
    changed = revision_mod.token_change()
    if entry is None or changed is None or entry[1] is None:
        return None
    token, read_at = entry
    if token.user_id is not None or not changed <= read_at.id <= current.id:
        return None
    return token


def _to_redis(digest: str, token: CachedToken, revision: Revision) -> None:
    client = redis_client.get_client()
    if client is None:
        return
    try:
        client.set(REDIS_PREFIX + digest, _encode(token, revision), ex=REDIS_TTL)
    except redis.RedisError:
        redis_client.note_failure()
        log.warning("could not store a token lookup in Redis")


@cache_reset.register
def reset() -> None:
    _cache["revision"] = None
    _cache["entries"] = {}
