"""Flags under projects: list, create, get, update, patch, archive, clone, stale, validate."""

from django.db import transaction
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from core.api.views import validated
from core.errors import Conflict, ValidationFailed
from flags import services
from flags.models import Feature
from flags.selectors import with_details
from flags.validation import validate_flag_name

from .base import AdminView, ReadOnlyPostView, get_feature, get_project
from .patching import apply_patch
from .serializers.common import PatchOperationSerializer
from .serializers.features import (
    CloneFeatureSerializer,
    CreateFeatureSerializer,
    FeatureDetailSerializer,
    FeatureSerializer,
    FeaturesSerializer,
    StaleSerializer,
    UpdateFeatureSerializer,
    ValidateFeatureSerializer,
)

TAG = ["Features"]
# Fields of the wire document a PATCH may change, mapped to service field names.
PATCHABLE = {
    "description": "description",
    "type": "type",
    "stale": "stale",
    "impressionData": "impression_data",
}


def feature_body(feature: Feature, request=None) -> dict:
    # The request tells the serializer whose favorites to mark.
    feature = with_details(Feature.objects.filter(pk=feature.pk)).get()
    return FeatureDetailSerializer(feature, context={"request": request}).data


def features_body(queryset, request=None) -> dict:
    features = with_details(queryset.order_by("name"))
    data = FeatureSerializer(features, many=True, context={"request": request}).data
    return {"version": 1, "features": data}


class ProjectFeaturesView(AdminView):
    @extend_schema(tags=TAG, responses=FeaturesSerializer, operation_id="getFeatures")
    def get(self, request, project_id):
        project = get_project(project_id)
        features = Feature.objects.active().filter(project=project)
        return Response(features_body(features, request))

    @extend_schema(
        tags=TAG,
        request=CreateFeatureSerializer,
        responses={201: FeatureDetailSerializer},
        operation_id="createFeature",
    )
    def post(self, request, project_id):
        project = get_project(project_id)
        data = validated(CreateFeatureSerializer, request.data)
        if data.get("description") is None:
            data.pop("description", None)
        feature = services.feature_create(project=project, actor=self.actor, **data)
        location = reverse("admin-feature", args=[project.pk, feature.name])
        return Response(feature_body(feature), status=201, headers={"Location": location})


class ProjectFeatureView(AdminView):
    @extend_schema(tags=TAG, responses=FeatureDetailSerializer, operation_id="getFeature")
    def get(self, request, project_id, feature_name):
        return Response(feature_body(get_feature(feature_name, project_id), request))

    @extend_schema(
        tags=TAG,
        request=UpdateFeatureSerializer,
        responses=FeatureDetailSerializer,
        operation_id="updateFeature",
    )
    def put(self, request, project_id, feature_name):
        feature = get_feature(feature_name, project_id)
        data = dict(validated(UpdateFeatureSerializer, request.data))
        archived = data.pop("archived", False)
        if data.get("description") is None:
            data.pop("description", None)
        feature = services.feature_update(feature=feature, actor=self.actor, **data)
        if archived:
            services.feature_archive(feature=feature, actor=self.actor)
            return Response(feature_body(Feature.objects.get(pk=feature.pk)))
        return Response(feature_body(feature))

    @extend_schema(
        tags=TAG,
        request=PatchOperationSerializer(many=True),
        responses=FeatureDetailSerializer,
        operation_id="patchFeature",
    )
    def patch(self, request, project_id, feature_name):
        feature = get_feature(feature_name, project_id)
        document = {
            "name": feature.name,
            "project": feature.project_id,
            "description": feature.description,
            "type": feature.type,
            "stale": feature.stale,
            "impressionData": feature.impression_data,
            "archived": False,
        }
        patched = apply_patch(document, request.data)
        if not isinstance(patched, dict):
            raise ValidationFailed.at("body", "the patch must leave an object")
        changes = {k: v for k, v in patched.items() if document.get(k, object()) != v}
        frozen = [k for k in changes if k not in PATCHABLE]
        if frozen:
            raise ValidationFailed.at(frozen[0], "cannot be changed with PATCH")
        fields = {PATCHABLE[k]: v for k, v in changes.items()}
        feature = services.feature_update(feature=feature, actor=self.actor, **fields)
        return Response(feature_body(feature))

    @extend_schema(
        tags=TAG,
        responses={202: OpenApiResponse(description="Archived")},
        operation_id="archiveFeature",
    )
    def delete(self, request, project_id, feature_name):
        feature = get_feature(feature_name, project_id)
        services.feature_archive(feature=feature, actor=self.actor)
        return Response(status=202)


class CloneFeatureView(AdminView):
    perms = {"POST": ["flags.add_feature"]}

    @extend_schema(
        tags=TAG,
        request=CloneFeatureSerializer,
        responses={201: FeatureDetailSerializer},
        operation_id="cloneFeature",
    )
    def post(self, request, project_id, feature_name):
        feature = get_feature(feature_name, project_id)
        data = validated(CloneFeatureSerializer, request.data)
        clone = services.feature_clone(
            feature=feature,
            name=data["name"],
            actor=self.actor,
            replace_group_id=data["replaceGroupId"],
        )
        location = reverse("admin-feature", args=[clone.project_id, clone.name])
        return Response(feature_body(clone), status=201, headers={"Location": location})


def project_features(project_id: str, names: list[str], *, archived: bool) -> list[Feature]:
    """The named flags of a project, all of them or a 404 naming the first missing."""
    found = {
        f.name: f
        for f in Feature.objects.filter(project_id=project_id, name__in=names).filter(
            archived_at__isnull=not archived
        )
    }
    missing = [n for n in names if n not in found]
    if missing:
        state = "archived " if archived else ""
        raise ValidationFailed.at(
            "features", f"no {state}flag {missing[0]!r} in project {project_id!r}"
        )
    return [found[n] for n in dict.fromkeys(names)]


class StaleView(AdminView):
    perms = {"POST": ["flags.change_feature"]}

    @extend_schema(
        tags=TAG,
        request=StaleSerializer,
        responses={202: OpenApiResponse(description="Marked")},
        operation_id="staleFeatures",
    )
    def post(self, request, project_id):
        get_project(project_id)
        data = validated(StaleSerializer, request.data)
        with transaction.atomic():  # all of the batch or none of it
            for feature in project_features(project_id, data["features"], archived=False):
                services.feature_set_stale(feature=feature, stale=data["stale"], actor=self.actor)
        return Response(status=202)


class ValidateFeatureNameView(ReadOnlyPostView):
    @extend_schema(
        tags=TAG,
        request=ValidateFeatureSerializer,
        responses={200: OpenApiResponse(description="The name is free and valid")},
        operation_id="validateFeature",
    )
    def post(self, request):
        name = validated(ValidateFeatureSerializer, request.data)["name"]
        errors = validate_flag_name(name)
        if errors:
            raise ValidationFailed.from_details(errors)
        if Feature.objects.filter(name=name).exists():
            raise Conflict.at("name", f"a flag named {name!r} already exists")
        return Response(status=200)
