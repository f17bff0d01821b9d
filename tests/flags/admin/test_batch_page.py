"""The import/export page: validate keeps the file for the import step and previews each flag."""

import json

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from flags import services
from flags.batch_export import export_features, parse_export_query
from flags.models import Feature

URL = reverse("admin:batch-import-export")


@pytest.fixture
def export_file(feature, development, actor):
    services.feature_set_enabled(
        feature=feature, environment=development, enabled=True, actor=actor
    )
    body = export_features(
        parse_export_query({"environment": "development", "features": ["checkout"]})
    )
    body["features"][0]["name"] = body["featureEnvironments"][0]["featureName"] = "checkout-2"
    body["featureEnvironments"][0]["name"] = "checkout-2"
    for strategy in body["featureStrategies"]:
        strategy["featureName"] = "checkout-2"
    return json.dumps(body).encode()


def _post(client, export_file=None, **fields):
    data = {"project": "default", "environment": "development", **fields}
    if export_file is not None:
        data["file"] = SimpleUploadedFile("export-development.json", export_file)
    return client.post(URL, data)


def test_validate__file__kept_and_previewed(admin_client, export_file):
    response = _post(admin_client, export_file, validate="1")
    assert response.status_code == 200
    upload = response.context["upload"]
    assert upload["name"] == "export-development.json"
    assert cache.get(f"batch-import:{response.wsgi_request.user.pk}:{upload['token']}")
    rows = response.context["preview"]["rows"]
    assert [(r["name"], r["action"], r["enabled"], r["strategies"]) for r in rows] == [
        ("checkout-2", "create", True, 1)
    ]
    content = response.content.decode()
    assert f'name="staged" value="{upload["token"]}"' in content
    assert "Import 1 flag" in content
    assert not Feature.objects.filter(name="checkout-2").exists()  # validate writes nothing


def test_import__staged_file_without_new_upload__imports(admin_client, export_file):
    token = _post(admin_client, export_file, validate="1").context["upload"]["token"]
    response = _post(admin_client, staged=token, **{"import": "1"})
    assert response.status_code == 200
    assert Feature.objects.get(name="checkout-2").env_states.get(environment="development").enabled
    assert response.context["upload"] is None  # imported: the kept file is dropped
    assert "Imported 1 flag(s)." in [str(m) for m in response.context["messages"]]


def test_import__existing_flag__previewed_as_overwrite(admin_client, export_file):
    _post(admin_client, export_file, validate="1", **{"import": "1"})
    response = _post(admin_client, export_file, validate="1")
    assert response.context["preview"]["rows"][0]["action"] == "update"
    assert response.context["report"]["warnings"]


def test_import__expired_or_foreign_token__asks_for_the_file_again(
    admin_client, export_file, client, django_user_model
):
    token = _post(admin_client, export_file, validate="1").context["upload"]["token"]
    other = django_user_model.objects.create_superuser("other", "o@example.com", "pw-other-1")
    client.force_login(other)
    response = _post(client, staged=token, **{"import": "1"})
    assert "The validated file is no longer kept" in response.content.decode()
    assert not Feature.objects.filter(name="checkout-2").exists()


def test_validate__no_file__says_choose_one(admin_client, db):
    response = _post(admin_client, validate="1")
    assert "Choose an export file." in response.content.decode()


def test_validate__not_json__error_keeps_form(admin_client, db):
    response = _post(admin_client, b"{not json", validate="1")
    assert response.status_code == 200
    assert "Not a JSON file" in response.content.decode()


def test_import__viewer__forbidden(viewer_client, export_file):
    assert _post(viewer_client, export_file, **{"import": "1"}).status_code == 403
    assert not Feature.objects.filter(name="checkout-2").exists()


def test_maintenance_on__validate_and_export_work__import_refused_clearly(
    admin_client, export_file, actor, django_capture_on_commit_callbacks
):
    from maintenance import services as maintenance_services

    with django_capture_on_commit_callbacks(execute=True):
        maintenance_services.set_maintenance(enabled=True, message="DB upgrade", actor=actor)
    validated = _post(admin_client, export_file, validate="1")
    assert validated.context["preview"]["rows"][0]["name"] == "checkout-2"
    assert 'value="Import 1 flag" disabled' in validated.content.decode()
    exported = admin_client.post(URL, {"export": "1", "environment": "development"})
    assert exported["Content-Disposition"] == 'attachment; filename="export-development.json"'
    token = validated.context["upload"]["token"]
    refused = _post(admin_client, staged=token, **{"import": "1"})
    messages = [str(m) for m in refused.context["messages"]]
    assert messages and messages[0].startswith("Nothing imported.") and "DB upgrade" in messages[0]
    assert refused.context["upload"]["name"] == "export-development.json"  # still kept
    assert not Feature.objects.filter(name="checkout-2").exists()
