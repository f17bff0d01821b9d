"""Segments: reusable constraint lists, and which strategies use them."""

import uuid

from django.db.models import Count, Q
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from core.api.views import first_or_404, int_id, plain, validated
from core.errors import ValidationFailed
from flags import services
from flags.models import Segment, Strategy
from flags.services import segments as segment_services

from .base import AdminView, ReadOnlyPostView
from .serializers.segments import (
    SegmentInputSerializer,
    SegmentNameSerializer,
    SegmentSerializer,
    SegmentsSerializer,
    SegmentStrategiesSerializer,
    StrategySegmentsInputSerializer,
)

TAG = ["Segments"]
# Flags in the archive do not count as using a segment (Unleash leaves them out too).
_LIVE = Q(strategies__feature_environment__feature__archived_at__isnull=True)


def segments_with_usage():
    """Segments with Unleash's usedInProjects / usedInFeatures counts."""
    feature = "strategies__feature_environment__feature"
    return Segment.objects.select_related("created_by").annotate(
        used_in_projects=Count(f"{feature}__project", filter=_LIVE, distinct=True),
        used_in_features=Count(feature, filter=_LIVE, distinct=True),
    )


def get_segment(segment_id: str) -> Segment:
    pk = int_id(str(segment_id), "id")
    return first_or_404(segments_with_usage().filter(pk=pk), "id", f"no segment {segment_id}")


def _spec(data) -> dict:
    spec = plain(data)
    if "project" in spec and spec["project"] in ("", None):
        spec["project"] = None
    return spec


class SegmentsView(AdminView):
    perm_model = "segment"

    @extend_schema(tags=TAG, responses=SegmentsSerializer, operation_id="getSegments")
    def get(self, request):
        return Response({"segments": SegmentSerializer(segments_with_usage(), many=True).data})

    @extend_schema(
        tags=TAG,
        request=SegmentInputSerializer,
        responses={201: SegmentSerializer},
        operation_id="createSegment",
    )
    def post(self, request):
        spec = _spec(validated(SegmentInputSerializer, request.data))
        segment = services.segment_create(actor=self.actor, **spec)
        return Response(SegmentSerializer(get_segment(segment.pk)).data, status=201)


class SegmentView(AdminView):
    perm_model = "segment"

    @extend_schema(tags=TAG, responses=SegmentSerializer, operation_id="getSegment")
    def get(self, request, segment_id):
        return Response(SegmentSerializer(get_segment(segment_id)).data)

    @extend_schema(
        tags=TAG,
        request=SegmentInputSerializer,
        responses={204: OpenApiResponse(description="Updated")},
        operation_id="updateSegment",
    )
    def put(self, request, segment_id):
        segment = get_segment(segment_id)
        spec = _spec(validated(SegmentInputSerializer, request.data))
        spec.setdefault("constraints", [])
        services.segment_update(segment=segment, actor=self.actor, **spec)
        return Response(status=204)

    @extend_schema(
        tags=TAG,
        responses={204: OpenApiResponse(description="Deleted")},
        operation_id="removeSegment",
    )
    def delete(self, request, segment_id):
        services.segment_delete(segment=get_segment(segment_id), actor=self.actor)
        return Response(status=204)


class ValidateSegmentView(ReadOnlyPostView):
    perm_model = "segment"

    @extend_schema(
        tags=TAG,
        request=SegmentNameSerializer,
        responses={204: OpenApiResponse(description="The name is free")},
        operation_id="validateSegment",
    )
    def post(self, request):
        data = validated(SegmentNameSerializer, request.data)
        segment_services.segment_validate_name(data["name"])
        return Response(status=204)


class SegmentStrategiesView(AdminView):
    perm_model = "segment"

    @extend_schema(
        tags=TAG, responses=SegmentStrategiesSerializer, operation_id="getStrategiesBySegmentId"
    )
    def get(self, request, segment_id):
        if not (segment_id.isascii() and segment_id.isdigit()):
            raise ValidationFailed.at("id", "must be an integer")  # Unleash: 400, not 404
        segment = get_segment(segment_id)
        strategies = (
            Strategy.objects.filter(segments=segment, **_live_strategy())
            .select_related("feature_environment__feature")
            .order_by("feature_environment__feature__name", "sort_order", "created_at")
        )
        rows = [_usage_row(s) for s in strategies]
        return Response({"strategies": rows, "changeRequestStrategies": []})


def _live_strategy() -> dict:
    return {"feature_environment__feature__archived_at__isnull": True}


def _usage_row(strategy: Strategy) -> dict:
    state = strategy.feature_environment
    return {
        "id": str(strategy.id),
        "projectId": state.feature.project_id,
        "featureName": state.feature.name,
        "strategyName": strategy.name,
        "environment": state.environment_id,
    }


class StrategySegmentsView(AdminView):
    perm_model = "segment"

    @extend_schema(tags=TAG, responses=SegmentsSerializer, operation_id="getSegmentsByStrategyId")
    def get(self, request, strategy_id):
        # An unknown (or malformed) strategy id simply has no segments, as in Unleash.
        pk = _uuid_or_none(strategy_id)
        rows = segments_with_usage().filter(strategies__id=pk) if pk else Segment.objects.none()
        return Response({"segments": SegmentSerializer(rows.order_by("id"), many=True).data})


class SetStrategySegmentsView(AdminView):
    perm_model = "segment"
    perms = {"POST": ["flags.change_strategy"]}

    @extend_schema(
        tags=TAG,
        request=StrategySegmentsInputSerializer,
        responses={201: StrategySegmentsInputSerializer},
        operation_id="updateFeatureStrategySegments",
    )
    def post(self, request):
        data = plain(validated(StrategySegmentsInputSerializer, request.data))
        segment_services.strategy_set_segments(
            strategy_id=_uuid_or_none(data["strategyId"]),
            segment_ids=data["segmentIds"],
            actor=self.actor,
        )
        return Response(data, status=201)


def _uuid_or_none(value: str):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
