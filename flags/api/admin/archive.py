"""The archive: list archived flags, revive them, delete them for good."""

from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from flags import services
from flags.models import Feature

from .base import AdminView, get_project, validated
from .features import features_body, project_features
from .serializers.common import FeatureNamesSerializer
from .serializers.features import FeaturesSerializer

TAG = ["Archive"]


class ArchivedFeaturesView(AdminView):
    @extend_schema(tags=TAG, responses=FeaturesSerializer, operation_id="getArchivedFeatures")
    def get(self, request):
        return Response(features_body(Feature.objects.archived()))


class ProjectArchivedFeaturesView(AdminView):
    @extend_schema(
        tags=TAG, responses=FeaturesSerializer, operation_id="getArchivedFeaturesByProjectId"
    )
    def get(self, request, project_id):
        project = get_project(project_id)
        return Response(features_body(Feature.objects.archived().filter(project=project)))


class ArchivedBatchView(AdminView):
    """A POST naming archived flags of a project: one service write on each, all or none."""

    def write_each(self, request, project_id, write) -> Response:
        get_project(project_id)
        names = validated(FeatureNamesSerializer, request.data)["features"]
        with transaction.atomic():  # all of the batch or none of it
            for feature in project_features(project_id, names, archived=True):
                write(feature=feature, actor=self.actor)
        return Response(status=200)


class ReviveFeaturesView(ArchivedBatchView):
    perms = {"POST": ["flags.change_feature"]}

    @extend_schema(
        tags=TAG,
        request=FeatureNamesSerializer,
        responses={200: OpenApiResponse(description="Revived")},
        operation_id="reviveFeatures",
    )
    def post(self, request, project_id):
        return self.write_each(request, project_id, services.feature_revive)


class DeleteFeaturesView(ArchivedBatchView):
    perms = {"POST": ["flags.delete_feature"]}

    @extend_schema(
        tags=TAG,
        request=FeatureNamesSerializer,
        responses={200: OpenApiResponse(description="Deleted permanently")},
        operation_id="deleteFeatures",
    )
    def post(self, request, project_id):
        return self.write_each(request, project_id, services.feature_delete)
