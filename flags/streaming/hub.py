"""This process's open streams, and the one task that keeps them current (asyncio, per process).

Redis pub/sub on the config-revision channel (published on every commit) only wakes the hub;
the database says what changed (`engine`), and a check every UNLEASH_STREAMING_CHECK_INTERVAL
catches whatever a message lost (Redis restarted, a publish failed). Each pass renders once per
(scope, revision) group of streams and hands the same bytes to every stream of the group.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from dataclasses import dataclass, field

import redis
import redis.asyncio as aioredis
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone
from prometheus_client import Counter, Gauge

from core.revision import CHANNEL, Revision
from flags import token_cache
from flags.streaming.engine import ENGINE
from flags.streaming.state import Scope

log = logging.getLogger(__name__)

# Written to the prometheus_client multiprocess folder `manage.py serve` gives its workers, so
# /internal-backstage/prometheus (which reads that folder) sums every worker's streams.
STREAMS_OPEN = Gauge(
    "unleash_sdk_streams_open", "Open SDK streams.", multiprocess_mode="livesum", registry=None
)
STREAMS_ENDED = Counter(
    "unleash_sdk_streams_ended_total",
    "SDK streams ended by the server: refused (no room), dropped (too slow), revoked (token), "
    "handed_off (told to poll: the process stops).",
    ("reason",),
    registry=None,
)

HEARTBEAT = b": heartbeat\n\n"
# The Node SDK (unleash-client 6.x, StreamingFetcher) stops streaming and polls on this event.
FETCH_MODE_POLLING = b"event: fetch-mode\ndata: polling\n\n"


def frame(event: str, revision: Revision, body: bytes) -> bytes:
    """One server-sent event; `id` is the revision the client resumes from (Last-Event-ID)."""
    return b"event: %s\nid: %s\ndata: %s\n\n" % (event.encode(), revision.token.encode(), body)


@dataclass(eq=False)
class Stream:
    """One SSE connection: its scope, the revision it holds, what waits to be written."""

    scope: Scope
    revision: Revision
    limit: int
    token: str = ""  # the token's digest: a stream ends when its token is deleted or expires
    queue: deque = field(default_factory=deque)
    queued: int = 0
    closed: bool = False
    ending: bool = False  # write what is queued, then end (a hand-off to polling)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task | None = None  # the response being written: cancelled on a drop

    def push(self, data: bytes) -> bool:
        """Queue bytes; False (and closed) when a slow client would exceed its buffer."""
        if self.closed:
            return False
        if self.queue and self.queued + len(data) > self.limit:
            self.close()
            return False
        self.queue.append(data)
        self.queued += len(data)
        self.wake.set()
        return True

    def pop(self) -> bytes | None:
        if not self.queue:
            return None
        data = self.queue.popleft()
        self.queued -= len(data)
        return data

    def finish(self, data: bytes) -> None:
        """Queue `data` last (whatever the buffer holds) and end the stream once it is written."""
        if self.closed or self.ending:
            return
        self.queue.append(data)
        self.queued += len(data)
        self.ending = True
        self.wake.set()

    def close(self) -> None:
        """End the stream; a writer stuck on a client that stopped reading is cancelled."""
        self.closed = True
        self.queue.clear()
        self.queued = 0
        self.wake.set()
        if self.task is not None and self.task is not _current_task():
            self.task.cancel()


def _current_task() -> asyncio.Task | None:
    try:
        return asyncio.current_task()
    except RuntimeError:
        return None


class Hub:
    """Streams of this process by environment, and the watcher that feeds them."""

    def __init__(self) -> None:
        self.streams: set[Stream] = set()
        self.dropped = 0
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._listener: asyncio.Task | None = None
        self.stopping = False

    @property
    def max_streams(self) -> int:
        return settings.UNLEASH_STREAMING_MAX_STREAMS

    def accepting(self) -> bool:
        return not self.stopping and len(self.streams) < self.max_streams

    def add(self, stream: Stream) -> None:
        self.streams.add(stream)
        STREAMS_OPEN.inc()
        self._ensure_running()
        if ENGINE.revision(stream.scope.environment) != stream.revision:
            self._wake.set()  # an advance finished while this stream was being opened

    def remove(self, stream: Stream) -> None:
        if stream in self.streams:
            self.streams.discard(stream)
            STREAMS_OPEN.dec()

    def poke(self) -> None:
        self._wake.set()

    async def hand_off(self, timeout: float) -> int:
        """Tell every open stream to poll (`fetch-mode: polling`) and end it, waiting up to
        `timeout` seconds for the writers; the streams told. New streams are refused from now.

        Called on graceful shutdown: the SDKs poll instead of reconnect-looping on a process
        that is going away, and a server that offers streaming brings them back with the
        `fetch-mode: streaming` header of their next poll.
        """
        self.stopping = True
        told = [s for s in self.streams if not s.closed]
        for stream in told:
            stream.finish(FETCH_MODE_POLLING)
        STREAMS_ENDED.labels("handed_off").inc(len(told))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.streams and loop.time() < deadline:
            await asyncio.sleep(0.02)
        for stream in list(self.streams):
            stream.close()  # a client too slow to take the last frame
        for task in (self._task, self._listener):
            if task is not None:
                task.cancel()
        return len(told)

    def _ensure_running(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._watch())
        if settings.REDIS_URL and (self._listener is None or self._listener.done()):
            self._listener = asyncio.get_running_loop().create_task(self._listen())

    async def _watch(self) -> None:
        interval = settings.UNLEASH_STREAMING_CHECK_INTERVAL
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=interval)
            self._wake.clear()
            if not self.streams:
                continue
            try:
                await self.refresh()
            except Exception:  # the database may be down: streams keep what they have
                log.warning("streaming: could not read the new revision", exc_info=True)

    async def refresh(self) -> None:
        """Advance the states, render once per group, queue the frames."""
        groups: dict[tuple, list[Stream]] = {}
        for stream in self.streams:
            groups.setdefault((stream.scope, stream.revision), []).append(stream)
        tokens = {stream.token for stream in self.streams}
        rendered, revoked = await asyncio.to_thread(_advance_and_render, list(groups), tokens)
        for stream in [s for s in self.streams if s.token in revoked]:
            STREAMS_ENDED.labels("revoked").inc()
            stream.close()
        for key, message in rendered.items():
            if message.empty and message.revision == key[1]:
                continue
            data = (
                None if message.empty else frame("unleash-updated", message.revision, message.body)
            )
            for stream in groups[key]:
                if stream.closed or stream.ending or stream.revision != key[1]:
                    continue
                stream.revision = message.revision
                if data is not None and not stream.push(data):
                    self.dropped += 1
                    STREAMS_ENDED.labels("dropped").inc()
                    log.warning("streaming: dropped a client too slow to read its updates")

    async def _listen(self) -> None:
        """Wake the watcher on every published revision; reconnect when Redis goes away."""
        while True:
            client = aioredis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(CHANNEL)
                    self._wake.set()  # anything published while unsubscribed
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self._wake.set()
            except (redis.RedisError, OSError):
                log.info("streaming: Redis pub/sub unavailable; checking the database meanwhile")
            finally:
                with contextlib.suppress(Exception):
                    await client.aclose()
            await asyncio.sleep(1.0)


def _advance_and_render(keys: list[tuple], tokens: set[str]) -> tuple[dict, set[str]]:
    """In a worker thread: one database pass for every environment, one render per group, and
    the tokens no longer valid (their streams end; the SDK's reconnect then gets a 401)."""
    ENGINE.advance()
    rendered = {(scope, since): ENGINE.render(scope, since, fresh=False) for scope, since in keys}
    return rendered, {t for t in tokens if t and not _valid(t)}


def _valid(digest: str) -> bool:
    try:
        found = token_cache.lookup(digest)
    except DatabaseError:
        return True  # an outage is no reason to cut SDKs off
    return found is not None and (found.expires_at is None or found.expires_at > timezone.now())


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}


def hub() -> Hub:
    """The hub of the running event loop (one per server process)."""
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None:
        found = _hubs[loop] = Hub()
    return found


_serving = [False]


def serve_streams() -> None:
    """Called by the ASGI entry point: this process answers /api/client/streaming."""
    _serving[0] = True


def accepting() -> bool:
    """True when this process serves streams (ASGI), is not stopping, and has room for one more."""
    return _serving[0] and all(h.accepting() for h in list(_hubs.values()))


async def hand_off_all(timeout: float | None = None) -> int:
    """On graceful shutdown: every stream of this process is told to poll, then ended."""
    _serving[0] = False  # polls answered meanwhile no longer say `fetch-mode: streaming`
    if timeout is None:
        timeout = settings.UNLEASH_STREAMING_HAND_OFF_SECONDS
    return await hub().hand_off(timeout)  # this loop's hub refuses new streams from now on
