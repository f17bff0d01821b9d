"""Unleash's addon shapes (addonSchema, addonsSchema, integrationEventsSchema), input rule."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import StrictBooleanField, StrictCharField
from core.textcheck import MAX_TEXT, text_problem
from integrations import providers, secrets

MAX_PARAMETERS = 30
MAX_LIST = 1000


@extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
class ParametersField(serializers.Field):
    """An object of text, numbers and booleans (Unleash's joi rule), each checked as text."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError("must be an object")
        if len(data) > MAX_PARAMETERS:
            raise serializers.ValidationError(f"at most {MAX_PARAMETERS} parameters")
        for key, value in data.items():
            problem = text_problem(key, 100)
            if problem:
                raise serializers.ValidationError(f"key {problem}")
            if not isinstance(value, str | int | float | bool) or value is None:
                raise serializers.ValidationError(f"{key} must be one of [string, number, boolean]")
            if isinstance(value, str) and (problem := text_problem(value, MAX_TEXT)):
                raise serializers.ValidationError(f"{key}: {problem}")
        return dict(data)

    def to_representation(self, value):
        return value


def _names(**kwargs):
    return serializers.ListField(
        child=StrictCharField(max_length=255), max_length=MAX_LIST, **kwargs
    )


class IntegrationInputSerializer(serializers.Serializer):
    """addonCreateUpdateSchema: unknown keys are dropped, as Unleash strips them."""

    provider = StrictCharField(max_length=100)
    enabled = StrictBooleanField()
    description = StrictCharField(
        max_length=MAX_TEXT, required=False, allow_blank=True, allow_null=True
    )
    parameters = ParametersField()
    events = _names()
    projects = _names(required=False)
    environments = _names(required=False)


class IntegrationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    provider = serializers.CharField()
    description = serializers.CharField(allow_null=True)
    enabled = serializers.BooleanField()
    parameters = serializers.DictField()
    events = serializers.ListField(child=serializers.CharField())
    projects = serializers.ListField(child=serializers.CharField())
    environments = serializers.ListField(child=serializers.CharField())
    createdAt = serializers.DateTimeField(allow_null=True)


class ProviderSerializer(serializers.Serializer):
    name = serializers.CharField()
    displayName = serializers.CharField()
    description = serializers.CharField()
    documentationUrl = serializers.CharField()
    howTo = serializers.CharField(required=False)
    parameters = serializers.ListField(child=serializers.DictField())
    events = serializers.ListField(child=serializers.CharField())


class IntegrationsSerializer(serializers.Serializer):
    addons = IntegrationSerializer(many=True)
    providers = ProviderSerializer(many=True)


class DeliverySerializer(serializers.Serializer):
    id = serializers.CharField(help_text="A big integer, as a string (Unleash)")
    integrationId = serializers.IntegerField()
    createdAt = serializers.DateTimeField()
    state = serializers.ChoiceField(choices=["success", "failed", "successWithErrors"])
    stateDetails = serializers.CharField(allow_blank=True)
    event = serializers.DictField()
    details = serializers.DictField()


class DeliveriesSerializer(serializers.Serializer):
    integrationEvents = DeliverySerializer(many=True)


def _masked(provider: str, parameters: dict, shown: dict | None) -> dict:
    """Sensitive values as the mask, unless ``shown`` (what the caller itself sent) holds them."""
    hidden = providers.sensitive_names(provider)
    out = {}
    for key, value in parameters.items():
        visible = shown is not None and shown.get(key) == value
        out[key] = providers.MASK if key in hidden and not visible else value
    return out


def integration_wire(row, *, sent: dict | None = None) -> dict:
    """An integration as Unleash shows it; ``sent``: the parameters of this very request."""
    return {
        "id": row.pk,
        "provider": row.provider,
        "description": row.description,
        "enabled": row.enabled,
        "parameters": _masked(row.provider, secrets.joined(row), sent),
        "events": list(row.events),
        "projects": list(row.projects),
        "environments": list(row.environments),
        "createdAt": row.created_at,
    }


def delivery_wire(row) -> dict:
    return {
        "id": str(row.pk),
        "integrationId": row.integration_id,
        "createdAt": row.created_at,
        "state": row.state,
        "stateDetails": row.state_details,
        "event": row.event,
        "details": row.details,
    }
