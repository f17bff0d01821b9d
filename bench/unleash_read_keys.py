"""Record a live Unleash's read shapes (status + sorted keys) as fixtures for the parity test.

Run against a live Unleash 8.2 (admin token in UNLEASH_ADMIN_TOKEN, default the insecure one):
    python bench/unleash_read_keys.py http://127.0.0.1:4242
It writes the same small data set the test writes here (objects named ``mxx-...``) through
the admin API, then stores each read as tests/fixtures/unleash_8_2/read_keys/<name>.json.
"""

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.read_keys import key_tree, only_data_set  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "tests/fixtures/unleash_8_2/read_keys"
TOKEN = os.environ.get("UNLEASH_ADMIN_TOKEN", "*:*.unleash-insecure-admin-api-token")
CLIENT = os.environ.get("UNLEASH_CLIENT_TOKEN", "default:development.unleash-insecure-api-token")


def call(base, method, path, body=None, token=TOKEN):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req) as resp:
            raw = resp.read()
            status = resp.status
    except urllib.error.HTTPError as exc:
        raw, status = exc.read(), exc.code
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = None
    return status, parsed


def setup(base):
    """The data set: one flag with a strategy with variants, on in development; one app."""
    p = "/api/admin/projects/default/features"
    call(base, "POST", p, {"name": "mxx-f1", "description": "d", "type": "release"})
    strategy = {
        "name": "flexibleRollout",
        "parameters": {"rollout": "100", "stickiness": "default", "groupId": "mxx-f1"},
        "constraints": [],
        "variants": [
            {"name": "a", "weight": 1000, "weightType": "variable", "stickiness": "default"}
        ],
    }
    call(base, "POST", f"{p}/mxx-f1/environments/development/strategies", strategy)
    call(base, "POST", f"{p}/mxx-f1/environments/development/on")
    reg = {
        "appName": "mxx-app",
        "instanceId": "mxx-i1",
        "environment": "development",
        "sdkVersion": "unleash-client-node:6.12.0",
        "strategies": ["default", "flexibleRollout"],
        "started": "2026-01-01T00:00:00Z",
        "interval": 10000,
    }
    call(base, "POST", "/api/client/register", reg, token=CLIENT)
    metrics = {
        "appName": "mxx-app",
        "instanceId": "mxx-i1",
        "environment": "development",
        "bucket": {
            "start": "2026-01-01T00:00:00Z",
            "stop": "2026-01-01T00:01:00Z",
            "toggles": {"mxx-f1": {"yes": 3, "no": 1, "variants": {"a": 3}}},
        },
    }
    call(base, "POST", "/api/client/metrics", metrics, token=CLIENT)
    app = {"description": "mx app", "url": "https://example.com", "color": "red", "icon": "x"}
    call(base, "POST", "/api/admin/metrics/applications/mxx-app", app)


PLAYGROUND = {
    "projects": "*",
    "environment": "development",
    "context": {"appName": "x", "userId": "1"},
}
READS = {
    "user": ("GET", "/api/admin/user", None),
    "feature": ("GET", "/api/admin/projects/default/features/mxx-f1", None),
    "project_features": ("GET", "/api/admin/projects/default/features", None),
    "search_features": ("GET", "/api/admin/search/features?query=mxx-f1", None),
    "playground": ("POST", "/api/admin/playground", PLAYGROUND),
    "events": ("GET", "/api/admin/events?feature=mxx-f1", None),
    "events_of_flag": ("GET", "/api/admin/events/mxx-f1", None),
    "search_events": ("GET", "/api/admin/search/events?feature=IS:mxx-f1", None),
    "environments": ("GET", "/api/admin/environments", None),
    "project_environments": ("GET", "/api/admin/environments/project/default", None),
    "projects": ("GET", "/api/admin/projects", None),
    "applications": ("GET", "/api/admin/metrics/applications", None),
    "application": ("GET", "/api/admin/metrics/applications/mxx-app", None),
    "project_applications": ("GET", "/api/admin/projects/default/applications", None),
    "instances": ("GET", "/api/admin/metrics/instances/mxx-app/environment/development", None),
    "export": (
        "POST",
        "/api/admin/features-batch/export",
        {"features": ["mxx-f1"], "environment": "development"},
    ),
}


# Calls whose status (and body keys) the parity tests compare; run in this order.
CALLS = {
    "app_create": ("POST", "/api/admin/metrics/applications/mxx-new", {"description": "x"}),
    "app_update": ("POST", "/api/admin/metrics/applications/mxx-new", {"color": "blue"}),
    "app_read": ("GET", "/api/admin/metrics/applications/mxx-new", None),
    "app_not_object": ("POST", "/api/admin/metrics/applications/mxx-new", []),
    "app_delete": ("DELETE", "/api/admin/metrics/applications/mxx-new", None),
    "app_delete_again": ("DELETE", "/api/admin/metrics/applications/mxx-new", None),
    "app_read_deleted": ("GET", "/api/admin/metrics/applications/mxx-new", None),
    "instances_unknown_app": (
        "GET",
        "/api/admin/metrics/instances/mxx-none/environment/development",
        None,
    ),
    "events_unknown_flag": ("GET", "/api/admin/events/mxx-none", None),
    "project_environments_unknown": ("GET", "/api/admin/environments/project/mxx-none", None),
    "project_applications_unknown": ("GET", "/api/admin/projects/mxx-none/applications", None),
    "sort_order_unknown_env": ("PUT", "/api/admin/environments/sort-order", {"mxx-none": 2}),
    "sort_order_not_integer": ("PUT", "/api/admin/environments/sort-order", {"development": "x"}),
}
CALLS_OUT = OUT.parent / "admin_calls"


# Keys that only data outside this data set adds on a shared instance (another session set a
# default strategy on the default project): dropped so the fixture describes this data set.
NOT_OURS = {"project_environments": ("environments", "[]", "defaultStrategy")}


def drop(tree, path):
    node = tree
    for key in path[:-1]:
        node = (node or {}).get(key)
    if isinstance(node, dict):
        node.pop(path[-1], None)
    return tree


def main(base):
    setup(base)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (method, path, body) in READS.items():
        status, parsed = call(base, method, path, body)
        fixture = {
            "request": {"method": method, "path": path, "body": body},
            "status": status,
            "keys": drop(key_tree(only_data_set(parsed)), NOT_OURS.get(name, ("-",))),
        }
        (OUT / f"{name}.json").write_text(json.dumps(fixture, indent=1, sort_keys=True) + "\n")
        print(name, status)
    CALLS_OUT.mkdir(parents=True, exist_ok=True)
    for name, (method, path, body) in CALLS.items():
        status, parsed = call(base, method, path, body)
        fixture = {
            "request": {"method": method, "path": path, "body": body},
            "status": status,
            "keys": key_tree(parsed),
        }
        (CALLS_OUT / f"{name}.json").write_text(
            json.dumps(fixture, indent=1, sort_keys=True) + "\n"
        )
        print(name, status)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:4242")
