"""Lists of who wrote events and who created a project's flags (filters in Unleash's UI)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from flags import creator_selectors

from .base import AdminView


class CreatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class EventCreatorsView(AdminView):
    perm_model = "event"

    @extend_schema(
        tags=["Events"],
        responses={200: CreatorSerializer(many=True)},
        operation_id="getEventCreators",
    )
    def get(self, request):
        return Response(creator_selectors.event_creators())


class FlagCreatorsView(AdminView):
    perm_model = "project"

    @extend_schema(
        tags=["Projects"],
        responses={200: CreatorSerializer(many=True)},
        operation_id="getProjectFlagCreators",
    )
    def get(self, request, project_id):
        # Unleash answers an unknown project with an empty list, not a 404.
        return Response(creator_selectors.flag_creators(project_id))
