"""Tag types, tags, and the tags on a flag or on several flags of a project."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from core.api.views import first_or_404, plain, validated
from flags import services
from flags.models import Feature, Tag, TagType
from flags.services import tags as tag_services

from .base import AdminView, ReadOnlyPostView
from .serializers.common import TagSerializer
from .serializers.tags import (
    FeatureTagsSerializer,
    ProjectTagsSerializer,
    TagsSerializer,
    TagsUpdateSerializer,
    TagTypeInputSerializer,
    TagTypeNameSerializer,
    TagTypeSerializer,
    TagTypesSerializer,
    TagTypeUpdateSerializer,
    TagTypeValidSerializer,
    TagWithVersionSerializer,
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
        return Response(_feature_tags(get_any_feature(feature_name)))

    @extend_schema(
        tags=TAG,
        request=TagsUpdateSerializer,
        responses={200: FeatureTagsSerializer},
        operation_id="updateTags",
    )
    def put(self, request, feature_name):
        feature = get_any_feature(feature_name)
        data = plain(validated(TagsUpdateSerializer, request.data))
        feature = tag_services.feature_tags_update(
            feature=feature,
            added=data["addedTags"],
            removed=data["removedTags"],
            actor=self.actor,
        )
        return Response(_feature_tags(feature))

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


def _feature_tags(feature: Feature) -> dict:
    """A flag's tags in Unleash's shape: each with its type's colour."""
    tags = feature.tags.select_related("type").order_by("type__name", "value")
    rows = [{"type": t.type.name, "value": t.value, "color": t.type.color} for t in tags]
    return {"version": 1, "tags": rows}


def _tag_wire(tag: Tag) -> dict:
    return {"type": tag.type.name, "value": tag.value}


class ValidateTagTypeView(ReadOnlyPostView):
    perm_model = "tagtype"

    @extend_schema(
        tags=TAG,
        request=TagTypeNameSerializer,
        responses={200: TagTypeValidSerializer},
        operation_id="validateTagType",
    )
    def post(self, request):
        data = validated(TagTypeNameSerializer, request.data)
        tag_services.tag_type_validate_name(data["name"])
        return Response({"valid": True, "tagType": {"name": data["name"]}})


class TagsView(AdminView):
    perm_model = "tag"

    @extend_schema(tags=TAG, responses=TagsSerializer, operation_id="getTags")
    def get(self, request):
        tags = Tag.objects.select_related("type")
        return Response({"version": 1, "tags": [_tag_wire(t) for t in tags]})

    @extend_schema(
        tags=TAG,
        request=TagSerializer,
        responses={201: TagWithVersionSerializer},
        operation_id="createTag",
    )
    def post(self, request):
        data = validated(TagSerializer, request.data)
        tag = tag_services.tag_create(type=data["type"], value=data["value"], actor=self.actor)
        return Response({"version": 1, "tag": _tag_wire(tag)}, status=201)


class TagsOfTypeView(AdminView):
    perm_model = "tag"

    @extend_schema(tags=TAG, responses=TagsSerializer, operation_id="getTagsByType")
    def get(self, request, type):
        # An unknown type simply has no tags (Unleash answers 200 with an empty list).
        tags = Tag.objects.select_related("type").filter(type__name=type)
        return Response({"version": 1, "tags": [_tag_wire(t) for t in tags]})


class TagView(AdminView):
    perm_model = "tag"

    @extend_schema(tags=TAG, responses=TagWithVersionSerializer, operation_id="getTag")
    def get(self, request, type, value):
        tags = Tag.objects.select_related("type").filter(type__name=type, value=value)
        message = f"No tag with type: [{type}] and value [{value}]"
        return Response({"version": 1, "tag": _tag_wire(first_or_404(tags, "value", message))})

    @extend_schema(
        tags=TAG,
        responses={200: OpenApiResponse(description="Deleted (or there was no such tag)")},
        operation_id="deleteTag",
    )
    def delete(self, request, type, value):
        tag_services.tag_delete(type=type, value=value, actor=self.actor)
        return Response(status=200)


class ProjectTagsView(AdminView):
    perm_model = "tag"
    perms = {"PUT": ["flags.change_tag"]}

    @extend_schema(
        tags=TAG,
        request=ProjectTagsSerializer,
        responses={200: OpenApiResponse(description="Tags changed")},
        operation_id="addTagToFeatures",
    )
    def put(self, request, project_id):
        data = plain(validated(ProjectTagsSerializer, request.data))
        tag_services.project_tags_update(
            # Unknown project: no 404; its flags are "not in the project" (400), as in Unleash.
            project_id=project_id,
            features=data["features"],
            added=data["tags"]["addedTags"],
            removed=data["tags"]["removedTags"],
            actor=self.actor,
        )
        return Response(status=200)
