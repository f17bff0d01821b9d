"""Every admin read carries the keys Unleash 8.2 answers with (recorded fixtures, no live Unleash).

The fixtures (tests/fixtures/unleash_8_2/read_keys/*.json) were recorded by
bench/unleash_read_keys.py from a live Unleash 8.2 after writing the same data set through its
admin API; here the data set is written through ours, each read is made, and its status and
key tree must cover Unleash's (extra keys of ours may stay).
"""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.test import Client

from flags import services
from flags.actors import Actor
from metrics import services as metrics_services

from .admin.conftest import Api, make_token
from .read_keys_shape import key_tree, missing_keys, only_data_set

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures/unleash_8_2/read_keys"
NAMES = sorted(p.stem for p in FIXTURES.glob("*.json"))
# Keys Unleash has and we deliberately do not, each with the reason.
KNOWN_GAPS = {
    # Unleash echoes the admin token's secret; ours keeps only its hash, so it cannot.
    "user": {"user.secret"},
}


@pytest.fixture
def data_set(db, default_project, development, production):
    """bench/unleash_read_keys.py's data set, written through our admin and client APIs."""
    api = Api(Client(), make_token("admin"))
    p = "/api/admin/projects/default/features"
    assert api.post(p, {"name": "mxx-f1", "description": "d", "type": "release"}).status_code == 201
    strategy = {
        "name": "flexibleRollout",
        "parameters": {"rollout": "100", "stickiness": "default", "groupId": "mxx-f1"},
        "constraints": [],
        "variants": [
            {"name": "a", "weight": 1000, "weightType": "variable", "stickiness": "default"}
        ],
    }
    assert api.post(f"{p}/mxx-f1/environments/development/strategies", strategy).status_code == 200
    assert api.post(f"{p}/mxx-f1/environments/development/on").status_code == 200
    _report_usage()
    app = {"description": "mx app", "url": "https://example.com", "color": "red", "icon": "x"}
    assert api.post("/api/admin/metrics/applications/mxx-app", app).status_code == 202
    return api


def _report_usage() -> None:
    _, secret = services.token_create(
        name="mxx-sdk", type="backend", environment=_env("development"), actor=Actor.system()
    )
    sdk = Api(Client(), secret)
    now = datetime.now(UTC).isoformat()
    register = {
        "appName": "mxx-app",
        "instanceId": "mxx-i1",
        "sdkVersion": "unleash-client-node:6.12.0",
        "strategies": ["default", "flexibleRollout"],
        "started": now,
        "interval": 10000,
    }
    assert sdk.post("/api/client/register", register).status_code in (200, 202)
    bucket = {"start": now, "stop": now, "toggles": {"mxx-f1": {"yes": 3, "no": 1}}}
    metrics = {"appName": "mxx-app", "instanceId": "mxx-i1", "bucket": bucket}
    assert sdk.post("/api/client/metrics", metrics).status_code in (200, 202)
    metrics_services.flush()


def _env(name):
    from flags.models import Environment  # noqa: PLC0415

    return Environment.objects.get(pk=name)


@pytest.mark.parametrize("name", NAMES)
def test_read_keys__same_data_as_unleash__status_and_keys_cover_unleash(data_set, name):
    fixture = json.loads((FIXTURES / f"{name}.json").read_text())
    request = fixture["request"]
    method = request["method"].lower()
    response = data_set.call(method, request["path"], request["body"])
    assert response.status_code == fixture["status"], response.content[:500]
    ours = key_tree(only_data_set(response.json()))
    missing = sorted(set(missing_keys(fixture["keys"], ours)) - KNOWN_GAPS.get(name, set()))
    assert missing == [], f"{name}: keys Unleash has and we lack: {missing}"
