"""Context field writes: create, update, delete."""

import pytest

from core.errors import Conflict, ValidationFailed
from flags import services
from flags.builtins import CONTEXT_FIELDS
from flags.models import ContextField

BUILT_IN = [name for name, *_ in CONTEXT_FIELDS]  # on every fresh install (issue 10)


@pytest.fixture
def field(actor):
    return services.context_field_create(name="tier", actor=actor, legal_values=["gold"])


def test_context_field_create__valid__stored_with_event(actor, events):
    field = services.context_field_create(
        name="country",
        actor=actor,
        description="ISO code",
        stickiness=True,
        sort_order=3,
        legal_values=["NO", {"value": "SE", "description": "Sweden"}],
    )
    stored = ContextField.objects.get(pk=field.pk)
    assert stored.legal_values == [
        {"value": "NO"},  # kept as sent (no description), as Unleash does
        {"value": "SE", "description": "Sweden"},
    ]
    assert (stored.stickiness, stored.sort_order) == (True, 3)
    [event] = events()
    assert event.type == "context-field-created"
    assert event.data == {
        "name": "country",
        "description": "ISO code",
        "stickiness": True,
        "legalValues": stored.legal_values,
        "sortOrder": 3,
    }


def test_context_field_create__name_taken__conflict(field, actor, events):
    with pytest.raises(Conflict) as exc:
        services.context_field_create(name="tier", actor=actor)
    assert exc.value.details[0]["path"] == "name"
    assert events() == []


@pytest.mark.parametrize(
    ("spec", "path"),
    [
        ({"name": "has space"}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x", "stickiness": "yes"}, "stickiness"),
        ({"name": "x", "sort_order": "1"}, "sortOrder"),
        ({"name": "x", "description": []}, "description"),
        ({"name": "x", "legal_values": "a,b"}, "legalValues"),
        ({"name": "x", "legal_values": ["a", "a"]}, "legalValues[1].value"),
        ({"name": "x", "legal_values": [{"value": ""}]}, "legalValues[0].value"),
        (
            {"name": "x", "legal_values": [{"value": "a", "description": 1}]},
            "legalValues[0].description",
        ),
        ({"name": "x", "colour": "red"}, "colour"),
    ],
)
def test_context_field_create__bad_field__validation_error_naming_it(actor, events, spec, path):
    with pytest.raises(ValidationFailed) as exc:
        services.context_field_create(actor=actor, **spec)
    assert exc.value.details[0]["path"] == path
    assert not ContextField.objects.exclude(name__in=BUILT_IN).exists()
    assert events() == []


def test_context_field_create__no_name__validation_error(actor):
    with pytest.raises(ValidationFailed) as exc:
        services.context_field_create(actor=actor)
    assert exc.value.details[0]["path"] == "name"


def test_context_field_update__changed__event_with_before_and_after(field, actor, events):
    services.context_field_update(
        field=field, actor=actor, name="ignored", legal_values=["gold", "silver"]
    )
    stored = ContextField.objects.get(pk=field.pk)
    assert stored.name == "tier"
    assert [v["value"] for v in stored.legal_values] == ["gold", "silver"]
    [event] = events()
    assert event.type == "context-field-updated"
    assert len(event.pre_data["legalValues"]) == 1
    assert len(event.data["legalValues"]) == 2


def test_context_field_update__bad_value__unchanged(field, actor, events):
    with pytest.raises(ValidationFailed):
        services.context_field_update(field=field, actor=actor, stickiness=None)
    assert ContextField.objects.get(pk=field.pk).stickiness is False
    assert events() == []


def test_context_field_delete__existing__removed_with_event(field, actor, events):
    services.context_field_delete(field=field, actor=actor)
    assert not ContextField.objects.exclude(name__in=BUILT_IN).exists()
    [event] = events()
    assert (event.type, event.pre_data["name"]) == ("context-field-deleted", "tier")
