"""Context fields with legal values."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from flags import services
from flags.errors import Conflict, ValidationFailed
from flags.models import ContextField
from flags.validation import normalize_constraint

from .base import AdminView, ReadOnlyPostView, body_dict, first_or_404, plain, validated
from .serializers.common import ConstraintSerializer
from .serializers.context import (
    ContextFieldInputSerializer,
    ContextFieldSerializer,
    ContextNameSerializer,
)

TAG = ["Context"]


def get_field(name: str) -> ContextField:
    fields = ContextField.objects.filter(name=name)
    return first_or_404(fields, "contextField", f"no context field {name!r}")


class ContextFieldsView(AdminView):
    perm_model = "contextfield"

    @extend_schema(
        tags=TAG, responses=ContextFieldSerializer(many=True), operation_id="getContextFields"
    )
    def get(self, request):
        return Response(ContextFieldSerializer(ContextField.objects.all(), many=True).data)

    @extend_schema(
        tags=TAG,
        request=ContextFieldInputSerializer,
        responses={201: ContextFieldSerializer},
        operation_id="createContextField",
    )
    def post(self, request):
        spec = plain(validated(ContextFieldInputSerializer, request.data))
        field = services.context_field_create(actor=self.actor, **spec)
        return Response(ContextFieldSerializer(field).data, status=201)


class ContextFieldView(AdminView):
    perm_model = "contextfield"

    @extend_schema(tags=TAG, responses=ContextFieldSerializer, operation_id="getContextField")
    def get(self, request, name):
        return Response(ContextFieldSerializer(get_field(name)).data)

    @extend_schema(
        tags=TAG,
        request=ContextFieldInputSerializer,
        responses={200: OpenApiResponse(description="Updated")},
        operation_id="updateContextField",
    )
    def put(self, request, name):
        field = get_field(name)
        spec = plain(validated(ContextFieldInputSerializer, {"name": name, **body_dict(request)}))
        services.context_field_update(field=field, actor=self.actor, **spec)
        return Response(status=200)

    @extend_schema(
        tags=TAG,
        responses={200: OpenApiResponse(description="Deleted")},
        operation_id="deleteContextField",
    )
    def delete(self, request, name):
        services.context_field_delete(field=get_field(name), actor=self.actor)
        return Response(status=200)


class ValidateContextFieldView(ReadOnlyPostView):
    perm_model = "contextfield"

    @extend_schema(
        tags=TAG,
        request=ContextNameSerializer,
        responses={200: OpenApiResponse(description="The name is free")},
        operation_id="validateContextFieldName",
    )
    def post(self, request):
        name = validated(ContextNameSerializer, request.data)["name"]
        if ContextField.objects.filter(name=name).exists():
            raise Conflict.at("name", f"a context field named {name!r} already exists")
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
