"""The per-stream buffer bound and the SSE framing of the streaming hub."""

import asyncio

from core.revision import Revision
from flags.streaming.hub import Stream, frame
from flags.streaming.state import Scope

SCOPE = Scope("development", None)


def _stream(limit: int) -> Stream:
    return Stream(SCOPE, Revision(1, 1), limit)


def test_stream__client_reads_its_updates__queue_drains_and_stays_open():
    async def scenario():
        stream = _stream(limit=100)
        for _ in range(10):
            assert stream.push(b"x" * 60)
            assert stream.pop() == b"x" * 60
        return stream

    stream = asyncio.run(scenario())
    assert not stream.closed and stream.queued == 0


def test_stream__slow_client_passes_its_buffer__dropped_and_memory_freed():
    async def scenario():
        stream = _stream(limit=100)
        accepted = [stream.push(b"x" * 40) for _ in range(4)]
        return stream, accepted

    stream, accepted = asyncio.run(scenario())
    assert accepted == [True, True, False, False]
    assert stream.closed and stream.queued == 0 and not stream.queue


def test_stream__first_message_larger_than_buffer__still_sent():
    async def scenario():
        stream = _stream(limit=10)
        return stream, stream.push(b"h" * 1000)  # a hydration may exceed the bound alone

    stream, accepted = asyncio.run(scenario())
    assert accepted and not stream.closed


def test_stream__dropped_while_writing__writer_task_cancelled():
    async def scenario():
        stream = _stream(limit=10)

        async def stuck_writer():
            await asyncio.sleep(60)  # a send() to a client that stopped reading

        stream.task = asyncio.ensure_future(stuck_writer())
        await asyncio.sleep(0)
        stream.push(b"first")
        stream.push(b"second, over the bound")
        try:
            await stream.task
        except asyncio.CancelledError:
            return True
        return False

    assert asyncio.run(scenario()) is True


def test_frame__event_id_and_data__one_sse_event():
    assert frame("unleash-updated", Revision(42, 0xABC), b'{"events":[]}') == (
        b'event: unleash-updated\nid: 42:abc\ndata: {"events":[]}\n\n'
    )
