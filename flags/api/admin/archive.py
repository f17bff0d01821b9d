"""The archive: list archived flags, archive, revive and delete them (batches and one by one)."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from core.api.views import validated
from core.errors import NotFound
from flags import lifecycle_selectors, services
from flags.models import Feature
from flags.services import archive as archive_services

from .base import AdminView, get_project
from .features import features_body
from .serializers.common import FeatureNamesSerializer
from .serializers.features import FeaturesSerializer, ValidateArchiveSerializer

TAG = ["Archive"]
FEATURES_TAG = ["Features"]


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


def _names(request) -> list[str]:
    return validated(FeatureNamesSerializer, request.data)["features"]


class ArchiveFeaturesView(AdminView):
    perms = {"POST": ["flags.delete_feature"]}

    @extend_schema(
        tags=FEATURES_TAG,
        request=FeatureNamesSerializer,
        responses={202: OpenApiResponse(description="Archived (unknown names are skipped)")},
        operation_id="archiveFeatures",
    )
    def post(self, request, project_id):
        archive_services.features_archive(
            project_id=project_id, names=_names(request), actor=self.actor
        )
        return Response(status=202)


class ValidateArchiveFeaturesView(AdminView):
    # Unleash asks for the delete permission, as for archiving itself.
    perms = {"POST": ["flags.delete_feature"]}

    @extend_schema(
        tags=FEATURES_TAG,
        request=FeatureNamesSerializer,
        responses=ValidateArchiveSerializer,
        operation_id="validateArchiveFeatures",
    )
    def post(self, request, project_id):
        parents, involved = lifecycle_selectors.archive_impact(_names(request))
        body = {"parentsWithChildFeatures": parents, "hasDeletedDependencies": involved}
        return Response(ValidateArchiveSerializer(body).data)


class ReviveFeaturesView(AdminView):
    perms = {"POST": ["flags.change_feature"]}

    @extend_schema(
        tags=TAG,
        request=FeatureNamesSerializer,
        responses={200: OpenApiResponse(description="Revived (names not archived are skipped)")},
        operation_id="reviveFeatures",
    )
    def post(self, request, project_id):
        names = _names(request)
        archive_services.features_revive(project_id=project_id, names=names, actor=self.actor)
        return Response(status=200)


class DeleteFeaturesView(AdminView):
    perms = {"POST": ["flags.delete_feature"]}

    @extend_schema(
        tags=TAG,
        request=FeatureNamesSerializer,
        responses={200: OpenApiResponse(description="Deleted (names not archived are skipped)")},
        operation_id="deleteFeatures",
    )
    def post(self, request, project_id):
        names = _names(request)
        archive_services.features_delete(project_id=project_id, names=names, actor=self.actor)
        return Response(status=200)


class ReviveFeatureView(AdminView):
    perms = {"POST": ["flags.change_feature"]}

    @extend_schema(
        tags=TAG,
        request=None,
        responses={200: OpenApiResponse(description="Revived (an active flag is left as it is)")},
        operation_id="reviveFeature",
    )
    def post(self, request, feature_name):
        feature = Feature.objects.filter(name=feature_name).first()
        if feature is None:
            raise NotFound.at("featureName", "No feature flag found")
        services.feature_revive(feature=feature, actor=self.actor)
        return Response(status=200)


class DeleteArchivedFeatureView(AdminView):
    perms = {"DELETE": ["flags.delete_feature"]}

    @extend_schema(
        tags=TAG,
        responses={200: OpenApiResponse(description="Deleted if archived; otherwise unchanged")},
        operation_id="deleteFeature",
    )
    def delete(self, request, feature_name):
        project_id = Feature.objects.filter(name=feature_name).values_list("project_id", flat=True)
        if project_id:
            archive_services.features_delete(
                project_id=project_id[0], names=[feature_name], actor=self.actor
            )
        return Response(status=200)
