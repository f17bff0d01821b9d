"""Playground: evaluate a context against the flags of some projects, with reasons."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from core.api.views import plain, validated
from core.errors import ValidationFailed
from flags.models import Environment, FeatureEnvironment
from flags.payload import compiled_state

from .base import ReadOnlyPostView
from .playground_strategies import strategy_details
from .serializers.playground import (
    AdvancedPlaygroundRequestSerializer,
    AdvancedPlaygroundResponseSerializer,
    PlaygroundRequestSerializer,
    PlaygroundResponseSerializer,
)

TAG = ["Playground"]


def _check_environments(names: list[str]) -> None:
    known = set(Environment.objects.filter(pk__in=names).values_list("pk", flat=True))
    missing = [n for n in names if n not in known]
    if missing:
        raise ValidationFailed.at("environment", f"unknown environment {missing[0]!r}")


def evaluate(environment: str, projects: tuple[str, ...], context: dict) -> list[dict]:
    """One answer per flag of `projects` in `environment`, in name order."""
    state = compiled_state(environment, projects)
    rows = FeatureEnvironment.objects.filter(
        environment_id=environment, feature__name__in=state.feature_names
    ).values_list("feature__name", "feature__project_id", "enabled")
    facts = {name: (project, enabled) for name, project, enabled in rows}
    details = strategy_details(environment, list(facts), context)
    answers = []
    for result in state.evaluate_all({**context, "environment": environment}):
        project, enabled_here = facts.get(result.name, ("", False))
        detail = details.get(result.name) or {"strategies": {"result": False, "data": []}}
        answers.append(
            {
                "name": result.name,
                "projectId": project,
                "environment": environment,
                "isEnabled": result.enabled,
                "isEnabledInCurrentEnvironment": enabled_here,
                "hasUnsatisfiedDependency": result.reason.startswith("dependency"),
                "variant": {
                    **result.variant,
                    "featureEnabled": result.variant.get("feature_enabled", result.enabled),
                },
                "variants": detail.get("variants", []),
                "strategies": detail["strategies"],
                "reason": result.reason,
            }
        )
    return sorted(answers, key=lambda a: a["name"])


class PlaygroundView(ReadOnlyPostView):
    @extend_schema(
        tags=TAG,
        request=PlaygroundRequestSerializer,
        responses=PlaygroundResponseSerializer,
        operation_id="getPlayground",
    )
    def post(self, request):
        data = validated(PlaygroundRequestSerializer, request.data)
        _check_environments([data["environment"]])
        context = plain(data["context"])
        features = evaluate(data["environment"], data["projects"], context)
        body = {"input": _input(data, context), "features": features}
        return Response(PlaygroundResponseSerializer(body).data)


class AdvancedPlaygroundView(ReadOnlyPostView):
    @extend_schema(
        tags=TAG,
        request=AdvancedPlaygroundRequestSerializer,
        responses=AdvancedPlaygroundResponseSerializer,
        operation_id="getAdvancedPlayground",
    )
    def post(self, request):
        data = validated(AdvancedPlaygroundRequestSerializer, request.data)
        environments = list(dict.fromkeys(data["environments"]))
        _check_environments(environments)
        context = plain(data["context"])
        by_name: dict[str, dict] = {}
        for environment in environments:
            for answer in evaluate(environment, data["projects"], context):
                entry = by_name.setdefault(
                    answer["name"],
                    {"name": answer["name"], "projectId": answer["projectId"], "environments": {}},
                )
                entry["environments"][environment] = [answer]
        body = {"input": _input(data, context), "features": sorted(by_name.values(), key=_name)}
        return Response(AdvancedPlaygroundResponseSerializer(body).data)


def _name(entry: dict) -> str:
    return entry["name"]


def _input(data: dict, context: dict) -> dict:
    projects = data["projects"]
    body = {"projects": "*" if "*" in projects else list(projects), "context": context}
    for key in ("environment", "environments"):
        if key in data:
            body[key] = data[key]
    return body
