"""The official Python SDK (UnleashClient) polling our live /api/client/features.

Every client-specification file is loaded with `import_features --force` into its own
environment and project, and every case is asserted through the SDK.
"""

from __future__ import annotations

import json
import time

import pytest
from django.core.management import call_command
from UnleashClient import UnleashClient

from core.actors import Actor
from flags import services
from flags.models import Environment, Feature
from tests.support import client_spec
from tests.support.live import recording_statuses

SPEC_FILES = client_spec.load_spec_files()
pytestmark = pytest.mark.django_db(transaction=True)


def _load(tmp_path, state: dict, environment: str, project: str) -> str:
    """Import a state with --force and return a backend token for it."""
    path = tmp_path / "state.json"
    path.write_text(json.dumps(client_spec.fold_delta_state(state)), encoding="utf-8")
    call_command("import_features", str(path), environment=environment, project=project, force=True)
    _token, secret = services.token_create(
        name=f"sdk-{project}",
        type="backend",
        environment=environment,
        projects=[project],
        actor=Actor.system("test"),
    )
    return secret


def _client(live_server, tmp_path, secret: str, **options) -> UnleashClient:
    client = UnleashClient(
        url=f"{live_server.url}/api",
        app_name="sdk-test",
        custom_headers={"Authorization": secret},
        disable_metrics=True,
        disable_registration=True,
        cache_directory=str(tmp_path / "sdk-cache"),
        **options,
    )
    client.initialize_client()
    return client


def _outcome(client: UnleashClient, kind: str, case: dict):
    if kind == "test":
        return client.is_enabled(case["toggleName"], case["context"])
    return client.get_variant(case["toggleName"], case["context"])


@pytest.mark.parametrize(
    ("filename", "spec"), SPEC_FILES, ids=[client_spec.file_stem(n) for n, _ in SPEC_FILES]
)
def test_python_sdk__spec_file_served_by_live_server__every_case_matches(
    live_server, tmp_path, filename, spec
):
    number = filename[:2]
    secret = _load(tmp_path, spec["state"], f"spec-{number}", f"spec-{number}")
    client = _client(live_server, tmp_path, secret)
    try:
        expected_flags = {
            f["name"] for f in client_spec.fold_delta_state(spec["state"])["features"]
        }
        # The SDK drops a whole payload silently when one field has a wrong type.
        assert set(client.feature_definitions()) == expected_flags
        cases = [("test", c) for c in spec.get("tests", [])]
        cases += [("variantTest", c) for c in spec.get("variantTests", [])]
        failures = [
            (case["description"], _outcome(client, kind, case), case["expectedResult"])
            for kind, case in cases
            if _outcome(client, kind, case) != case["expectedResult"]
        ]
    finally:
        client.destroy()
    assert failures == []


def test_python_sdk__all_spec_files__cover_every_published_case():
    tests = sum(len(spec.get("tests", [])) for _, spec in SPEC_FILES)
    variant_tests = sum(len(spec.get("variantTests", [])) for _, spec in SPEC_FILES)
    assert (tests, variant_tests) == (
        client_spec.EXPECTED_TESTS,
        client_spec.EXPECTED_VARIANT_TESTS,
    )


def _switch(name: str, environment: str, enabled: bool) -> None:
    services.feature_set_enabled(
        feature=Feature.objects.get(name=name),
        environment=Environment.objects.get(pk=environment),
        enabled=enabled,
        actor=Actor.system("test"),
    )


def test_python_sdk__polling_unchanged_then_changed__304_then_change_within_a_second(
    live_server, tmp_path
):
    state = {
        "version": 2,
        "features": [{"name": "etag.flag", "enabled": True, "strategies": []}],
    }
    secret = _load(tmp_path, state, "etag-env", "etag-project")
    with recording_statuses(live_server) as recorder:
        client = _client(live_server, tmp_path, secret, refresh_interval=1)
        try:
            assert client.is_enabled("etag.flag") is True
            deadline = time.monotonic() + 5
            while recorder.count("/api/client/features", 304) == 0 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert recorder.count("/api/client/features", 304) >= 1
            _switch("etag.flag", "etag-env", False)
            changed_at = time.monotonic()
            while client.is_enabled("etag.flag") and time.monotonic() - changed_at < 5:
                time.sleep(0.05)
            picked_up_after = time.monotonic() - changed_at
        finally:
            client.destroy()
    assert client.is_enabled("etag.flag") is False
    # One refresh interval (1 s) plus scheduling slack; the server side is visible at once.
    assert picked_up_after < 1.5
