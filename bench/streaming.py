"""Streaming figures: N concurrent SSE streams on one `serve` node, or two nodes on one Redis.

    .venv/bin/python bench/streaming.py [--streams 1000] [--toggles 5] [--two-nodes]

Starts `manage.py serve --no-scheduler` (2 workers, ASGI) on the bench database (created and
loaded with ../shared/bench/features-100.json as bench/client_api.sh does), opens N streams
with a backend token from one asyncio process (raw sockets, as light as a client can be), then
prints: the server's memory before and after the streams (per 1,000 streams), its CPU while
the streams sit idle, and for each toggle (made through the admin API) when it reached each
stream: p50, p99, max. With --two-nodes the toggle goes through node A and the streams are on
node B (both on one Redis). Quote the load average printed next to the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from benchlib import (  # noqa: E402
    ADMIN,
    BACKEND,
    ServeNode,
    load_average,
    prepare_database,
    tree_cpu_seconds,
    tree_rss_mib,
)

MARK = b"event: unleash-updated"


class Client:
    """One raw SSE connection; counts unleash-updated events and when each arrived."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []
        self.connected = asyncio.Event()
        self.writer = None

    async def run(self, port: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        self.writer = writer
        writer.write(
            b"GET /api/client/streaming HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Accept: text/event-stream\r\nAuthorization: " + BACKEND.encode() + b"\r\n\r\n"
        )
        await writer.drain()
        buffer = b""
        while True:
            chunk = await reader.read(65536)
            if not chunk:
                return
            now = time.perf_counter()
            buffer += chunk
            if b"unleash-connected" in buffer:
                self.connected.set()
            while (found := buffer.find(MARK)) >= 0:
                self.arrivals.append(now)
                buffer = buffer[found + len(MARK) :]
            buffer = buffer[-32:]


def toggle(url: str, flag: str, on: bool) -> tuple[float, float]:
    """Switch a flag through the admin API: when the request was sent, and answered."""
    state = "on" if on else "off"
    path = f"/api/admin/projects/default/features/{flag}/environments/development/{state}"
    request = urllib.request.Request(url + path, method="POST", headers={"Authorization": ADMIN})
    started = time.perf_counter()
    urllib.request.urlopen(request, timeout=10).read()
    return started, time.perf_counter()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def measure(args, writer_node: ServeNode, stream_node: ServeNode) -> None:
    rss_before = tree_rss_mib(stream_node.pid)
    clients = [Client() for _ in range(args.streams)]
    tasks = []
    opened = time.perf_counter()
    for index, client in enumerate(clients):
        tasks.append(asyncio.create_task(client.run(stream_node.port)))
        if index % 50 == 49:
            await asyncio.sleep(0.05)  # a burst of connects, not a SYN flood
    await asyncio.wait_for(asyncio.gather(*(c.connected.wait() for c in clients)), 300)
    print(f"{args.streams} streams connected in {time.perf_counter() - opened:.1f} s")
    await asyncio.sleep(2)
    rss_after = tree_rss_mib(stream_node.pid)
    per_1000 = (rss_after - rss_before) * 1000 / args.streams
    print(
        f"server RSS {rss_before:.0f} -> {rss_after:.0f} MiB: {per_1000:.1f} MiB per 1,000 streams"
    )
    cpu0, wall0 = tree_cpu_seconds(stream_node.pid), time.perf_counter()
    await asyncio.sleep(args.idle)
    cpu = (tree_cpu_seconds(stream_node.pid) - cpu0) / (time.perf_counter() - wall0)
    machine = cpu * 100 / (os.cpu_count() or 1)
    print(f"CPU with {args.streams} idle streams over {args.idle:.0f} s: {cpu * 100:.2f} % of one")
    print(f"  core ({machine:.2f} % of the machine); load {load_average()}")
    await asyncio.to_thread(toggle, writer_node.url, "bench-001", True)  # a known start
    await asyncio.sleep(2)
    for round_ in range(args.toggles):
        seen = [len(c.arrivals) for c in clients]
        started, answered = await asyncio.to_thread(
            toggle, writer_node.url, "bench-001", round_ % 2 == 1
        )
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            if all(len(c.arrivals) > s for c, s in zip(clients, seen, strict=True)):
                break
            await asyncio.sleep(0.005)
        late = [
            (c.arrivals[s] - started) * 1000
            for c, s in zip(clients, seen, strict=True)
            if len(c.arrivals) > s
        ]
        missing = args.streams - len(late)
        written = (answered - started) * 1000
        print(
            f"toggle {round_ + 1} (write answered in {written:.0f} ms): "
            f"reached {len(late)}/{args.streams}; first {min(late):.0f} ms, p50 "
            f"{statistics.median(late):.0f} ms, p99 {percentile(late, 0.99):.0f} ms, max "
            f"{max(late):.0f} ms (p99 {percentile(late, 0.99) - written:.0f} ms after the answer)"
            + (f", {missing} never" if missing else "")
        )
        await asyncio.sleep(1)
    for client in clients:
        client.writer.close()
    for task in tasks:
        task.cancel()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--streams", type=int, default=1000)
    parser.add_argument("--toggles", type=int, default=5)
    parser.add_argument("--idle", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--two-nodes", action="store_true")
    args = parser.parse_args()
    prepare_database()
    extra = {"UNLEASH_STREAMING_MAX_STREAMS": str(args.streams + 100)}
    nodes = [ServeNode(workers=args.workers, env=extra)]
    if args.two_nodes:
        nodes.append(ServeNode(workers=args.workers, env=extra))
    try:
        for node in nodes:
            node.start()
        where = "streams on node B, toggles through node A" if args.two_nodes else "one node"
        print(f"{os.cpu_count()} cores; load before {load_average()}; {where}; "
              f"serve --workers {args.workers} (granian ASGI)")  # fmt: skip
        asyncio.run(measure(args, nodes[0], nodes[-1]))
        print(f"load after {load_average()}")
    finally:
        for node in nodes:
            node.stop()


if __name__ == "__main__":
    main()
