"""Favorite projects and flags of the signed-in user (Unleash answers 200 with no body)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from flags.services import favorites

from .base import AdminView, get_feature, get_project

TAG = ["Features"]
DONE = {200: OpenApiResponse(description="Done (no body)")}
# Marking a favorite changes only the caller's own view: seeing the object is enough.
SEE_PROJECT = {"POST": ["flags.view_project"], "DELETE": ["flags.view_project"]}
SEE_FEATURE = {"POST": ["flags.view_feature"], "DELETE": ["flags.view_feature"]}


class ProjectFavoriteView(AdminView):
    perms = SEE_PROJECT

    @extend_schema(tags=TAG, request=None, responses=DONE, operation_id="addFavoriteProject")
    def post(self, request, project_id):
        return self._set(project_id, True)

    @extend_schema(tags=TAG, responses=DONE, operation_id="removeFavoriteProject")
    def delete(self, request, project_id):
        return self._set(project_id, False)

    def _set(self, project_id: str, favorite: bool):
        project = get_project(project_id)
        favorites.project_favorite(project=project, actor=self.actor, favorite=favorite)
        return Response(status=200)


class FeatureFavoriteView(AdminView):
    perms = SEE_FEATURE

    @extend_schema(tags=TAG, request=None, responses=DONE, operation_id="addFavoriteFeature")
    def post(self, request, project_id, feature_name):
        return self._set(project_id, feature_name, True)

    @extend_schema(tags=TAG, responses=DONE, operation_id="removeFavoriteFeature")
    def delete(self, request, project_id, feature_name):
        return self._set(project_id, feature_name, False)

    def _set(self, project_id: str, feature_name: str, favorite: bool):
        feature = get_feature(feature_name, project_id)
        favorites.feature_favorite(feature=feature, actor=self.actor, favorite=favorite)
        return Response(status=200)
