"""A flag's lifecycle: its stage history, completing it, and the count per stage."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from core.api.views import validated
from flags import stage_selectors
from flags.models import Feature
from flags.services import lifecycle

from .base import AdminView, get_feature

TAG = ["Lifecycle"]
CHANGE = {"POST": ["flags.change_feature"]}


class StageSerializer(serializers.Serializer):
    stage = serializers.CharField()
    enteredStageAt = serializers.DateTimeField()
    status = serializers.CharField(required=False)


class CompleteSerializer(serializers.Serializer):
    # Checked by the service (allowed statuses, the text rule on statusValue).
    status = serializers.CharField(trim_whitespace=False)
    statusValue = serializers.CharField(required=False, allow_null=True, trim_whitespace=False)


class CountSerializer(serializers.Serializer):
    initial = serializers.IntegerField()
    preLive = serializers.IntegerField()
    live = serializers.IntegerField()
    completed = serializers.IntegerField()
    archived = serializers.IntegerField()


class FeatureLifecycleView(AdminView):
    @extend_schema(
        tags=TAG, responses={200: StageSerializer(many=True)}, operation_id="getFeatureLifecycle"
    )
    def get(self, request, project_id, feature_name):
        # Unleash answers a flag it does not know (in this project) with no stages, not a 404.
        feature = Feature.objects.filter(name=feature_name, project_id=project_id).first()
        stages = stage_selectors.stage_history(feature) if feature is not None else []
        return Response(StageSerializer(stages, many=True).data)


class CompleteView(AdminView):
    perms = CHANGE

    @extend_schema(
        tags=TAG,
        request=CompleteSerializer,
        responses={200: OpenApiResponse(description="Completed (no body)")},
        operation_id="complete",
    )
    def post(self, request, project_id, feature_name):
        feature = get_feature(feature_name, project_id)
        data = validated(CompleteSerializer, request.data)
        lifecycle.feature_complete(
            feature=feature,
            status=data["status"],
            status_value=data.get("statusValue"),
            actor=self.actor,
        )
        return Response(status=200)


class UncompleteView(AdminView):
    perms = CHANGE

    @extend_schema(
        tags=TAG,
        request=None,
        responses={200: OpenApiResponse(description="Uncompleted (no body)")},
        operation_id="uncomplete",
    )
    def post(self, request, project_id, feature_name):
        feature = get_feature(feature_name, project_id)
        lifecycle.feature_uncomplete(feature=feature, actor=self.actor)
        return Response(status=200)


class LifecycleCountView(AdminView):
    @extend_schema(
        tags=TAG, responses={200: CountSerializer}, operation_id="getFeatureLifecycleStageCount"
    )
    def get(self, request):
        return Response(stage_selectors.stage_counts())
