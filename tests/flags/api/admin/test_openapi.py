"""The OpenAPI document and docs page; schemathesis against a live server."""

import re
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import Client

from tests.support.admin_api import make_token

# Every admin operation in the document. The maintenance switch runs last, on its own: switched
# on early, it would turn every later write into a 503 and hide what those writes do.
ADMIN_ROUTES = r"^/api/admin/"
MAINTENANCE_SWITCH = "toggleMaintenance"
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    ]
)


def test_openapi__public_json__describes_admin_routes(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    feature = paths["/api/admin/projects/{project_id}/features/{feature_name}"]
    assert set(feature) >= {"get", "put", "patch", "delete"}
    assert "requestBody" in paths["/api/admin/projects/{project_id}/features"]["post"]
    assert "403" in feature["put"]["responses"]
    assert "apiToken" in schema["components"]["securitySchemes"]


def _admin_operations(schema: dict):
    for path, operations in schema["paths"].items():
        if path.startswith("/api/admin/"):
            for method, operation in operations.items():
                yield f"{method.upper()} {path}", method, operation


def test_openapi__every_admin_read__documents_its_body(openapi_document, db):
    schema = openapi_document
    undocumented = [
        name
        for name, method, operation in _admin_operations(schema)
        if method == "get" and "content" not in operation["responses"].get("200", {})
    ]
    assert undocumented == []


def test_openapi__every_admin_operation__success_and_error_answers(openapi_document, db):
    schema = openapi_document
    incomplete = [
        name
        for name, _method, operation in _admin_operations(schema)
        if not any(code.startswith("2") for code in operation["responses"])
        or "401" not in operation["responses"]
    ]
    assert incomplete == []


def test_openapi__writes_with_a_body__document_it(openapi_document, db):
    paths = openapi_document["paths"]
    for path, method in [
        ("/api/admin/maintenance", "post"),
        ("/api/admin/banners", "post"),
        ("/api/admin/features-batch/import", "post"),
        ("/api/admin/projects/{project_id}/environments", "post"),
    ]:
        assert "requestBody" in paths[path][method], (method, path)


def test_openapi__flag_type_enum__named_not_hashed(openapi_document, db):
    components = openapi_document["components"]["schemas"]
    assert "FeatureTypeEnum" in components
    assert not [name for name in components if name[-7:-4].isdigit()]


def test_spectacular__validate_fail_on_warn__passes(db, tmp_path):
    # Raises SchemaGenerationError on any warning or error, and validates the document.
    target = tmp_path / "openapi.yaml"
    call_command("spectacular", validate=True, fail_on_warn=True, file=str(target))
    assert target.read_text().startswith("openapi: 3.")


def test_docs__page_uses_local_assets(db):
    response = Client().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/openapi.json" in html
    assert "cdn" not in html.lower() and "/static/" in html


def _schemathesis(live_server, token: str, *selection: str) -> subprocess.CompletedProcess:
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        f"{live_server.url}/api/openapi.json",
        "--base-url",
        live_server.url,
        "-H",
        f"Authorization: {token}",
        *selection,
        "--checks",
        CHECKS,
        "--hypothesis-max-examples",
        "5",
        "--hypothesis-derandomize",
        "--hypothesis-suppress-health-check",
        "all",
        "--no-color",
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.mark.live
@pytest.mark.django_db(transaction=True)
def test_schemathesis__admin_api__no_500_no_schema_violation(live_server):
    token = make_token("admin")
    document = Client().get("/api/openapi.json").json()
    expected = len(list(_admin_operations(document)))
    collected = 0
    # Two include options would add up (either matches), so the second run names only the switch.
    for selection in (
        ("--include-path-regex", ADMIN_ROUTES, "--exclude-operation-id", MAINTENANCE_SWITCH),
        ("--include-operation-id", MAINTENANCE_SWITCH),
    ):
        result = _schemathesis(live_server, token, *selection)
        assert result.returncode == 0, result.stdout[-60000:] + result.stderr[-2000:]
        assert " passed" in result.stdout, result.stdout[-2000:]
        collected += int(re.search(r"Collected API operations: (\d+)", result.stdout).group(1))
    assert collected == expected
