"""The ASGI stream route as served (unleash_site.asgi): hand-off to polling, request metrics."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections
from prometheus_client.parser import text_string_to_metric_families

from flags.streaming import hub as hub_mod
from metrics import prometheus
from tests.support.client_api import flag, token

# The stream's token check runs in a worker thread: the token must be committed.
pytestmark = pytest.mark.django_db(transaction=True)
STREAM = "/api/client/streaming"


@pytest.fixture
def site():
    """unleash_site.asgi, with this process's serving flag put back afterwards."""
    from unleash_site import asgi

    serving = hub_mod._serving[0]
    prometheus.reset_local()
    yield asgi
    hub_mod._serving[0] = serving
    prometheus.reset_local()


def run(scenario):
    """asyncio.run with one worker thread, whose database connection is closed at the end
    (the handler reads in threads; a connection left open would block the test DB's drop)."""
    workers = ThreadPoolExecutor(max_workers=1)

    async def main():
        asyncio.get_running_loop().set_default_executor(workers)
        try:
            return await scenario()
        finally:
            await asyncio.to_thread(connections.close_all)

    try:
        return asyncio.run(main())
    finally:
        workers.shutdown(wait=True)


class Call:
    """One ASGI request: what the app sent, and a disconnect the test can trigger."""

    def __init__(self, app, secret: str | None, path: str = STREAM, query: bytes = b""):
        headers = [(b"authorization", secret.encode())] if secret else []
        self.scope = {
            "type": "http",
            "method": "GET",
            "path": path,
            "query_string": query,
            "headers": headers,
        }
        self.sent: list[dict] = []
        self.gone = asyncio.Event()
        self.task = asyncio.ensure_future(app(self.scope, self._receive, self._send))

    async def _receive(self):
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def _send(self, message):
        self.sent.append(message)

    @property
    def status(self) -> int | None:
        starts = [m["status"] for m in self.sent if m["type"] == "http.response.start"]
        return starts[0] if starts else None

    @property
    def body(self) -> bytes:
        return b"".join(m.get("body", b"") for m in self.sent if m["type"] == "http.response.body")

    async def until(self, predicate, timeout: float = 10.0) -> None:
        deadline = asyncio.get_running_loop().time() + timeout
        while not predicate(self):
            assert asyncio.get_running_loop().time() < deadline, self.sent
            await asyncio.sleep(0.01)


def _requests(endpoint: str) -> dict[tuple[str, str], float]:
    """unleash_sdk_requests_total of one route label, by (method, status), as scraped."""
    found = {}
    for family in text_string_to_metric_families(prometheus.render().decode()):
        for sample in family.samples:
            if sample.name != "unleash_sdk_requests_total":
                continue
            if sample.labels["endpoint"] == endpoint:
                found[(sample.labels["method"], sample.labels["status"])] = sample.value
    return found


def test_stream_route__process_hands_off__fetch_mode_polling_then_stream_ends(
    site, default_project, development
):
    flag(default_project, development, "handed")
    secret = token()

    async def scenario():
        first, second = Call(site.application, secret), Call(site.application, secret)
        for call in (first, second):
            await call.until(lambda c: b"event: unleash-connected" in c.body)
        told = await hub_mod.hand_off_all(timeout=5)
        await asyncio.wait_for(asyncio.gather(first.task, second.task), timeout=5)
        late = Call(site.application, secret)
        await asyncio.wait_for(late.task, timeout=5)
        return told, first, second, late, hub_mod.accepting()

    told, first, second, late, accepting = run(scenario)
    assert told == 2
    for call in (first, second):
        assert call.body.endswith(hub_mod.FETCH_MODE_POLLING)
        assert call.sent[-1] == {"type": "http.response.body", "body": b"", "more_body": False}
    # a stream asked for while stopping is told the same at once, and polls no longer hint it
    assert (late.status, late.body) == (200, hub_mod.FETCH_MODE_POLLING)
    assert accepting is False


def test_stream_route__opened_and_refused__counted_in_sdk_requests_by_route(
    site, default_project, development
):
    secret = token()

    async def scenario():
        opened = Call(site.application, secret)
        await opened.until(lambda c: b"event: unleash-connected" in c.body)
        refused = Call(site.application, "not-a-token")
        await asyncio.wait_for(refused.task, timeout=10)
        counted_while_open = await asyncio.to_thread(_requests, STREAM)  # scrape reads the DB
        opened.gone.set()
        await asyncio.wait_for(opened.task, timeout=5)
        return refused.status, counted_while_open

    refused_status, counted = run(scenario)
    assert refused_status == 401
    # counted once when the response starts: an open stream is not a pending request
    assert counted == {("GET", "200"): 1.0, ("GET", "401"): 1.0}
    assert _requests(STREAM) == counted


def test_stream_route__filters__read_as_the_polling_endpoints_read_them(
    site, client, default_project, development
):
    # A percent-encoded UTF-8 prefix selects the same flag as on /api/client/features, and a
    # malformed tag is the same 400 as on /api/client/delta.
    flag(default_project, development, "zürich-rollout")
    flag(default_project, development, "zeta")
    secret = token()
    prefix = b"namePrefix=z%C3%BCr"

    async def scenario():
        scoped = Call(site.application, secret, query=prefix)
        await scoped.until(lambda c: b"event: unleash-connected" in c.body)
        scoped.gone.set()
        await asyncio.wait_for(scoped.task, timeout=5)
        bad = Call(site.application, secret, query=b"tag=no-colon")
        await asyncio.wait_for(bad.task, timeout=5)
        return scoped.body.decode(), bad

    streamed, bad = run(scenario)
    polled = client.get(f"/api/client/features?{prefix.decode()}", HTTP_AUTHORIZATION=secret)
    delta = client.get("/api/client/delta?tag=no-colon", HTTP_AUTHORIZATION=secret)
    assert [f["name"] for f in polled.json()["features"]] == ["zürich-rollout"]
    assert "zürich-rollout" in streamed and '"zeta"' not in streamed
    assert (bad.status, delta.status_code) == (400, 400)
    assert json.loads(bad.body)["message"] == delta.json()["message"]
