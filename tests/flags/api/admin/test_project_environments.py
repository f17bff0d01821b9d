"""`POST /api/admin/projects/{id}/environments` and `DELETE .../environments/{environment}`."""

from django.test import Client

from core.models import Event
from flags import services
from flags.models import FeatureEnvironment, Project
from tests.support.admin_api import ACTOR, Api, error, personal_token

URL = "/api/admin/projects/web/environments"


def _web(environments=("development",)) -> Project:
    return services.project_create(
        id="web", name="Web", environments=list(environments), actor=ACTOR
    )


def _environments(project_id: str = "web") -> set[str]:
    return set(Project.objects.get(pk=project_id).environments.values_list("name", flat=True))


def test_add__new_environment__200_flags_get_it_and_event(api, production):
    project = _web()
    services.feature_create(project=project, name="web-flag", actor=ACTOR)
    response = api.post(URL, {"environment": "production"})
    assert response.status_code == 200, response.content
    assert _environments() == {"development", "production"}
    assert FeatureEnvironment.objects.filter(
        feature__name="web-flag", environment=production
    ).exists()
    assert Event.objects.filter(type="project-environment-added", project="web").exists()


def test_add__already_on__409(api, development):
    _web()
    error(api.post(URL, {"environment": "development"}), 409)


def test_add__unknown_environment_or_project__404(api, production):
    _web()
    error(api.post(URL, {"environment": "nope"}), 404)
    error(api.post("/api/admin/projects/nope/environments", {"environment": "production"}), 404)


def test_add__bad_body__400_naming_field(api, db):
    _web()
    assert error(api.post(URL, {}), 400)["details"][0]["path"] == "environment"
    assert error(api.post(URL, {"environment": 5}), 400)["details"][0]["path"] == "environment"
    error(api.post(URL, ["production"]), 400)


def test_remove__one_of_two__200_flag_states_gone_and_event(api, production):
    project = _web(("development", "production"))
    services.feature_create(project=project, name="web-flag", actor=ACTOR)
    response = api.delete(f"{URL}/production")
    assert response.status_code == 200, response.content
    assert _environments() == {"development"}
    assert not FeatureEnvironment.objects.filter(
        feature__project=project, environment=production
    ).exists()
    assert Event.objects.filter(type="project-environment-removed", project="web").exists()


def test_remove__last_environment__400(api, db):
    _web()
    error(api.delete(f"{URL}/development"), 400)
    assert _environments() == {"development"}


def test_remove__unknown_environment_or_project__404(api, db):
    _web()
    error(api.delete(f"{URL}/nope"), 404)
    error(api.delete("/api/admin/projects/nope/environments/development"), 404)


def test_add_remove__viewer__403(viewer, production):
    _web()
    viewer_api = Api(Client(), personal_token(viewer))
    error(viewer_api.post(URL, {"environment": "production"}), 403)
    error(viewer_api.delete(f"{URL}/development"), 403)
    assert _environments() == {"development"}
