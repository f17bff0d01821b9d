"""API tokens: created through the service, secret shown exactly once, admin tokens guarded."""

from django.urls import reverse

from core.models import Event
from flags import tokens
from flags.models import ApiToken


def _create(client, **data):
    body = {"name": "ci", "type": "backend", "environment": "development"}
    return client.post(reverse("admin:flags_apitoken_add"), {**body, **data}, follow=True)


def test_create__backend__secret_shown_once_then_never(admin_client, db):
    response = _create(admin_client)
    token = ApiToken.objects.get()
    secret = response.context["new_token_secret"]
    assert secret.startswith("*:development.")
    assert tokens.hash_secret(secret) == token.secret_hash
    assert secret in response.content.decode()
    again = admin_client.get(reverse("admin:flags_apitoken_change", args=[token.pk]))
    assert secret not in again.content.decode()
    assert Event.objects.filter(type="api-token-created").exists()


def test_changelist__tokens__show_display_only(admin_client, db):
    secret = _create(admin_client).context["new_token_secret"]
    content = admin_client.get(reverse("admin:flags_apitoken_changelist")).content.decode()
    assert ApiToken.objects.get().display in content
    assert secret not in content


def test_create__backend_without_environment__field_error(admin_client, db):
    response = _create(admin_client, environment="")
    assert "is required" in str(response.context["adminform"].form.errors["environment"])
    assert not ApiToken.objects.exists()


def test_create__project_scope__limits_projects(admin_client, db):
    _create(admin_client, project_scope=["default"])
    assert ApiToken.objects.get().projects == ["default"]


def test_create__admin_token_as_editor__refused(editor_client, db):
    page = editor_client.get(reverse("admin:flags_apitoken_add"))
    choices = [value for value, _ in page.context["adminform"].form.fields["type"].choices]
    response = _create(editor_client, type="admin", environment="")
    assert "admin" not in choices
    assert "type" in response.context["adminform"].form.errors
    assert not ApiToken.objects.exists()


def test_create__frontend_as_editor__allowed(editor_client, db):
    _create(editor_client, type="frontend")
    assert ApiToken.objects.get().type == "frontend"


def test_create__admin_token_as_superuser__allowed(admin_client, db):
    response = _create(admin_client, type="admin", environment="")
    assert response.context["new_token_secret"].startswith("*:*.")


def test_delete__token__audited(admin_client, db):
    _create(admin_client)
    token = ApiToken.objects.get()
    admin_client.post(reverse("admin:flags_apitoken_delete", args=[token.pk]), {"post": "yes"})
    assert not ApiToken.objects.exists()
    assert Event.objects.filter(type="api-token-deleted").exists()
