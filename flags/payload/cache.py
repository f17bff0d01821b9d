"""Ready bytes (plain and gzip) per payload query and revision: in-process, then Redis, then DB.

Every copy is keyed to the revision identity it was built at (event id and its time), so a copy
from before a restore, or from a Redis that came back with old data, is never served for the
database's current revision.
"""

import gzip
import json
import logging
from dataclasses import dataclass

import redis
from django.db import DatabaseError

from core import cache_reset, redis_client
from core import revision as revision_mod
from core.revision import Revision
from flags.payload.builder import build_body
from flags.payload.query import PayloadQuery

log = logging.getLogger(__name__)

REDIS_PREFIX = "unleash:client-features"
REDIS_TTL = 3600  # seconds; older revisions are never asked for again
MAX_LOCAL_ENTRIES = 512
BUILD_ATTEMPTS = 3  # under a burst of writes, then served unshared


@dataclass(frozen=True)
class Payload:
    body: bytes
    gzip: bytes
    etag: str
    revision: Revision


_local: dict[str, Payload] = {}


def etag_for(query: PayloadQuery, revision: Revision) -> str:
    # Unleash's shape with the revision's time in place of "v1": after a restore the same
    # revision number can name other content, and an SDK's old ETag must not earn a 304.
    return f'"{query.key}:{revision.id}:{revision.stamp:x}"'


def get(query: PayloadQuery) -> Payload:
    """The payload for this query at the current revision; no ORM query on a hit."""
    revision = revision_mod.current()
    key = query.key
    local = _local.get(key)
    if local is not None and local.revision == revision:
        return local
    payload = _from_redis(key, revision)
    if payload is None:
        try:
            payload = _build(query)
        except DatabaseError:
            if local is None:
                raise
            # PostgreSQL went away before this revision was built anywhere: the last state
            # this process had, under its own ETag, is what an SDK would keep on a 503 anyway.
            return local
    if len(_local) >= MAX_LOCAL_ENTRIES:
        _local.clear()
    _local[key] = payload
    return payload


def encode(body: dict) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def _build(query: PayloadQuery) -> Payload:
    """Built from one database state and labelled with that state's own revision.

    The revision is read before and after the build: equal, no write committed in between
    (every write appends an event), so the label names exactly this content and the copy may
    be shared through Redis. A label that only roughly fits would be served to anyone who
    asks for that revision later, e.g. after a restore to exactly that point.
    """
    for _ in range(BUILD_ATTEMPTS):
        before = revision_mod.database_revision()
        body = build_body(query)
        after = revision_mod.database_revision()
        if before == after:
            break
    etag = etag_for(query, before)  # content is at least `before`; never shared if unsure
    body["meta"] = {"revisionId": before.id, "etag": etag, "queryHash": query.key}
    raw = encode(body)
    payload = Payload(raw, gzip.compress(raw, compresslevel=6, mtime=0), etag, before)
    if before == after:
        _to_redis(query.key, payload)
        revision_mod.observe(before)
    return payload


def _redis_key(key: str, revision: Revision) -> str:
    return f"{REDIS_PREFIX}:{revision.token}:{key}"


def _from_redis(key: str, revision: Revision) -> Payload | None:
    client = redis_client.get_client()
    if client is None:
        return None
    try:
        body, zipped, etag = client.hmget(_redis_key(key, revision), "body", "gzip", "etag")
    except redis.RedisError:
        redis_client.note_failure()
        return None
    if body is None or zipped is None or etag is None:
        return None
    return Payload(body, zipped, etag.decode(), revision)


def _to_redis(key: str, payload: Payload) -> None:
    client = redis_client.get_client()
    if client is None:
        return
    name = _redis_key(key, payload.revision)
    try:
        pipe = client.pipeline()
        pipe.hset(name, mapping={"body": payload.body, "gzip": payload.gzip, "etag": payload.etag})
        pipe.expire(name, REDIS_TTL)
        pipe.execute()
    except redis.RedisError:
        redis_client.note_failure()
        log.warning("could not store the features payload in Redis")


@cache_reset.register
def reset() -> None:
    _local.clear()
