"""The configuration revision: bumped on commit of every write, read on the SDK hot path.

The revision is the id of the newest audit event (every write appends one in the same
transaction), so the database alone can always answer; Redis carries it to every process
without a query when it is available.
"""

import logging

import redis
from django.db import transaction

from unleash_site import redis_client

log = logging.getLogger(__name__)

REDIS_KEY = "unleash:config-revision"
CHANNEL = "unleash:config-revision"

# Only ever move the revision forward, whatever order commits finish in.
_SET_MAX = """
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local new = tonumber(ARGV[1])
if new > cur then redis.call('SET', KEYS[1], ARGV[1]); redis.call('PUBLISH', KEYS[2], ARGV[1]);
return new end
return cur
"""


def database_revision() -> int:
    from flags.models import Event

    latest = Event.objects.order_by("-id").values_list("id", flat=True).first()
    return int(latest or 0)


def publish(revision: int) -> None:
    client = redis_client.get_client()
    if client is None:
        return
    try:
        client.eval(_SET_MAX, 2, REDIS_KEY, CHANNEL, int(revision))
    except redis.RedisError:
        # Readers fall back to the database revision when Redis is unreachable.
        log.warning("could not publish config revision %s to Redis", revision)


def publish_on_commit(revision: int) -> None:
    transaction.on_commit(lambda: publish(revision))


def current_revision() -> int:
    """The newest revision: from Redis when reachable, else from the database."""
    client = redis_client.get_client()
    if client is None:
        return database_revision()
    try:
        value = client.get(REDIS_KEY)
    except redis.RedisError:
        # Unreachable: do not wait on a second timeout trying to publish.
        return database_revision()
    if value is not None:
        return int(value)
    revision = database_revision()
    publish(revision)
    return revision
