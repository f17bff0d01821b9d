"""A flag in one environment: strategies, constraints and variants edited inline."""

import pytest
from django.urls import reverse

from core.models import Event
from flags import services
from flags.models import Strategy
from tests.support.admin_forms import change_form_data

IN_CONSTRAINT = '[{"contextName": "userId", "operator": "IN", "values": ["1", "2"]}]'


@pytest.fixture
def state(feature, development):
    return feature.env_states.get(environment=development)


def _url(state):
    return reverse("admin:flags_featureenvironment_change", args=[state.pk])


def _with_new_strategy(client, state, **fields):
    data = change_form_data(client.get(_url(state)))
    total = int(data["strategies-TOTAL_FORMS"])
    data["strategies-TOTAL_FORMS"] = str(total + 1)
    base = {
        "name": "flexibleRollout",
        "parameters": "rollout = 50\nstickiness = default",
        "constraints": "[]",
        "variants": "[]",
        "sort_order": "0",
    }
    for key, value in {**base, **fields}.items():
        data[f"strategies-{total}-{key}"] = value
    data[f"strategies-{total}-feature_environment"] = state.pk
    return data


def test_add_strategy__valid_constraints__saved_through_service(admin_client, state):
    data = _with_new_strategy(admin_client, state, constraints=IN_CONSTRAINT)
    response = admin_client.post(_url(state), data)
    assert response.status_code == 302
    strategy = Strategy.objects.get(feature_environment=state)
    assert strategy.parameters == {"rollout": "50", "stickiness": "default"}
    assert strategy.constraints[0]["values"] == ["1", "2"]
    assert Event.objects.filter(type="feature-strategy-add", environment="development").exists()


@pytest.mark.parametrize(
    ("constraints", "message"),
    [
        ('[{"contextName": "userId", "operator": "BOGUS", "values": []}]', "unknown operator"),
        ('[{"contextName": "v", "operator": "SEMVER_GT", "value": "one"}]', "semantic version"),
        ('[{"contextName": "x", "operator": "STR_CONTAINS", "values": []}]', "at least one"),
        ("[{not json", "Enter a valid JSON"),
    ],
)
def test_add_strategy__bad_constraint__field_error_nothing_saved(
    admin_client, state, constraints, message
):
    data = _with_new_strategy(admin_client, state, constraints=constraints)
    response = admin_client.post(_url(state), data)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[-1].errors
    assert message in str(errors["constraints"])
    assert not Strategy.objects.exists()
    assert not Event.objects.filter(type="feature-strategy-add").exists()


def test_add_strategy__bad_rollout__parameters_error(admin_client, state):
    data = _with_new_strategy(admin_client, state, parameters="rollout = 150")
    response = admin_client.post(_url(state), data)
    errors = response.context["inline_admin_formsets"][0].formset.forms[-1].errors
    assert "from 0 to 100" in str(errors["parameters"])
    assert not Strategy.objects.exists()


def test_update_strategy__title_changed__update_event(admin_client, state, feature, actor):
    development = state.environment
    services.strategy_add(feature=feature, environment=development, name="default", actor=actor)
    data = change_form_data(admin_client.get(_url(state)))
    data["strategies-0-title"] = "Everyone"
    response = admin_client.post(_url(state), data)
    assert response.status_code == 302
    assert Strategy.objects.get().title == "Everyone"
    assert Event.objects.filter(type="feature-strategy-update").exists()


def test_delete_strategy__checked__remove_event(admin_client, state, feature, actor):
    services.strategy_add(
        feature=feature, environment=state.environment, name="default", actor=actor
    )
    data = change_form_data(admin_client.get(_url(state)))
    data["strategies-0-DELETE"] = "on"
    admin_client.post(_url(state), data)
    assert not Strategy.objects.exists()
    assert Event.objects.filter(type="feature-strategy-remove").exists()


def test_enable_with_new_strategy__no_default_added(admin_client, state):
    data = _with_new_strategy(admin_client, state, name="userWithId", parameters="userIds = 7")
    data["enabled"] = "on"
    admin_client.post(_url(state), data)
    state.refresh_from_db()
    assert state.enabled
    assert list(state.strategies.values_list("name", flat=True)) == ["userWithId"]


def test_variants__weights_over_total__field_error(admin_client, state):
    data = change_form_data(admin_client.get(_url(state)))
    data["variants"] = (
        '[{"name": "a", "weight": 900, "weightType": "fix"}, '
        '{"name": "b", "weight": 900, "weightType": "fix"}]'
    )
    response = admin_client.post(_url(state), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["variants"]
    state.refresh_from_db()
    assert state.variants == []


def test_variants__valid__saved_with_event(admin_client, state):
    data = change_form_data(admin_client.get(_url(state)))
    data["variants"] = '[{"name": "blue"}, {"name": "green"}]'
    admin_client.post(_url(state), data)
    state.refresh_from_db()
    assert [v["weight"] for v in state.variants] == [500, 500]
    assert Event.objects.filter(type="feature-environment-variants-updated").exists()
