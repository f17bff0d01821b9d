"""Segments, context fields, tag types, projects and environments: saves through services."""

from django.urls import reverse

from core.models import Event
from flags import services
from flags.models import ContextField, Environment, Project, Segment, TagType
from tests.support.admin_forms import messages_of


def _post(client, model, data, pk=None):
    name = f"admin:flags_{model}_change" if pk else f"admin:flags_{model}_add"
    return client.post(reverse(name, args=[pk] if pk else None), data)


def test_segment__add_valid__created_with_event(admin_client, db):
    constraints = '[{"contextName": "region", "operator": "IN", "values": ["eu"]}]'
    response = _post(admin_client, "segment", {"name": "eu", "constraints": constraints})
    assert response.status_code == 302
    assert Segment.objects.get().constraints[0]["values"] == ["eu"]
    assert Event.objects.filter(type="segment-created").exists()


def test_segment__bad_constraint__field_error(admin_client, db):
    constraints = '[{"contextName": "at", "operator": "DATE_AFTER", "value": "yesterday"}]'
    response = _post(admin_client, "segment", {"name": "eu", "constraints": constraints})
    errors = str(response.context["adminform"].form.errors["constraints"])
    assert "Constraint 1: the value must be a date and time" in errors
    assert not Segment.objects.exists()


def test_segment__duplicate_name__conflict_as_field_error(admin_client, actor):
    services.segment_create(name="eu", actor=actor)
    response = _post(admin_client, "segment", {"name": "eu", "constraints": "[]"})
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors
    assert Segment.objects.count() == 1


def test_segment__in_use__delete_refused(admin_client, actor, feature, development):
    segment = services.segment_create(name="eu", actor=actor)
    services.strategy_add(
        feature=feature, environment=development, name="default", segments=[segment.pk], actor=actor
    )
    url = reverse("admin:flags_segment_delete", args=[segment.pk])
    response = admin_client.post(url, {"post": "yes"}, follow=True)
    assert any("used by 1 strategies" in m for m in messages_of(response))
    assert Segment.objects.exists()


def test_context_field__legal_values__saved(admin_client, db):
    data = {"name": "region", "legal_values": "eu | Europe\nus", "sort_order": "10"}
    assert _post(admin_client, "contextfield", data).status_code == 302
    assert ContextField.objects.get(name="region").legal_values == [
        {"value": "eu", "description": "Europe"},
        {"value": "us", "description": ""},
    ]
    assert Event.objects.filter(type="context-field-created").exists()


def test_context_field__duplicate_legal_value__field_error(admin_client, db):
    data = {"name": "region", "legal_values": "eu\neu", "sort_order": "10"}
    response = _post(admin_client, "contextfield", data)
    assert "duplicate" in str(response.context["adminform"].form.errors["legal_values"])
    assert not ContextField.objects.filter(name="region").exists()


def test_tag_type__add_and_update__audited(admin_client, db):
    _post(admin_client, "tagtype", {"name": "team", "description": "owner"})
    tag_type = TagType.objects.get(name="team")
    _post(admin_client, "tagtype", {"description": "owning team"}, pk=tag_type.pk)
    tag_type.refresh_from_db()
    assert tag_type.description == "owning team"
    assert Event.objects.filter(type="tag-type-updated").exists()


def test_project__add_with_environment__created(admin_client, development):
    data = {"id": "shop", "name": "Shop", "environments": ["development"]}
    assert _post(admin_client, "project", data).status_code == 302
    assert list(Project.objects.get(pk="shop").environments.all()) == [development]
    assert Event.objects.filter(type="project-created", project="shop").exists()


def test_project__remove_environment__audited(admin_client, actor, development, production):
    services.project_create(id="shop", name="Shop", actor=actor)
    _post(admin_client, "project", {"name": "Shop", "environments": ["development"]}, pk="shop")
    assert list(Project.objects.get(pk="shop").environments.all()) == [development]
    assert Event.objects.filter(type="project-environment-removed").exists()


def test_project__default_delete__refused(admin_client, db):
    url = reverse("admin:flags_project_delete", args=["default"])
    response = admin_client.post(url, {"post": "yes"}, follow=True)
    assert any("cannot be deleted" in m for m in messages_of(response))
    assert Project.objects.filter(pk="default").exists()


def test_environment__add_and_disable__audited(admin_client, db):
    data = {"name": "staging", "type": "test", "sort_order": "5", "enabled": "on"}
    assert _post(admin_client, "environment", data).status_code == 302
    _post(admin_client, "environment", {}, pk="staging")
    assert not Environment.objects.get(pk="staging").enabled
    assert Event.objects.filter(type="environment-disabled").exists()
