"""SDK traffic is never refused while on; metrics sent then survive restarts and count once."""

from datetime import UTC, datetime

import pytest
import requests
from django.db.models import Sum

from core.actors import Actor
from flags.models import Environment, Project
from flags.services import feature_create, token_create
from maintenance import services
from metrics.aggregates import FeatureHourlyMetric
from tests.support.workers import wait_for, web_server, worker_with_beat


def metrics_body(yes: int, no: int) -> dict:
    now = datetime.now(UTC).isoformat()
    return {
        "appName": "maintenance-app",
        "instanceId": "i-1",
        "bucket": {"start": now, "stop": now, "toggles": {"sdk-flag": {"yes": yes, "no": no}}},
    }


REGISTER = {
    "appName": "maintenance-app",
    "instanceId": "i-1",
    "sdkVersion": "unleash-client-python:6.9.1",
    "strategies": ["default"],
    "started": "2026-01-01T00:00:00Z",
    "interval": 15000,
}


@pytest.fixture
def tokens(db, actor):
    environment = Environment.objects.get(pk="development")
    feature_create(project=Project.objects.get(pk="default"), name="sdk-flag", actor=actor)
    backend = token_create(
        name="sdk", type="backend", environment=environment, projects=["*"], actor=actor
    )[1]
    frontend = token_create(
        name="web", type="frontend", environment=environment, projects=["*"], actor=actor
    )[1]
    return {"backend": backend, "frontend": frontend}


def test_client_features__on__200_then_304(client, tokens, maintenance_on):
    first = client.get("/api/client/features", HTTP_AUTHORIZATION=tokens["backend"])
    assert first.status_code == 200
    assert "sdk-flag" in [f["name"] for f in first.json()["features"]]
    again = client.get(
        "/api/client/features",
        HTTP_AUTHORIZATION=tokens["backend"],
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert again.status_code == 304


def test_register_and_metrics__on__accepted(client, tokens, maintenance_on):
    auth = {"HTTP_AUTHORIZATION": tokens["backend"]}
    register = client.post(
        "/api/client/register", REGISTER, content_type="application/json", **auth
    )
    metrics = client.post(
        "/api/client/metrics", metrics_body(3, 1), content_type="application/json", **auth
    )
    assert (register.status_code, metrics.status_code) == (202, 202)


def test_bulk_metrics__on__accepted(client, tokens, maintenance_on):
    now = datetime.now(UTC).isoformat()
    row = {"featureName": "sdk-flag", "appName": "edge", "environment": "development"}
    body = {"applications": [], "metrics": [{**row, "timestamp": now, "yes": 2, "no": 1}]}
    response = client.post(
        "/api/client/metrics/bulk",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=tokens["backend"],
    )
    assert response.status_code == 202


def test_frontend__on__evaluates_and_takes_metrics(client, tokens, maintenance_on):
    auth = {"HTTP_AUTHORIZATION": tokens["frontend"]}
    assert client.get("/api/frontend", **auth).status_code == 200
    response = client.post(
        "/api/frontend/client/metrics", metrics_body(1, 0), content_type="application/json", **auth
    )
    assert response.status_code == 200


def _counted() -> tuple[int, int]:
    totals = FeatureHourlyMetric.objects.filter(feature_name="sdk-flag").aggregate(
        yes=Sum("yes"), no=Sum("no")
    )
    return totals["yes"] or 0, totals["no"] or 0


@pytest.mark.live
def test_metrics__sent_while_on__survive_restarts_and_count_once(transactional_db, tmp_path):
    # Earlier transactional tests may have flushed the migrations' rows.
    development, _ = Environment.objects.get_or_create(pk="development")
    project, _ = Project.objects.get_or_create(pk="default", defaults={"name": "Default"})
    project.environments.add(development)
    actor = Actor.system("test")
    feature_create(project=project, name="sdk-flag", actor=actor)
    secret = token_create(
        name="sdk", type="backend", environment=Environment.objects.get(pk="development"),
        projects=["*"], actor=actor,
    )[1]  # fmt: skip
    services.set_maintenance(enabled=True, message="restart test", actor=actor)
    headers = {"Authorization": secret}
    with web_server(tmp_path / "web1.log") as base:
        for yes, no in ((3, 1), (2, 2)):
            response = requests.post(
                f"{base}/api/client/metrics", json=metrics_body(yes, no), headers=headers, timeout=5
            )
            assert response.status_code == 202
    # Worker and beat tick while on: the flush is skipped, nothing lands.
    with worker_with_beat(tmp_path, tmp_path / "worker1.log", BEAT_INTERVAL_SECONDS=1):
        from maintenance.task_guard import task_stats

        assert wait_for(lambda: task_stats("metrics.flush").get("skipped", 0) >= 2, timeout=40)
    assert _counted() == (0, 0)
    # Everything restarted; maintenance ends; the buffer lands exactly once.
    services.set_maintenance(enabled=False, actor=actor)
    log = tmp_path / "worker2.log"
    with worker_with_beat(tmp_path, log, BEAT_INTERVAL_SECONDS=1):
        assert wait_for(lambda: _counted() == (5, 3), timeout=40), log.read_text()[-3000:]
        wait_for(lambda: False, timeout=3)  # a few more ticks: nothing is applied twice
    assert _counted() == (5, 3)
