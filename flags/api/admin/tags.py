"""Tag types, and the tags on a flag."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from flags import services
from flags.models import Feature, TagType

from .base import AdminView, first_or_404, validated
from .serializers.common import TagSerializer
from .serializers.tags import (
    FeatureTagsSerializer,
    TagTypeInputSerializer,
    TagTypeSerializer,
    TagTypesSerializer,
    TagTypeUpdateSerializer,
)

TAG = ["Tags"]


def get_tag_type(name: str) -> TagType:
    return first_or_404(TagType.objects.filter(name=name), "name", f"no tag type {name!r}")


def get_any_feature(name: str) -> Feature:
    """Tags belong to a flag whatever its project; archived flags keep theirs."""
    features = Feature.objects.select_related("project").filter(name=name)
    return first_or_404(features, "featureName", f"no flag {name!r}")


class TagTypesView(AdminView):
    perm_model = "tagtype"

    @extend_schema(tags=TAG, responses=TagTypesSerializer, operation_id="getTagTypes")
    def get(self, request):
        types = TagTypeSerializer(TagType.objects.all(), many=True).data
        return Response({"version": 1, "tagTypes": types})

    @extend_schema(
        tags=TAG,
        request=TagTypeInputSerializer,
        responses={201: TagTypeSerializer},
        operation_id="createTagType",
    )
    def post(self, request):
        data = validated(TagTypeInputSerializer, request.data)
        tag_type = services.tag_type_create(
            name=data["name"],
            description=data.get("description") or "",
            icon=data.get("icon") or "",
            actor=self.actor,
        )
        return Response(TagTypeSerializer(tag_type).data, status=201)


class TagTypeView(AdminView):
    perm_model = "tagtype"

    @extend_schema(tags=TAG, responses=TagTypeSerializer, operation_id="getTagType")
    def get(self, request, name):
        return Response(TagTypeSerializer(get_tag_type(name)).data)

    @extend_schema(
        tags=TAG,
        request=TagTypeUpdateSerializer,
        responses={200: OpenApiResponse(description="Updated")},
        operation_id="updateTagType",
    )
    def put(self, request, name):
        tag_type = get_tag_type(name)
        data = validated(TagTypeUpdateSerializer, request.data)
        services.tag_type_update(
            tag_type=tag_type,
            description=data.get("description") or "",
            icon=data.get("icon") or "",
            actor=self.actor,
        )
        return Response(status=200)

    @extend_schema(
        tags=TAG,
        responses={200: OpenApiResponse(description="Deleted")},
        operation_id="deleteTagType",
    )
    def delete(self, request, name):
        services.tag_type_delete(tag_type=get_tag_type(name), actor=self.actor)
        return Response(status=200)


class FeatureTagsView(AdminView):
    perm_model = "tag"

    @extend_schema(tags=TAG, responses=FeatureTagsSerializer, operation_id="listTags")
    def get(self, request, feature_name):
        feature = get_any_feature(feature_name)
        tags = feature.tags.select_related("type")
        return Response({"version": 1, "tags": TagSerializer(_wire(tags), many=True).data})

    @extend_schema(
        tags=TAG,
        request=TagSerializer,
        responses={201: TagSerializer},
        operation_id="addTagToFeature",
    )
    def post(self, request, feature_name):
        feature = get_any_feature(feature_name)
        data = validated(TagSerializer, request.data)
        tag = services.feature_tag_add(
            feature=feature, type=data["type"], value=data["value"], actor=self.actor
        )
        return Response({"type": tag.type.name, "value": tag.value}, status=201)


class FeatureTagView(AdminView):
    perm_model = "tag"

    @extend_schema(
        tags=TAG,
        responses={200: OpenApiResponse(description="Removed")},
        operation_id="removeTagFromFeature",
    )
    def delete(self, request, feature_name, type, value):
        feature = get_any_feature(feature_name)
        services.feature_tag_remove(feature=feature, type=type, value=value, actor=self.actor)
        return Response(status=200)


def _wire(tags) -> list[dict]:
    return [{"type": t.type.name, "value": t.value} for t in tags]
