"""A rolling restart of two server processes while an SDK polls: no failed poll, no old state.

The poller stands in for a load balancer plus an SDK: it polls the servers in rotation with
the last ETag it got (as SDKs do); a server is taken out of rotation, restarted and put back,
then the other. A flag is switched on while one of them is down, so the restarted process
must come up with the database's state, not an older one.
"""

import threading
import time

import pytest
import requests

from tests.support.live_sdk import (
    FEATURES,
    admin_call,
    flag_enabled,
    flag_path,
    sdk_get,
    within,
)
from tests.support.processes import WebServer

FLAG = "rolling-flag"
BOUND = 3.0


class Poller(threading.Thread):
    """Polls /api/client/features on the servers in rotation every 50 ms, like an SDK."""

    def __init__(self, servers):
        super().__init__(daemon=True)
        self.rotation = list(servers)
        # Held for each poll: taking a server out waits for its poll in flight (draining).
        self.lock = threading.Lock()
        self.halt = threading.Event()
        self.failures: list[str] = []
        self.seen: list[bool | None] = []
        self.polls = 0

    def take_out(self, server) -> None:
        with self.lock:
            self.rotation.remove(server)

    def put_back(self, server) -> None:
        with self.lock:
            self.rotation.append(server)

    def run(self) -> None:
        etag, state = None, None
        while not self.halt.is_set():
            headers = {"If-None-Match": etag} if etag else {}
            with self.lock:
                server = self.rotation[self.polls % len(self.rotation)]
                self.polls += 1
                try:
                    response = sdk_get(server, "/api/client/features", **headers)
                except requests.RequestException as exc:
                    self.failures.append(f"{server.url}: {exc!r}")
                    continue
            if response.status_code == 200:
                etag = response.headers["ETag"]
                state = next(
                    (f["enabled"] for f in response.json()["features"] if f["name"] == FLAG), None
                )
            elif response.status_code != 304:
                self.failures.append(f"{server.url}: {response.status_code}")
            self.seen.append(state)
            time.sleep(0.05)


@pytest.fixture
def pair(aof_stores):
    _pg, _cache, env = aof_stores
    servers = [WebServer(env), WebServer(env)]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.stop()


def test_rolling_restart__sdk_polling_throughout__no_failed_poll_and_state_never_goes_back(
    pair,
):
    first, second = pair
    assert admin_call(first, "POST", FEATURES, {"name": FLAG}).status_code == 201
    within(BOUND, lambda: all(flag_enabled(s, FLAG) is False for s in pair))
    poller = Poller(pair)
    poller.start()
    time.sleep(0.5)

    for server, other in ((first, second), (second, first)):
        poller.take_out(server)
        server.stop()
        if server is first:  # switched on while this node is down
            on = admin_call(other, "POST", flag_path(FLAG, "/environments/production/on"))
            assert on.status_code == 200
        server.start()
        assert flag_enabled(server, FLAG) is True  # its very first answer is already current
        poller.put_back(server)
        time.sleep(1.0)
    poller.halt.set()
    poller.join(timeout=10)

    assert poller.failures == []
    assert poller.polls > 20
    switched = poller.seen.index(True)
    assert all(state is True for state in poller.seen[switched:])  # never back to "off"
    etags = {sdk_get(s, "/api/client/features").headers["ETag"] for s in pair}
    assert len(etags) == 1  # both nodes name the same state the same way: 304s across nodes
