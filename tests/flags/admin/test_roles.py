"""The Admin, Editor and Viewer groups in the admin."""

from django.urls import reverse

from flags.models import Feature


def test_viewer__flag_list__visible_without_toggles(viewer_client, feature):
    response = viewer_client.get(reverse("admin:flags_feature_changelist"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "checkout" in content
    assert 'class="flag-toggle' not in content
    assert "archive" not in response.context["cl"].model_admin.get_actions(response.wsgi_request)


def test_viewer__change_post__forbidden(viewer_client, feature):
    url = reverse("admin:flags_feature_change", args=[feature.pk])
    assert viewer_client.get(url).status_code == 200
    response = viewer_client.post(url, {"description": "hacked", "type": "release"})
    assert response.status_code == 403
    assert Feature.objects.get(pk=feature.pk).description == "New checkout"


def test_viewer__toggle__forbidden(viewer_client, feature):
    url = reverse("admin:flags_feature_toggle", args=[feature.pk, "development"])
    assert viewer_client.post(url, {"enabled": "1"}).status_code == 403
    assert not feature.env_states.filter(enabled=True).exists()


def test_viewer__add_pages__forbidden(viewer_client, db):
    for model in ("feature", "segment", "apitoken", "project"):
        assert viewer_client.get(reverse(f"admin:flags_{model}_add")).status_code == 403


def test_editor__toggle__allowed(editor_client, feature):
    url = reverse("admin:flags_feature_toggle", args=[feature.pk, "development"])
    editor_client.post(url, {"enabled": "1"})
    assert feature.env_states.filter(environment="development", enabled=True).exists()


def test_editor__projects__read_only(editor_client, db):
    assert editor_client.get(reverse("admin:flags_project_add")).status_code == 403
