"""/internal-backstage/prometheus: SDK request counts and latencies, buffer depth, jobs."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from metrics import buffer, prometheus, tasks
from tests.metrics.conftest import metrics_body

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_tally():
    """Requests of earlier tests may sit in this process's unpushed tally."""
    prometheus.reset_local()


def _scrape(client) -> str:
    response = client.get("/internal-backstage/prometheus")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=0.0.4")
    return response.content.decode()


def _value(text: str, name: str, **labels) -> float:
    """The sample `name{labels}` of a scrape, read by prometheus_client's own text parser."""
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and sample.labels == labels:
                return sample.value
    raise AssertionError(f"{name}{labels} not in scrape")


def test_prometheus__sdk_posts__counted_per_endpoint_method_status(client, post, backend_token):
    post("/api/client/metrics", metrics_body(), backend_token)
    post("/api/client/metrics", metrics_body(), backend_token)
    post("/api/client/metrics", {"appName": "x"}, backend_token)

    text = _scrape(client)

    labels = {"endpoint": "/api/client/metrics", "method": "POST"}
    assert _value(text, "unleash_sdk_requests_total", **labels, status="202") == 2
    assert _value(text, "unleash_sdk_requests_total", **labels, status="400") == 1
    latency = "unleash_sdk_request_duration_seconds"
    assert _value(text, f"{latency}_count", endpoint="/api/client/metrics") == 3
    assert _value(text, f"{latency}_bucket", endpoint="/api/client/metrics", le="+Inf") == 3


def test_prometheus__feature_names_in_paths__one_bounded_label(client):
    client.get("/api/client/features/a")
    client.get("/api/client/features/b")

    text = _scrape(client)

    assert 'endpoint="/api/client/features/{name}"' in text
    assert 'endpoint="/api/client/features/a"' not in text


def test_prometheus__admin_paths__not_counted(client):
    client.get("/admin/")

    assert "/admin" not in _scrape(client)


def test_prometheus__buffered_posts__buffer_depth_then_zero_after_flush(
    client, post, backend_token
):
    post("/api/client/metrics", metrics_body(), backend_token)
    buffer.write_accepted()  # what the window's thread writes within METRICS_BUFFER_WINDOW_MS
    depth = {"store": "redis", "kind": "counts"}
    before = _value(_scrape(client), "unleash_metrics_buffer_depth", **depth)

    tasks.flush_metrics.apply()
    text = _scrape(client)

    assert before == 5  # checkout yes/no/blue/disabled + other no
    assert _value(text, "unleash_metrics_buffer_depth", **depth) == 0
    assert _value(text, "unleash_metrics_flush_duration_seconds_count") == 1
    assert _value(text, "unleash_metrics_flush_batches_total", outcome="applied") == 1


def test_prometheus__flush_during_maintenance__skip_counted(client, settings):
    settings.UNLEASH_MAINTENANCE_MODE = "true"
    tasks.flush_metrics.apply()
    tasks.flush_metrics.apply()

    text = _scrape(client)

    assert _value(text, "unleash_task_skips_total", task="metrics.flush") == 2
    assert _value(text, "unleash_metrics_flush_duration_seconds_count") == 0


def test_endpoint_of__paths__route_labels():
    assert prometheus.endpoint_of("/api/frontend/") == "/api/frontend"
    assert prometheus.endpoint_of("/api/client/unknown") == "other"
    assert prometheus.endpoint_of("/health") is None
