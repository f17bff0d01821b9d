"""The admin import/export page and the export_batch/import_batch commands."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from core.models import Event
from flags import services
from flags.models import Feature

PAGE = "/admin/flags/import-export/"


def _flag(project, environment, actor, name="page-flag"):
    feature = services.feature_create(project=project, name=name, actor=actor)
    services.feature_set_enabled(
        feature=feature, environment=environment, enabled=True, actor=actor
    )
    return feature


def _admin(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def test_batch_page__export__downloads_unleash_file(
    admin_user, default_project, development, actor
):
    _flag(default_project, development, actor)
    response = _admin(admin_user).post(PAGE, {"export": "1", "environment": "development"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    body = json.loads(response.content)
    assert [f["name"] for f in body["features"]] == ["page-flag"]


def test_batch_page__validate_then_import__production_switched_on(
    admin_user, default_project, development, actor
):
    _flag(default_project, development, actor)
    client = _admin(admin_user)
    exported = client.post(PAGE, {"export": "1", "environment": "development"}).content
    form = {"project": "default", "environment": "production"}
    validated = client.post(
        PAGE, {**form, "validate": "1", "file": SimpleUploadedFile("e.json", exported)}
    )
    assert "will be overwritten" in validated.content.decode()
    imported = client.post(
        PAGE, {**form, "import": "1", "file": SimpleUploadedFile("e.json", exported)}
    )
    assert "Imported 1 flag(s)" in imported.content.decode()
    state = Feature.objects.get(name="page-flag").env_states.get(environment="production")
    assert state.enabled is True


def test_batch_page__not_json__form_error_nothing_written(admin_user, db):
    response = _admin(admin_user).post(
        PAGE,
        {
            "project": "default",
            "environment": "production",
            "import": "1",
            "file": SimpleUploadedFile("e.json", b"{nope"),
        },
    )
    assert "Not a JSON file" in response.content.decode()
    assert not Event.objects.filter(type="features-imported").exists()


def test_batch_page__anonymous__redirected_to_login(db):
    assert Client().get(PAGE).status_code == 302


def test_commands__export_then_import__round_trip(tmp_path, default_project, development, actor):
    _flag(default_project, development, actor, name="cmd-flag")
    path = tmp_path / "export.json"
    call_command("export_batch", "--environment", "development", "--all", "-o", str(path))
    assert json.loads(path.read_text())["features"][0]["name"] == "cmd-flag"
    call_command("import_batch", str(path), "--project", "default", "--environment", "production")
    state = Feature.objects.get(name="cmd-flag").env_states.get(environment="production")
    assert state.enabled is True
    event = Event.objects.get(type="features-imported")
    assert event.created_by == "manage.py import_batch"
