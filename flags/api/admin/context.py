"""Context fields with legal values, global (/api/admin/context) and per project.

Unleash serves the same routes under /api/admin/projects/{p}/context; there a list shows the
project's own fields (``include=root`` adds the global ones) and writes reach only them.
"""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from core.api.views import body_dict, first_or_404, plain, validated
from core.errors import Conflict, ValidationFailed
from flags import services
from flags.models import ContextField
from flags.services import context_fields as fields_service
from flags.validation import normalize_constraint

from .base import AdminView, ReadOnlyPostView
from .serializers.common import ConstraintSerializer
from .serializers.context import (
    ContextFieldInputSerializer,
    ContextFieldStrategiesSerializer,
    ContextNameSerializer,
    LegalValueInputSerializer,
    ListedContextFieldSerializer,
    ScopedContextFieldSerializer,
)

TAG = ["Context"]
INCLUDE = OpenApiParameter(
    "include", str, description="`project` (global list) or `root` (project list)"
)


def get_field(name: str) -> ContextField:
    fields = ContextField.objects.filter(name=name)
    return first_or_404(fields, "contextField", "Could not find context field")


def get_scoped_field(name: str, project_id: str | None) -> ContextField:
    """The field a write route names; on a project route it must belong to that project."""
    return fields_service.in_project(get_field(name), project_id)


def _listed(request, project_id: str | None):
    include = (request.query_params.get("include") or "").lower()
    qs = ContextField.objects.order_by("name")
    if project_id is not None:
        qs = qs.filter(project_id=project_id) | (
            qs.filter(project__isnull=True) if include == "root" else qs.none()
        )
    elif include != "project":
        qs = qs.filter(project__isnull=True)
    return qs


class ContextFieldsView(AdminView):
    perm_model = "contextfield"

    @extend_schema(
        tags=TAG,
        parameters=[INCLUDE],
        responses=ListedContextFieldSerializer(many=True),
        operation_id="getContextFields",
    )
    def get(self, request, project_id=None):
        context = {"usage": fields_service.context_field_usage()}
        fields = _listed(request, project_id)
        return Response(ListedContextFieldSerializer(fields, many=True, context=context).data)

    @extend_schema(
        tags=TAG,
        request=ContextFieldInputSerializer,
        responses={201: ScopedContextFieldSerializer},
        operation_id="createContextField",
    )
    def post(self, request, project_id=None):
        spec = plain(validated(ContextFieldInputSerializer, request.data))
        if project_id is not None:
            spec["project"] = project_id
        field = services.context_field_create(actor=self.actor, **spec)
        return Response(ScopedContextFieldSerializer(field).data, status=201)


class ContextFieldView(AdminView):
    perm_model = "contextfield"

    @extend_schema(tags=TAG, responses=ScopedContextFieldSerializer, operation_id="getContextField")
    def get(self, request, name, project_id=None):
        return Response(ScopedContextFieldSerializer(get_field(name)).data)

    @extend_schema(
        tags=TAG,
        request=ContextFieldInputSerializer,
        responses={200: OpenApiResponse(description="Updated")},
        operation_id="updateContextField",
    )
    def put(self, request, name, project_id=None):
        field = get_scoped_field(name, project_id)
        spec = plain(validated(ContextFieldInputSerializer, {**body_dict(request), "name": name}))
        services.context_field_update(field=field, actor=self.actor, **spec)
        return Response(status=200)

    @extend_schema(
        tags=TAG,
        responses={200: OpenApiResponse(description="Deleted")},
        operation_id="deleteContextField",
    )
    def delete(self, request, name, project_id=None):
        field = get_scoped_field(name, project_id)
        services.context_field_delete(field=field, actor=self.actor)
        return Response(status=200)


class LegalValuesView(AdminView):
    perm_model = "contextfield"
    perms = {"POST": ["flags.change_contextfield"]}

    @extend_schema(
        tags=TAG,
        request=LegalValueInputSerializer,
        responses={200: OpenApiResponse(description="Added or replaced")},
        operation_id="updateContextFieldLegalValue",
    )
    def post(self, request, name, project_id=None):
        field = get_scoped_field(name, project_id)
        spec = plain(validated(LegalValueInputSerializer, request.data))
        fields_service.legal_value_put(field=field, actor=self.actor, **spec)
        return Response(status=200)


class LegalValueView(AdminView):
    perm_model = "contextfield"
    perms = {"DELETE": ["flags.change_contextfield"]}

    @extend_schema(
        tags=TAG,
        responses={200: OpenApiResponse(description="Removed (or was not there)")},
        operation_id="deleteContextFieldLegalValue",
    )
    def delete(self, request, name, value, project_id=None):
        field = get_scoped_field(name, project_id)
        fields_service.legal_value_delete(field=field, actor=self.actor, value=value)
        return Response(status=200)


class ContextFieldStrategiesView(AdminView):
    perm_model = "contextfield"

    @extend_schema(
        tags=TAG,
        responses=ContextFieldStrategiesSerializer,
        operation_id="getStrategiesByContextField",
    )
    def get(self, request, name, project_id=None):
        # An unknown field is used nowhere: Unleash answers an empty list, not a 404.
        strategies = fields_service.strategies_using(name).order_by("created_at")
        return Response(ContextFieldStrategiesSerializer({"strategies": strategies}).data)


class ValidateContextFieldView(ReadOnlyPostView):
    perm_model = "contextfield"

    @extend_schema(
        tags=TAG,
        request=ContextNameSerializer,
        responses={200: OpenApiResponse(description="The name is free")},
        operation_id="validateContextFieldName",
    )
    def post(self, request, project_id=None):
        name = validated(ContextNameSerializer, request.data)["name"]
        if ContextField.objects.filter(name=name).exists():
            raise Conflict.at("name", "A context field with that name already exist")
        return Response(status=200)


class ValidateConstraintView(ReadOnlyPostView):
    perm_model = "contextfield"

    @extend_schema(
        tags=TAG,
        request=ConstraintSerializer,
        responses={204: OpenApiResponse(description="The constraint is valid")},
        operation_id="validateConstraint",
    )
    def post(self, request):
        _, errors = normalize_constraint(body_dict(request), "constraint")
        if errors:
            raise ValidationFailed.from_details(errors)
        return Response(status=204)


def for_project(view, **operation_ids):
    """The same view on the project routes, documented with Unleash's `...ForProject` ids."""
    attrs = {}
    for method, operation_id in operation_ids.items():
        base = view.__dict__[method]

        def handler(self, *args, _base=base, **kwargs):
            return _base(self, *args, **kwargs)

        handler.kwargs = dict(getattr(base, "kwargs", {}))  # keep the base's schema overrides
        attrs[method] = extend_schema(operation_id=f"{operation_id}ForProject")(handler)
    return type(f"{view.__name__}ForProject", (view,), attrs)


ProjectContextFieldsView = for_project(
    ContextFieldsView, get="getContextFields", post="createContextField"
)
ProjectContextFieldView = for_project(
    ContextFieldView,
    get="getContextField",
    put="updateContextField",
    delete="deleteContextField",
)
ProjectLegalValuesView = for_project(LegalValuesView, post="updateContextFieldLegalValue")
ProjectLegalValueView = for_project(LegalValueView, delete="deleteContextFieldLegalValue")
ProjectContextFieldStrategiesView = for_project(
    ContextFieldStrategiesView, get="getStrategiesByContextField"
)
ProjectValidateContextFieldView = for_project(
    ValidateContextFieldView, post="validateContextFieldName"
)
