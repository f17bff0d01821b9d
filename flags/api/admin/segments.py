"""Segments: reusable constraint lists."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from flags import services
from flags.models import Segment

from .base import AdminView, first_or_404, int_id, plain, validated
from .serializers.segments import SegmentInputSerializer, SegmentSerializer, SegmentsSerializer

TAG = ["Segments"]


def get_segment(segment_id: str) -> Segment:
    pk = int_id(str(segment_id), "id")
    segments = Segment.objects.select_related("created_by").filter(pk=pk)
    return first_or_404(segments, "id", f"no segment {segment_id}")


def _spec(data) -> dict:
    spec = plain(data)
    if "project" in spec and spec["project"] in ("", None):
        spec["project"] = None
    return spec


class SegmentsView(AdminView):
    perm_model = "segment"

    @extend_schema(tags=TAG, responses=SegmentsSerializer, operation_id="getSegments")
    def get(self, request):
        segments = Segment.objects.select_related("created_by")
        return Response({"segments": SegmentSerializer(segments, many=True).data})

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
