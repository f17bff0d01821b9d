"""Strategy types (definitions): built-ins, custom CRUD, and the undefined name refused on
every write path Unleash refuses it on (API add/update/patch, batch import, import_features
without --force, the Django admin), while import_features --force still stores it."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.actors import Actor
from core.errors import NotFound, ValidationFailed
from core.models import Event
from flags import services
from flags.builtins import STRATEGIES
from flags.models import Feature, Strategy, StrategyDefinition
from flags.services import strategy_definitions as definitions
from tests.support.admin_forms import change_form_data
from tests.support.fuzz import examples

ACTOR = Actor.system("test")
TYPO = "flexibleRolout"
STRATEGIES_URL = "/api/admin/projects/default/features/{}/environments/development/strategies"


@pytest.fixture
def api(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def flag(default_project):
    return services.feature_create(project=default_project, name="checkout", actor=ACTOR)


def _post(client, path, body):
    return client.post(path, json.dumps(body), content_type="application/json")


def _error_paths(response) -> list[str]:
    return [d.get("path") for d in response.json()["details"]]


def test_builtins__fresh_install__unleash_types_and_legacy_ones_deprecated(db):
    stored = {d.name: d for d in StrategyDefinition.objects.all()}
    for spec in STRATEGIES:
        definition = stored[spec["name"]]
        assert definition.built_in and not definition.editable
        assert definition.deprecated == spec.get("deprecated", False)
    assert not stored["flexibleRollout"].deprecated


def test_flag_strategy_add__typo__400_naming_name_nothing_stored(api, flag):
    response = _post(api, STRATEGIES_URL.format("checkout"), {"name": TYPO})
    assert response.status_code == 400
    assert _error_paths(response) == ["name"]
    assert f"Could not find strategy type with name {TYPO}" in response.json()["message"]
    assert not Strategy.objects.exists()


def test_flag_strategy_update_and_patch__typo__400_name_unchanged(api, flag, development):
    strategy = services.strategy_add(
        feature=flag, environment=development, name="default", actor=ACTOR
    )
    url = f"{STRATEGIES_URL.format('checkout')}/{strategy.pk}"
    put = api.put(url, json.dumps({"name": TYPO}), content_type="application/json")
    patch = [{"op": "replace", "path": "/name", "value": TYPO}]
    patched = api.patch(url, json.dumps(patch), content_type="application/json")
    assert (put.status_code, patched.status_code) == (400, 400)
    assert _error_paths(put) == ["name"] and _error_paths(patched) == ["name"]
    assert Strategy.objects.get().name == "default"


def test_flag_strategy_add__custom_type_even_deprecated__accepted(flag, development):
    definitions.definition_create(name="beta-users", parameters=[], actor=ACTOR)
    definitions.definition_set_deprecated(name="beta-users", deprecated=True, actor=ACTOR)
    services.strategy_add(feature=flag, environment=development, name="beta-users", actor=ACTOR)
    assert Strategy.objects.get().name == "beta-users"


@settings(max_examples=examples(30), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1))
def test_strategy_add__any_undefined_name__refused_naming_name(flag, development, name):
    if StrategyDefinition.objects.filter(name=name).exists() or not name.strip():
        return
    with pytest.raises(ValidationFailed) as exc:
        services.strategy_add(feature=flag, environment=development, name=name, actor=ACTOR)
    assert [d["path"] for d in exc.value.details] == ["name"]


def _batch(name: str) -> dict:
    data = {
        "features": [{"name": "imported", "type": "release"}],
        "featureStrategies": [{"name": name, "featureName": "imported"}],
    }
    return {"project": "default", "environment": "development", "data": data}


def test_batch_validate__typo__unleash_error_item(api, default_project):
    response = _post(api, "/api/admin/features-batch/validate", _batch(TYPO))
    assert response.status_code == 200
    assert response.json()["errors"][0] == {
        "message": "We detected the following custom strategy that needs to be created first:",
        "affectedItems": [TYPO],
    }


def test_batch_import__typo__400_nothing_written(api, default_project):
    response = _post(api, "/api/admin/features-batch/import", _batch(TYPO))
    assert response.status_code == 400
    assert not Feature.objects.filter(name="imported").exists()


def test_batch_validate__custom_type__warning_not_error(api, default_project):
    definitions.definition_create(name="beta-users", parameters=[], actor=ACTOR)
    body = _post(api, "/api/admin/features-batch/validate", _batch("beta-users")).json()
    assert body["errors"] == []
    assert body["warnings"][0]["affectedItems"] == ["beta-users"]


def _client_file(tmp_path, name: str) -> str:
    body = {"version": 2, "features": [{"name": "spec", "enabled": True, "strategies": []}]}
    body["features"][0]["strategies"] = [{"name": name, "parameters": {}}]
    path = tmp_path / "features.json"
    path.write_text(json.dumps(body))
    return str(path)


def test_import_features__typo_without_force__refused_naming_record(tmp_path, development):
    with pytest.raises(CommandError) as exc:
        call_command("import_features", _client_file(tmp_path, TYPO), environment="development")
    assert "features[0].strategies[0].name" in str(exc.value) or TYPO in str(exc.value)
    assert not Feature.objects.filter(name="spec").exists()


def test_import_features__typo_with_force__stored_and_warned(tmp_path, development, capsys):
    path = _client_file(tmp_path, TYPO)
    call_command("import_features", path, environment="development", force=True)
    assert Strategy.objects.get(feature_environment__feature__name="spec").name == TYPO
    assert f"no strategy type is defined for {TYPO!r}" in capsys.readouterr().err


def test_admin_strategy_form__typo__field_error_nothing_saved(admin_client, flag, development):
    state = flag.env_states.get(environment=development)
    url = reverse("admin:flags_featureenvironment_change", args=[state.pk])
    data = change_form_data(admin_client.get(url))
    total = int(data["strategies-TOTAL_FORMS"])
    data["strategies-TOTAL_FORMS"] = str(total + 1)
    fields = {"name": TYPO, "parameters": "", "constraints": "[]", "variants": "[]"}
    for key, value in {**fields, "sort_order": "0"}.items():
        data[f"strategies-{total}-{key}"] = value
    data[f"strategies-{total}-feature_environment"] = state.pk
    response = admin_client.post(url, data)
    assert response.status_code == 200  # the form again, with the service's refusal on it
    assert f"Could not find strategy type with name {TYPO}" in response.content.decode()
    assert not Strategy.objects.exists()


def test_definition_create__duplicate__409_and_builtin_name_409(api):
    body = {"name": "beta-users", "parameters": [{"name": "ids", "type": "list"}]}
    assert _post(api, "/api/admin/strategies", body).status_code == 201
    assert _post(api, "/api/admin/strategies", body).status_code == 409
    builtin = {"name": "default", "parameters": []}
    assert _post(api, "/api/admin/strategies", builtin).status_code == 409


def test_definition_create__no_parameters__400_naming_parameters(api):
    response = _post(api, "/api/admin/strategies", {"name": "beta-users"})
    assert response.status_code == 400
    assert "parameters" in _error_paths(response)


def test_definition_update__custom__replaced_with_event(db):
    definitions.definition_create(name="beta", description="a", parameters=[], actor=ACTOR)
    param = {"name": "ids", "type": "list", "description": "who", "required": True}
    definitions.definition_update(name="beta", title="T", parameters=[param], actor=ACTOR)
    stored = StrategyDefinition.objects.get(name="beta")
    assert (stored.title, stored.parameters) == ("T", [param])
    assert Event.objects.filter(type="strategy-updated").exists()


@pytest.mark.parametrize("name", [spec["name"] for spec in STRATEGIES])
def test_definition_update_and_delete__builtin__refused_unchanged(db, name):
    before = StrategyDefinition.objects.get(name=name).parameters
    with pytest.raises(ValidationFailed):
        definitions.definition_update(name=name, parameters=[], actor=ACTOR)
    with pytest.raises(ValidationFailed):
        definitions.definition_delete(name=name, actor=ACTOR)
    assert StrategyDefinition.objects.get(name=name).parameters == before


def test_definition_deprecate_reactivate__builtin__allowed_and_unknown_404(api):
    assert api.post("/api/admin/strategies/default/deprecate").status_code == 200
    assert api.get("/api/admin/strategies/default").json()["deprecated"] is True
    assert api.post("/api/admin/strategies/default/reactivate").status_code == 200
    assert StrategyDefinition.objects.get(name="default").deprecated is False
    assert api.post("/api/admin/strategies/nope/deprecate").status_code == 404
    with pytest.raises(NotFound):
        definitions.definition_set_deprecated(name="nope", deprecated=False, actor=ACTOR)


def test_definition_delete__custom__gone_then_404(api):
    definitions.definition_create(name="beta", parameters=[], actor=ACTOR)
    assert api.delete("/api/admin/strategies/beta").status_code == 200
    assert api.delete("/api/admin/strategies/beta").status_code == 404
    assert Event.objects.filter(type="strategy-deleted").exists()


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"name": "a b", "parameters": []}, "name"),
        ({"name": "x\x00", "parameters": []}, "name"),
        ({"name": "ok", "parameters": [{"name": "p"}]}, "parameters[0].type"),
        ({"name": "ok", "parameters": [{"name": "p", "type": "\ud800"}]}, "parameters[0].type"),
        ({"name": "ok", "description": "\x00", "parameters": []}, "description"),
    ],
)
def test_definition_create__hostile_field__error_naming_it(db, body, path):
    with pytest.raises(ValidationFailed) as exc:
        definitions.definition_create(actor=ACTOR, **body)
    assert exc.value.details[0]["path"] == path
    assert not StrategyDefinition.objects.filter(built_in=False).exists()


def _as(django_user_model, role: str) -> Client:
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(role.lower(), f"{role}@example.com", "pw-user-1")
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


def test_definition_create__editor_yes_viewer_403__as_unleash_roles(db, django_user_model):
    body = {"name": "beta-users", "parameters": []}
    viewer = _as(django_user_model, "Viewer")
    assert viewer.get("/api/admin/strategies").status_code == 200
    assert _post(viewer, "/api/admin/strategies", body).status_code == 403
    assert _post(_as(django_user_model, "Editor"), "/api/admin/strategies", body).status_code == 201
