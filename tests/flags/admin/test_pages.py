"""Every admin page loads for a superuser."""

import pytest
from django.urls import reverse

from core.models import Event
from flags import services
from flags.models import ApiToken, ContextField, Segment, TagType

MODELS = [
    "feature",
    "segment",
    "contextfield",
    "tagtype",
    "project",
    "environment",
    "apitoken",
    "event",
]
# The audit log is core's model; the others are flags'.
APP = {"event": "core"}


def _url(model: str, page: str) -> str:
    return f"admin:{APP.get(model, 'flags')}_{model}_{page}"


@pytest.fixture
def objects(feature, development, actor):
    services.segment_create(name="beta", actor=actor)
    services.context_field_create(name="region", legal_values=["eu", "us"], actor=actor)
    services.tag_type_create(name="team", actor=actor)
    services.token_create(name="ci", type="backend", environment=development, actor=actor)
    return {
        "feature": feature.pk,
        "segment": Segment.objects.get().pk,
        "contextfield": ContextField.objects.get(name="region").pk,
        "tagtype": TagType.objects.get(name="team").pk,
        "project": "default",
        "environment": "development",
        "apitoken": ApiToken.objects.get().pk,
        "event": Event.objects.first().pk,
        "featureenvironment": feature.env_states.get(environment=development).pk,
    }


@pytest.mark.parametrize("model", MODELS)
def test_changelist__superuser__loads(admin_client, objects, model):
    response = admin_client.get(reverse(_url(model, "changelist")))
    assert response.status_code == 200


@pytest.mark.parametrize("model", [m for m in MODELS if m != "event"])
def test_add_page__superuser__loads(admin_client, objects, model):
    response = admin_client.get(reverse(_url(model, "add")))
    assert response.status_code == 200


@pytest.mark.parametrize("model", [*MODELS, "featureenvironment"])
def test_change_page__superuser__loads(admin_client, objects, model):
    response = admin_client.get(reverse(_url(model, "change"), args=[objects[model]]))
    assert response.status_code == 200


def test_index__superuser__shows_configuration_section(admin_client, db):
    response = admin_client.get(reverse("admin:index"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Configuration" in content
    assert "Feature flags" in content
    assert reverse("admin:flags_environment_changelist") in content
