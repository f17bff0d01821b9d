"""What every flags admin view shares: flag model permissions and the lookups of flag routes."""

from core.api import views
from core.errors import NotFound
from flags.api.admin import schema  # noqa: F401  (documents the API token scheme)
from flags.models import Environment, Feature, Project


class AdminView(views.AdminView):
    """Permissions of the flags app's models (`flags.view_feature` unless a view says else)."""

    perm_app = "flags"
    perm_model = "feature"


class ReadOnlyPostView(AdminView):
    """A POST that only reads: needs view permission, allowed in maintenance mode."""

    maintenance_exempt = True

    def required_permissions(self, method: str) -> list[str]:
        return [f"flags.view_{self.perm_model}"]


def get_project(project_id: str) -> Project:
    projects = Project.objects.filter(pk=project_id)
    return views.first_or_404(projects, "projectId", f"no project {project_id!r}")


def get_environment(name: str) -> Environment:
    environments = Environment.objects.filter(pk=name)
    return views.first_or_404(environments, "environment", f"no environment {name!r}")


def get_feature(name: str, project_id: str | None = None, *, archived: bool = False) -> Feature:
    """An active flag (or an archived one) by name, in the given project if any."""
    qs = Feature.objects.select_related("project").filter(name=name)
    qs = qs.archived() if archived else qs.active()
    if project_id is not None:
        qs = qs.filter(project_id=project_id)
    where = f" in project {project_id!r}" if project_id is not None else ""
    return views.first_or_404(qs, "featureName", f"no flag {name!r}{where}")


def get_feature_and_environment(project_id: str, feature_name: str, environment: str):
    """The flag and the environment a per-environment route names; each a 404 if missing."""
    return get_feature(feature_name, project_id), get_environment(environment)


def in_project_or_404(feature: Feature, environment: Environment) -> None:
    """A flag's per-environment routes exist only for its project's environments."""
    if not feature.project.environments.filter(pk=environment.pk).exists():
        raise NotFound.at(
            "environment", f"environment {environment.name!r} is not used by this project"
        )
