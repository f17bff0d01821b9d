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
        "active": "on",  # the Enabled box starts checked
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
    # The group id a person leaves empty is the flag's name, as Unleash's UI fills it.
    assert strategy.parameters == {"rollout": "50", "stickiness": "default", "groupId": "checkout"}
    assert strategy.constraints[0]["values"] == ["1", "2"]
    assert Event.objects.filter(type="feature-strategy-add", environment="development").exists()


@pytest.mark.parametrize(
    ("constraints", "message"),
    [
        (
            '[{"contextName": "userId", "operator": "BOGUS", "values": []}]',
            "Constraint 1: the operator is not one SDKs know",
        ),
        (
            '[{"contextName": "v", "operator": "SEMVER_GT", "value": "one"}]',
            "Constraint 1: the value must be a version such as 1.2.3",
        ),
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


def test_switch_on_after_strategy_saved__no_default_added(admin_client, state):
    data = _with_new_strategy(
        admin_client, state, name="remoteAddress", parameters="IPs = 10.0.0.1"
    )
    admin_client.post(_url(state), data)
    toggle = reverse("admin:flags_feature_toggle", args=[state.feature_id, "development"])
    admin_client.post(toggle, {"enabled": "1"})
    state.refresh_from_db()
    assert state.enabled
    assert list(state.strategies.values_list("name", flat=True)) == ["remoteAddress"]


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


def test_add_strategy__enabled_unchecked__stored_disabled(admin_client, state):
    data = _with_new_strategy(admin_client, state, name="default", parameters="")
    del data[f"strategies-{int(data['strategies-TOTAL_FORMS']) - 1}-active"]
    admin_client.post(_url(state), data)
    assert Strategy.objects.get(feature_environment=state).disabled is True


def test_add_strategy__deprecated_type__not_offered(admin_client, state):
    data = _with_new_strategy(admin_client, state, name="userWithId", parameters="userIds = 7")
    response = admin_client.post(_url(state), data)
    errors = response.context["inline_admin_formsets"][0].formset.forms[-1].errors
    assert "Could not find strategy type with name userWithId" in str(errors["name"])
    assert not Strategy.objects.exists()


@pytest.mark.parametrize(
    ("name", "parameters", "message"),
    [
        ("remoteAddress", '{"IPs": "10.0.0.1, 10.0.0.300"}', "“10.0.0.300” is not an IP address"),
        ("remoteAddress", '{"IPs": ""}', "IPs: is required"),
        ("applicationHostname", '{"hostNames": "web 1"}', "“web 1” is not a host name"),
        ("flexibleRollout", '{"rollout": "150"}', "from 0 to 100"),
    ],
)
def test_add_strategy__parameter_breaks_declared_shape__parameters_error(
    admin_client, state, name, parameters, message
):
    data = _with_new_strategy(admin_client, state, name=name, parameters=parameters)
    response = admin_client.post(_url(state), data)
    form = response.context["inline_admin_formsets"][0].formset.forms[-1]
    assert message in str(form.errors["parameters"])
    assert not Strategy.objects.exists()


def test_add_strategy__lists_from_editor__stored_trimmed_comma_joined(admin_client, state):
    parameters = '{"IPs": " 10.0.0.1 ,192.168.0.0/16,, "}'
    data = _with_new_strategy(admin_client, state, name="remoteAddress", parameters=parameters)
    admin_client.post(_url(state), data)
    assert Strategy.objects.get().parameters == {"IPs": "10.0.0.1,192.168.0.0/16"}


def test_update_title__stored_rollout_without_defaults__parameters_left_as_they_are(
    admin_client, state, feature, actor
):
    # Saved through the API without rollout or group id: SDKs evaluate it as it is.
    services.strategy_add(
        feature=feature,
        environment=state.environment,
        name="flexibleRollout",
        parameters={"stickiness": "userId"},
        actor=actor,
    )
    data = change_form_data(admin_client.get(_url(state)))
    data["strategies-0-title"] = "Renamed"
    assert admin_client.post(_url(state), data).status_code == 302
    strategy = Strategy.objects.get()
    assert strategy.title == "Renamed"
    assert strategy.parameters == {"stickiness": "userId"}


def test_environment_page__viewer__strategy_and_variants_in_words_not_json(
    viewer_client, state, feature, actor
):
    services.strategy_add(
        feature=feature,
        environment=state.environment,
        name="flexibleRollout",
        parameters={"rollout": "30", "stickiness": "userId", "groupId": "checkout"},
        constraints=[{"contextName": "userId", "operator": "IN", "values": ["1", "2"]}],
        variants=[
            {"name": "blue", "weightType": "variable", "payload": {"type": "json", "value": "{}"}}
        ],
        actor=actor,
    )
    content = viewer_client.get(_url(state)).content.decode()
    assert "30% of userId" in content
    assert "userId IN [1, 2]" in content
    assert "blue 100% (JSON payload)" in content
    assert '"contextName"' not in content and "&quot;contextName&quot;" not in content
