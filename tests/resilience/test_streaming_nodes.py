"""Streams across two `serve` nodes on one Redis: a change made through A reaches streams on B,
also while Redis is down (the database check) and after it comes back empty (a restart)."""

import pytest
import requests

from tests.support.nodes import private_cluster
from tests.support.sse import SseReader

pytestmark = pytest.mark.live

ADMIN = "*:*.streaming-nodes-admin-secret"
BACKEND = "*:development.streaming-nodes-backend-secret"
FLAG = "across-nodes"


@pytest.fixture(scope="module")
def cluster():
    with private_cluster(
        "stream_nodes",
        "a",
        "b",
        INIT_ADMIN_API_TOKENS=ADMIN,
        INIT_BACKEND_API_TOKENS=BACKEND,
        UNLEASH_STREAMING_CHECK_INTERVAL="0.5",
    ) as (cache, (a, b)):
        features = "/api/admin/projects/default/features"
        _admin(a, features, {"name": FLAG})
        _admin(a, f"{features}/{FLAG}/environments/development/strategies", {"name": "default"})
        yield a, b, cache


def _admin(node, path, body=None):
    response = requests.post(
        f"{node.url}{path}", json=body, headers={"Authorization": ADMIN}, timeout=10
    )
    assert response.status_code in (200, 201, 202), (path, response.status_code, response.text)


def _toggle(node, on: bool) -> None:
    state = "on" if on else "off"
    _admin(node, f"/api/admin/projects/default/features/{FLAG}/environments/development/{state}")


def _enabled(event) -> bool:
    (update,) = [e for e in event.data["events"] if e["type"] == "feature-updated"]
    assert update["feature"]["name"] == FLAG
    return update["feature"]["enabled"]


def test_streams__toggle_through_node_a__reaches_stream_on_node_b(cluster):
    a, b, _cache = cluster
    with SseReader(f"{b.url}/api/client/streaming", BACKEND) as stream:
        stream.next_event()
        _toggle(a, True)
        assert _enabled(stream.next_event(timeout=5)) is True
        _toggle(a, False)
        assert _enabled(stream.next_event(timeout=5)) is False


def test_streams__redis_down_then_restarted_empty__database_still_feeds_node_b(cluster):
    a, b, cache = cluster
    with SseReader(f"{b.url}/api/client/streaming", BACKEND) as stream:
        stream.next_event()
        cache.crash()  # every pub/sub message is lost from here on
        try:
            _toggle(a, True)
            assert _enabled(stream.next_event(timeout=10)) is True
        finally:
            cache.start()  # comes back with nothing: no revision, no subscribers
        _toggle(a, False)
        assert _enabled(stream.next_event(timeout=10)) is False
