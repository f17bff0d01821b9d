"""Projects: list, create, get, update, delete when empty; add and remove environments."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from core.api.views import plain, validated
from core.errors import Conflict
from flags import selectors, services
from flags.models import Project
from flags.services import projects as project_services

from .base import AdminView, get_environment, get_project
from .serializers.projects import (
    CreateProjectSerializer,
    ProjectEnvironmentSerializer,
    ProjectSerializer,
    ProjectsSerializer,
    UpdateProjectSerializer,
)
from .serializers.strategies import StrategyInputSerializer

TAG = ["Projects"]


def _projects():
    return selectors.projects_with_stats()


def project_body(project: Project) -> dict:
    return ProjectSerializer(_projects().get(pk=project.pk)).data


class ProjectsView(AdminView):
    perm_model = "project"

    @extend_schema(tags=TAG, responses=ProjectsSerializer, operation_id="getProjects")
    def get(self, request):
        projects = ProjectSerializer(_projects(), many=True, context={"request": request}).data
        return Response({"version": 1, "projects": projects})

    @extend_schema(
        tags=TAG,
        request=CreateProjectSerializer,
        responses={201: ProjectSerializer},
        operation_id="createProject",
    )
    def post(self, request):
        data = validated(CreateProjectSerializer, request.data)
        project = services.project_create(
            id=data["id"],
            name=data["name"],
            description=data.get("description") or "",
            environments=data.get("environments"),
            actor=self.actor,
        )
        return Response(project_body(project), status=201)


class ProjectView(AdminView):
    perm_model = "project"

    @extend_schema(tags=TAG, responses=ProjectSerializer, operation_id="getProject")
    def get(self, request, project_id):
        return Response(project_body(get_project(project_id)))

    @extend_schema(
        tags=TAG,
        request=UpdateProjectSerializer,
        responses=ProjectSerializer,
        operation_id="updateProject",
    )
    def put(self, request, project_id):
        project = get_project(project_id)
        data = validated(UpdateProjectSerializer, request.data)
        project = services.project_update(
            project=project,
            name=data.get("name"),
            description=data.get("description"),
            actor=self.actor,
        )
        return Response(project_body(project))

    @extend_schema(
        tags=TAG,
        responses={200: OpenApiResponse(description="Deleted")},
        operation_id="deleteProject",
    )
    def delete(self, request, project_id):
        services.project_delete(project=get_project(project_id), actor=self.actor)
        return Response(status=200)


class ProjectEnvironmentsView(AdminView):
    perm_model = "project"
    perms = {"POST": ["flags.change_project"]}

    @extend_schema(
        tags=TAG,
        request=ProjectEnvironmentSerializer,
        responses={200: OpenApiResponse(description="Added (no body)")},
        operation_id="addEnvironmentToProject",
    )
    def post(self, request, project_id):
        project = get_project(project_id)
        data = validated(ProjectEnvironmentSerializer, request.data)
        environment = get_environment(data["environment"])
        # Unleash answers 409 when the environment is already on; the service is idempotent.
        if project.environments.filter(pk=environment.pk).exists():
            raise Conflict.at(
                "environment", f"{project.id} already has the environment {environment.name}"
            )
        services.project_environment_add(project=project, environment=environment, actor=self.actor)
        return Response(status=200)


class ProjectEnvironmentView(AdminView):
    perm_model = "project"
    perms = {"DELETE": ["flags.change_project"]}

    @extend_schema(
        tags=TAG,
        responses={200: OpenApiResponse(description="Removed (no body)")},
        operation_id="removeEnvironmentFromProject",
    )
    def delete(self, request, project_id, environment):
        services.project_environment_remove(
            project=get_project(project_id),
            environment=get_environment(environment),
            actor=self.actor,
        )
        return Response(status=200)


class DefaultStrategyView(AdminView):
    perm_model = "project"
    perms = {"POST": ["flags.change_project"]}

    @extend_schema(
        tags=TAG,
        request=StrategyInputSerializer,
        responses=StrategyInputSerializer,
        operation_id="addDefaultStrategyToProjectEnvironment",
    )
    def post(self, request, project_id, environment):
        data = plain(validated(StrategyInputSerializer, request.data))
        if data.get("title") is None:
            data.pop("title", None)
        stored = project_services.project_set_default_strategy(
            project=get_project(project_id),
            environment=get_environment(environment),
            actor=self.actor,
            **data,
        )
        # Unleash answers the strategy as stored: the fields that were sent, and only those.
        body = StrategyInputSerializer(stored).data
        return Response({k: v for k, v in body.items() if k in request.data})
