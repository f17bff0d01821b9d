"""A flag's links (url + title): add, change, remove; Unleash answers 204 with no body."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from core.api.views import validated
from flags.services import links

from .base import AdminView, get_feature

TAG = ["Features"]
DONE = {204: OpenApiResponse(description="Done (no body)")}
CHANGE = ["flags.change_feature"]


class LinkSerializer(serializers.Serializer):
    # Texts are checked by the service (the issue-9 edge rule), not trimmed or capped here.
    url = serializers.CharField(trim_whitespace=False)
    title = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, trim_whitespace=False
    )


class FeatureLinksView(AdminView):
    perms = {"POST": CHANGE}

    @extend_schema(
        tags=TAG, request=LinkSerializer, responses=DONE, operation_id="createFeatureLink"
    )
    def post(self, request, project_id, feature_name):
        feature = get_feature(feature_name, project_id)
        data = validated(LinkSerializer, request.data)
        links.link_add(feature=feature, actor=self.actor, **data)
        return Response(status=204)


class FeatureLinkView(AdminView):
    perms = {"PUT": CHANGE, "DELETE": CHANGE}

    @extend_schema(
        tags=TAG, request=LinkSerializer, responses=DONE, operation_id="updateFeatureLink"
    )
    def put(self, request, project_id, feature_name, link_id):
        feature = get_feature(feature_name, project_id)
        data = validated(LinkSerializer, request.data)
        links.link_update(feature=feature, link_id=link_id, actor=self.actor, **data)
        return Response(status=204)

    @extend_schema(tags=TAG, responses=DONE, operation_id="deleteFeatureLink")
    def delete(self, request, project_id, feature_name, link_id):
        feature = get_feature(feature_name, project_id)
        links.link_delete(feature=feature, link_id=link_id, actor=self.actor)
        return Response(status=204)
