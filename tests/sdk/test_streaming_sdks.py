"""The official Python and Node SDKs in streaming mode against a live `manage.py serve` node.

Writes go through the admin API of the node; the SDKs see them on their open stream. The node
runs on a database of its own and a private redis-server, with room for MAX_STREAMS streams.
"""

from __future__ import annotations

import os
import time
from urllib.parse import urlsplit

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families
from UnleashClient import UnleashClient

from tests.support.node_sdk import NodeSdk
from tests.support.nodes import Node, dedicated_database, running
from tests.support.processes import PrivateRedis, environment
from tests.support.sse import SseReader

pytestmark = pytest.mark.live

ADMIN = "*:*.streaming-sdks-admin-secret"
BACKEND = "*:development.streaming-sdks-backend-secret"
MAX_STREAMS = 6
P = "/api/admin/projects"
STREAM_ROUTE = "/api/client/streaming"


@pytest.fixture(scope="module")
def node():
    cache = PrivateRedis()
    cache.start()
    env = environment(
        "",
        cache.url,
        CELERY_BROKER_URL=cache.url,
        INIT_ADMIN_API_TOKENS=ADMIN,
        INIT_BACKEND_API_TOKENS=BACKEND,
        UNLEASH_STREAMING_MAX_STREAMS=str(MAX_STREAMS),
        UNLEASH_STREAMING_HEARTBEAT="1",
        UNLEASH_STREAMING_FETCH_MODE_HINT="true",
        DEBUG="false",
    )
    name = urlsplit(os.environ["DATABASE_URL"]).path.lstrip("/") or "unleash"
    try:
        with dedicated_database(os.environ["DATABASE_URL"], f"test_{name}_stream", env) as url:
            env["DATABASE_URL"] = url
            with running(Node("stream", env, scheduler=False)) as (served,):
                yield served
    finally:
        cache.close()


def admin(node, method: str, path: str, body=None, expect=(200, 201, 202, 204)):
    response = requests.request(
        method, f"{node.url}{path}", json=body, headers={"Authorization": ADMIN}, timeout=10
    )
    assert response.status_code in expect, (path, response.status_code, response.text)
    return response.json() if response.content else None


def new_flag(node, name: str, *, project="default", on=True, strategy=None) -> str:
    admin(node, "post", f"{P}/{project}/features", {"name": name})
    env = f"{P}/{project}/features/{name}/environments/development"
    admin(node, "post", f"{env}/strategies", strategy or {"name": "default"})
    if on:
        admin(node, "post", f"{env}/on")
    return name


def toggle(node, name: str, on: bool, project="default") -> None:
    state = "on" if on else "off"
    admin(node, "post", f"{P}/{project}/features/{name}/environments/development/{state}")


def python_sdk(node, tmp_path, token=BACKEND) -> UnleashClient:
    client = UnleashClient(
        url=f"{node.url}/api",
        app_name="python-streaming-test",
        custom_headers={"Authorization": token},
        disable_metrics=True,
        disable_registration=True,
        cache_directory=str(tmp_path / "python-sdk"),
        experimental_mode={"type": "streaming"},
    )
    client.initialize_client()
    return client


def _scrape(node) -> dict:
    text = requests.get(f"{node.url}/internal-backstage/prometheus", timeout=10).text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def eventually(check, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.02)
    assert check()


def test_python_sdk__streaming__hydration_update_removal(node, tmp_path):
    new_flag(node, "py-on")
    new_flag(node, "py-off", on=False)
    client = python_sdk(node, tmp_path)
    try:
        eventually(lambda: client.is_enabled("py-on") and "py-off" in client.feature_definitions())
        assert not client.is_enabled("py-off")
        toggle(node, "py-off", True)
        eventually(lambda: client.is_enabled("py-off"))
        admin(node, "delete", f"{P}/default/features/py-on")
        eventually(lambda: "py-on" not in client.feature_definitions())
        assert not client.is_enabled("py-on")
    finally:
        client.destroy()


def test_node_sdk__streaming__hydration_update_removal(node):
    new_flag(node, "js-on")
    new_flag(node, "js-off", on=False)
    watch = [{"key": "on", "name": "js-on"}, {"key": "off", "name": "js-off"}]
    sdk = NodeSdk(node.url, BACKEND, "streaming", watch)
    try:
        sdk.wait_for(lambda s: s["enabled"].get("on") is True and "js-off" in s["known"])
        assert sdk.latest["enabled"]["off"] is False
        toggle(node, "js-off", True)
        sdk.wait_for(lambda s: s["enabled"]["off"] is True)
        admin(node, "delete", f"{P}/default/features/js-on")
        state = sdk.wait_for(lambda s: "js-on" not in s["known"])
        assert state["enabled"]["on"] is False and state["mode"] == "streaming"
    finally:
        sdk.close()


def _segment_flag(node, name: str, users: list[str]) -> int:
    constraint = {"contextName": "userId", "operator": "IN", "values": users}
    segment = admin(
        node, "post", "/api/admin/segments", {"name": f"{name}-seg", "constraints": [constraint]}
    )
    new_flag(node, name, strategy={"name": "default", "segments": [segment["id"]]})
    return segment["id"]


def _widen(node, segment_id: int, name: str, users: list[str]) -> None:
    constraint = {"contextName": "userId", "operator": "IN", "values": users}
    body = {"name": f"{name}-seg", "constraints": [constraint]}
    admin(node, "put", f"/api/admin/segments/{segment_id}", body)


def test_both_sdks__segment_changed__evaluation_follows(node, tmp_path):
    segment_id = _segment_flag(node, "seg-flag", ["1"])
    client = python_sdk(node, tmp_path)
    sdk = NodeSdk(
        node.url,
        BACKEND,
        "streaming",
        [{"key": "u2", "name": "seg-flag", "context": {"userId": "2"}}],
    )
    try:
        eventually(lambda: client.is_enabled("seg-flag", {"userId": "1"}))
        sdk.wait_for(lambda s: "seg-flag" in s["known"])
        assert not client.is_enabled("seg-flag", {"userId": "2"})
        assert sdk.latest["enabled"]["u2"] is False
        _widen(node, segment_id, "seg-flag", ["1", "2"])
        eventually(lambda: client.is_enabled("seg-flag", {"userId": "2"}))
        sdk.wait_for(lambda s: s["enabled"]["u2"] is True)
    finally:
        client.destroy()
        sdk.close()


def test_stream__reconnect_with_last_event_id__only_missed_changes(node):
    new_flag(node, "resume-a")
    new_flag(node, "resume-b", on=False)
    with SseReader(f"{node.url}/api/client/streaming", BACKEND) as first:
        connected = first.next_event()
    assert connected.event == "unleash-connected"
    assert connected.data["events"][0]["type"] == "hydration"
    toggle(node, "resume-b", True)
    with SseReader(
        f"{node.url}/api/client/streaming", BACKEND, last_event_id=connected.id
    ) as again:
        resumed = again.next_event()
    assert resumed.event == "unleash-connected"
    kinds = [(e["type"], e.get("feature", {}).get("name")) for e in resumed.data["events"]]
    assert kinds == [("feature-updated", "resume-b")]
    assert resumed.id != connected.id
    with SseReader(f"{node.url}/api/client/streaming", BACKEND, last_event_id="1:0") as gone:
        assert gone.next_event().data["events"][0]["type"] == "hydration"


def test_stream__project_scoped_token__never_sees_other_project(node, tmp_path):
    admin(node, "post", P, {"id": "scoped", "name": "Scoped"})
    admin(
        node,
        "post",
        f"{P}/scoped/environments",
        {"environment": "development"},
        expect=(200, 201, 409),
    )
    token = admin(
        node,
        "post",
        "/api/admin/api-tokens",
        {
            "tokenName": "scoped",
            "type": "backend",
            "environment": "development",
            "projects": ["scoped"],
        },
    )["secret"]
    new_flag(node, "in-scope", project="scoped")
    new_flag(node, "out-of-scope")
    with SseReader(f"{node.url}/api/client/streaming", token) as stream:
        hydration = stream.next_event().data["events"][0]
        assert [f["name"] for f in hydration["features"]] == ["in-scope"]
        toggle(node, "out-of-scope", False)
        toggle(node, "in-scope", False, project="scoped")
        update = stream.next_event()
    assert update.event == "unleash-updated"
    names = [e["feature"]["name"] for e in update.data["events"] if e["type"] == "feature-updated"]
    assert names == ["in-scope"]
    client = python_sdk(node, tmp_path, token)
    try:
        eventually(lambda: "in-scope" in client.feature_definitions())
        assert set(client.feature_definitions()) == {"in-scope"}
    finally:
        client.destroy()


def test_stream__token_deleted__stream_ends_and_reconnect_refused(node):
    body = {"tokenName": "short-lived", "type": "backend", "environment": "development"}
    token = admin(node, "post", "/api/admin/api-tokens", {**body, "projects": ["*"]})["secret"]
    with SseReader(f"{node.url}/api/client/streaming", token) as stream:
        stream.next_event()
        admin(node, "delete", f"/api/admin/api-tokens/{token}")
        assert stream.wait_closed()
    again = requests.get(
        f"{node.url}/api/client/streaming", headers={"Authorization": token}, timeout=5
    )
    assert again.status_code == 401


def test_stream__maintenance_toggled__streams_open_and_silent(node):
    new_flag(node, "through-maintenance", on=False)
    with SseReader(f"{node.url}/api/client/streaming", BACKEND) as stream:
        stream.next_event()
        admin(node, "post", "/api/admin/maintenance", {"enabled": True})
        try:
            assert stream.next_event(timeout=2.5, allow_heartbeat_only=True) is None
            with SseReader(f"{node.url}/api/client/streaming", BACKEND) as during:
                assert during.next_event().event == "unleash-connected"  # never refused
        finally:
            admin(node, "post", "/api/admin/maintenance", {"enabled": False})
        toggle(node, "through-maintenance", True)
        update = stream.next_event()
    assert update.event == "unleash-updated"
    assert update.data["events"][0]["feature"]["name"] == "through-maintenance"
    assert stream.heartbeats >= 1


def test_node_sdk__streams_full__429_then_polls(node):
    new_flag(node, "full-flag", on=False)
    readers = [SseReader(f"{node.url}/api/client/streaming", BACKEND) for _ in range(MAX_STREAMS)]
    sdk = None
    try:
        for reader in readers:
            reader.next_event()
        refused = requests.get(
            f"{node.url}/api/client/streaming", headers={"Authorization": BACKEND}, timeout=5
        )
        assert refused.status_code == 429
        scraped = _scrape(node)
        assert scraped[("unleash_sdk_streams_open", ())] == MAX_STREAMS
        assert scraped[("unleash_sdk_streams_ended_total", (("reason", "refused"),))] >= 1
        sdk = NodeSdk(node.url, BACKEND, "streaming", [{"key": "f", "name": "full-flag"}])
        sdk.wait_for(lambda s: s["mode"] == "polling" and "full-flag" in s["known"])
        toggle(node, "full-flag", True)
        sdk.wait_for(lambda s: s["enabled"]["f"] is True)
    finally:
        for reader in readers:
            reader.close()
        if sdk is not None:
            sdk.close()


def test_node_sdk__polling_told_fetch_mode_streaming__switches_and_streams(node):
    new_flag(node, "hinted", on=False)
    polled = requests.get(
        f"{node.url}/api/client/features", headers={"Authorization": BACKEND}, timeout=5
    )
    assert polled.headers["fetch-mode"] == "streaming"
    sdk = NodeSdk(node.url, BACKEND, "polling", [{"key": "h", "name": "hinted"}])
    try:
        sdk.wait_for(lambda s: s["mode"] == "streaming" and "hinted" in s["known"])
        toggle(node, "hinted", True)
        sdk.wait_for(lambda s: s["enabled"]["h"] is True)
    finally:
        sdk.close()


def test_node_sdk__delta_polling__sees_toggle(node):
    new_flag(node, "delta-flag", on=False)
    sdk = NodeSdk(node.url, BACKEND, "delta", [{"key": "d", "name": "delta-flag"}])
    try:
        sdk.wait_for(lambda s: "delta-flag" in s["known"])
        toggle(node, "delta-flag", True)
        sdk.wait_for(lambda s: s["enabled"]["d"] is True)
    finally:
        sdk.close()


def _requests_of(scraped: dict, endpoint: str) -> float:
    return sum(
        value
        for (name, labels), value in scraped.items()
        if name == "unleash_sdk_requests_total" and dict(labels)["endpoint"] == endpoint
    )


def test_node_sdk__server_stops_gracefully__told_fetch_mode_polling_then_polls_features(node):
    """A second server on the module's database: stopped (SIGTERM), it hands its streams off;
    the SDK polls the port until a server is back, whose hint then brings it back to a stream."""
    new_flag(node, "handed-off", on=False)
    stopping = Node("stopping", node.env, scheduler=False)
    sdk = None
    try:
        with running(stopping):
            sdk = NodeSdk(stopping.url, BACKEND, "streaming", [{"key": "h", "name": "handed-off"}])
            sdk.wait_for(lambda s: s["mode"] == "streaming" and "handed-off" in s["known"])
            with SseReader(f"{stopping.url}/api/client/streaming", BACKEND) as raw:
                raw.next_event()
                stopping.stop()
                hint = raw.next_event()
                assert raw.wait_closed()
            assert (hint.event, hint.data) == ("fetch-mode", "polling")
            sdk.wait_for(lambda s: s["mode"] == "polling")
        back = Node("back", node.env, scheduler=False)
        back.port = stopping.port  # the address the SDK polls
        with running(back):
            toggle(node, "handed-off", True)
            sdk.wait_for(lambda s: s["enabled"]["h"] is True, timeout=30)
            sdk.wait_for(lambda s: s["mode"] == "streaming", timeout=30)
            eventually(lambda: _requests_of(_scrape(back), STREAM_ROUTE) >= 1)
            assert _requests_of(_scrape(back), "/api/client/features") >= 1
    finally:
        if sdk is not None:
            sdk.close()
