"""Playground: a context evaluated across environments, with a reason per answer."""

from flags import services
from flags.models import Feature
from tests.support.admin_api import ACTOR, error

URL = "/api/admin/playground"
ONLY_USER_1 = {
    "name": "default",
    "constraints": [{"contextName": "userId", "operator": "IN", "values": ["1"]}],
}


def _setup(flag, development):
    services.strategy_delete(
        strategy=flag.env_states.get(environment=development).strategies.get(), actor=ACTOR
    )
    services.strategy_add(feature=flag, environment=development, actor=ACTOR, **ONLY_USER_1)


def test_playground__context_matches__enabled_with_reason(api, flag, development):
    _setup(flag, development)
    body = {"environment": "development", "projects": "*", "context": {"userId": "1"}}
    response = api.post(URL, body)
    assert response.status_code == 200, response.content
    answer = response.json()["features"][0]
    assert answer["name"] == "my-flag" and answer["projectId"] == "default"
    assert answer["isEnabled"] is True and answer["reason"] == "strategy default matched"


def test_playground__context_misses__disabled_with_reason(api, flag, development):
    _setup(flag, development)
    body = {"environment": "development", "context": {"userId": "2"}}
    answer = api.post(URL, body).json()["features"][0]
    assert answer["isEnabled"] is False and answer["reason"] == "no strategy matched"
    assert answer["isEnabledInCurrentEnvironment"] is True


def test_playground__advanced__per_environment(api, flag):
    body = {"environments": ["development", "production"], "context": {"appName": "x"}}
    response = api.post(f"{URL}/advanced", body)
    assert response.status_code == 200, response.content
    envs = response.json()["features"][0]["environments"]
    assert envs["development"][0]["isEnabled"] is True
    assert envs["production"][0]["reason"] == "disabled in environment"


def test_playground__project_filter_and_bad_input(api, flag):
    body = {"environment": "development", "projects": ["other"], "context": {}}
    assert api.post(URL, body).json()["features"] == []
    error(api.post(URL, {"environment": "nope", "context": {}}), 400)
    error(api.post(URL, {"environment": "development", "projects": 5, "context": {}}), 400)
    error(api.post(URL, {"environment": "development"}), 400)


def test_playground__viewer_may_use_it(viewer, flag):
    from django.test import Client

    from tests.support.admin_api import Api, personal_token

    client = Api(Client(), personal_token(viewer))
    body = {"environment": "development", "context": {}}
    assert client.post(URL, body).status_code == 200
    assert Feature.objects.count() == 1
