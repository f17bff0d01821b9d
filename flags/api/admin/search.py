"""Feature search with Unleash's query and filter operators, paging and sorting."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from flags import selectors

from .base import AdminView
from .serializers.search import FeatureSearchResultSerializer, SearchFeatureSerializer

TAG = ["Search"]
PARAMS = {
    "query": "Free text over name, description and tag values.",
    "project": "IS / IS_NOT / IS_ANY_OF / IS_NONE_OF: project ids",
    "type": "IS / IS_NOT / IS_ANY_OF / IS_NONE_OF: flag types",
    "tag": "INCLUDE / DO_NOT_INCLUDE / INCLUDE_ALL_OF / INCLUDE_ANY_OF / EXCLUDE_IF_ANY_OF / "
    "EXCLUDE_ALL: type:value tags",
    "segment": "INCLUDE / DO_NOT_INCLUDE / INCLUDE_ALL_OF / INCLUDE_ANY_OF / "
    "EXCLUDE_IF_ANY_OF / EXCLUDE_ALL: segment names",
    "createdAt": "IS_BEFORE / IS_ON_OR_AFTER: a date",
    "lastSeenAt": "IS_BEFORE / IS_ON_OR_AFTER: a date",
    "createdBy": "IS / IS_ANY_OF / IS_NOT / IS_NONE_OF: user ids",
    "state": "IS / IS_NOT / IS_ANY_OF / IS_NONE_OF: stale, active",
    "archived": "IS:true for archived flags",
    "sortBy": f"One of {', '.join(sorted(selectors.FEATURE_SORTS))}.",
    "sortOrder": "asc or desc",
}


class FeatureSearchView(AdminView):
    @extend_schema(
        tags=TAG,
        parameters=[
            *[
                OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.QUERY, description=d)
                for name, d in PARAMS.items()
            ],
            OpenApiParameter("offset", OpenApiTypes.INT, OpenApiParameter.QUERY),
            OpenApiParameter("limit", OpenApiTypes.INT, OpenApiParameter.QUERY),
        ],
        responses=FeatureSearchResultSerializer,
        operation_id="searchFeatures",
    )
    def get(self, request):
        page = selectors.search_features(request.query_params)
        features = SearchFeatureSerializer(page.items, many=True, context={"request": request}).data
        return Response({"features": features, "total": page.total})
