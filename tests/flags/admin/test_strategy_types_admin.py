"""Django admin pages for strategy types and flag-type lifetimes, written through the services."""

from django.urls import reverse

from core.models import Event
from flags.models import FeatureTypeDefinition, StrategyDefinition
from tests.support.admin_forms import change_form_data


def test_strategy_type_add__valid__created_with_event(admin_client, db):
    data = {
        "name": "beta-users",
        "title": "",
        "description": "early adopters",
        "parameters": '[{"name": "ids", "type": "list", "required": true}]',
    }
    response = admin_client.post(reverse("admin:flags_strategydefinition_add"), data)
    assert response.status_code == 302
    stored = StrategyDefinition.objects.get(name="beta-users")
    assert not stored.built_in and stored.parameters[0]["name"] == "ids"
    assert Event.objects.filter(type="strategy-created").exists()


def test_strategy_type_add__bad_name__form_error_nothing_saved(admin_client, db):
    data = {"name": "has space", "parameters": "[]"}
    response = admin_client.post(reverse("admin:flags_strategydefinition_add"), data)
    assert response.status_code == 200
    assert not StrategyDefinition.objects.filter(name="has space").exists()


def test_strategy_type_builtin__deprecate_allowed_delete_refused(admin_client, db):
    url = reverse("admin:flags_strategydefinition_change", args=["default"])
    data = change_form_data(admin_client.get(url))
    data["deprecated"] = "on"
    assert admin_client.post(url, data).status_code == 302
    assert StrategyDefinition.objects.get(name="default").deprecated
    delete = reverse("admin:flags_strategydefinition_delete", args=["default"])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert StrategyDefinition.objects.filter(name="default").exists()


def test_feature_type_lifetime__changed__stored_with_event(admin_client, db):
    url = reverse("admin:flags_featuretypedefinition_change", args=["release"])
    data = change_form_data(admin_client.get(url))
    data["lifetime_days"] = "21"
    assert admin_client.post(url, data).status_code == 302
    assert FeatureTypeDefinition.objects.get(id="release").lifetime_days == 21
    assert Event.objects.filter(type="feature-type-updated").exists()
