"""The audit log: list, the events of one flag, and search."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from flags import selectors

from .base import AdminView
from .serializers.events import (
    EventSearchResultSerializer,
    EventSerializer,
    EventsSerializer,
    FlagEventsSerializer,
    SearchedEventSerializer,
)

TAG = ["Events"]


def _param(name: str, description: str, type_=OpenApiTypes.STR) -> OpenApiParameter:
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, description=description)


PAGING = [
    _param("offset", "Rows to skip.", OpenApiTypes.INT),
    _param("limit", f"Rows to return (at most {selectors.MAX_LIMIT}).", OpenApiTypes.INT),
]


class EventsView(AdminView):
    perm_app = "core"  # the audit log is core's model
    perm_model = "event"

    @extend_schema(
        tags=TAG,
        parameters=[
            _param("project", "Only events of this project."),
            _param("feature", "Only events of this flag."),
            *PAGING,
        ],
        responses=EventsSerializer,
        operation_id="getEvents",
    )
    def get(self, request):
        params = {
            "project": _is(request.query_params.get("project")),
            "feature": _is(request.query_params.get("feature")),
            "offset": request.query_params.get("offset"),
            "limit": request.query_params.get("limit") or "100",
        }
        page = selectors.search_events(params)
        events = EventSerializer(page.items, many=True).data
        return Response({"version": 1, "events": events, "totalEvents": page.total})


class FlagEventsView(AdminView):
    """Unleash's GET /api/admin/events/{featureName}: a flag's events, newest first."""

    perm_app = "core"  # the audit log is core's model
    perm_model = "event"

    @extend_schema(tags=TAG, responses=FlagEventsSerializer, operation_id="getEventsForToggle")
    def get(self, request, feature_name):
        # Unleash answers 200 with no events for a name it never saw; so do we.
        page = selectors.search_events({"feature": _is(feature_name), "limit": "1000"})
        events = EventSerializer(page.items, many=True).data
        return Response(
            {
                "version": 1,
                "toggleName": feature_name,
                "events": events,
                "totalEvents": page.total,
            }
        )


def _is(value: str | None) -> str | None:
    # A plain value on this legacy endpoint is an exact match, even if it contains ':'.
    return f"IS:{value}" if value else None


class EventSearchView(AdminView):
    perm_app = "core"  # the audit log is core's model
    perm_model = "event"

    @extend_schema(
        tags=TAG,
        parameters=[
            _param("query", "Free text over type, author, flag and project."),
            _param("feature", "IS:<flag> / IS_ANY_OF:a,b"),
            _param("project", "IS:<project> / IS_ANY_OF:a,b"),
            _param("environment", "IS:<environment>"),
            _param("type", "IS:<event type> / IS_ANY_OF:a,b"),
            _param("createdBy", "IS_ANY_OF:<user ids>"),
            _param("from", "IS_ON_OR_AFTER:<date>"),
            _param("to", "IS_BEFORE:<date>"),
            *PAGING,
        ],
        responses=EventSearchResultSerializer,
        operation_id="searchEvents",
    )
    def get(self, request):
        page = selectors.search_events(request.query_params)
        events = SearchedEventSerializer(page.items, many=True).data
        return Response({"events": events, "total": page.total})
