"""`/api/admin/features-batch/export|validate|import`: Unleash's flag export and import."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from core.errors import ServiceError, ValidationFailed
from flags.api.admin.base import AdminView, ReadOnlyPostView
from flags.batch_export import audit_export, export_features, parse_export_query
from flags.batch_validation import MAX_IMPORT_BYTES, parse_import, validate_import
from flags.services.batch_import import import_batch
from flags.validation import check_json_text


class PayloadTooLarge(ServiceError):
    status = 413
    name = "ContentTooLargeError"


def read_limited_json(request):
    """The JSON body, refusing more than Unleash's 500 kB before parsing it."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if (declared.isdigit() and int(declared) > MAX_IMPORT_BYTES) or len(
        request.body
    ) > MAX_IMPORT_BYTES:
        raise PayloadTooLarge(f"The request body is larger than {MAX_IMPORT_BYTES // 1024} kB.")
    return request.data


class ExportQuerySerializer(serializers.Serializer):
    environment = serializers.CharField()
    features = serializers.ListField(child=serializers.CharField(), required=False)
    tag = serializers.CharField(required=False, help_text="`type:value`: export flags tagged so")
    downloadFile = serializers.BooleanField(required=False)


class ValidateItemSerializer(serializers.Serializer):
    message = serializers.CharField()
    affectedItems = serializers.ListField(child=serializers.CharField())


class ValidateResultSerializer(serializers.Serializer):
    errors = ValidateItemSerializer(many=True)
    warnings = ValidateItemSerializer(many=True)
    permissions = ValidateItemSerializer(many=True)


def _items(help_text: str):
    return serializers.ListField(child=serializers.DictField(), help_text=help_text)


class ExportResultSerializer(serializers.Serializer):
    features = _items("name, type, description, project, stale, impressionData")
    featureStrategies = _items("one strategy of a flag in the environment")
    featureEnvironments = _items("a flag's on/off state and variants in the environment")
    contextFields = _items("context fields the constraints use")
    featureTags = _items("featureName, tagType, tagValue")
    segments = _items("id, name of the segments the strategies use")
    tagTypes = _items("name, description, icon")
    dependencies = _items("feature and its parent dependencies")
    links = _items("Unleash's per-flag links (none are stored here)")


class ImportSerializer(serializers.Serializer):
    project = serializers.CharField()
    environment = serializers.CharField()
    data = serializers.JSONField(help_text="An export result (features, featureStrategies, ...)")


class ExportView(ReadOnlyPostView):
    @extend_schema(
        operation_id="exportFeatures",
        tags=["Import/Export"],
        request=ExportQuerySerializer,
        responses={200: ExportResultSerializer},
        summary="Export feature flags from an environment",
    )
    def post(self, request):
        body = request.data
        problems = check_json_text(body, "")  # the names and tag go into queries
        if problems:
            raise ValidationFailed.from_details(problems)
        query = parse_export_query(body)
        result = export_features(query)
        audit_export(result, environment=query["environment"], actor=self.actor)
        response = Response(result)
        if isinstance(body, dict) and body.get("downloadFile") is True:
            response["Content-Disposition"] = 'attachment; filename="export.json"'
        return response


class ValidateView(ReadOnlyPostView):
    @extend_schema(
        operation_id="validateImport",
        tags=["Import/Export"],
        request=ImportSerializer,
        responses={200: ValidateResultSerializer},
        summary="Validate feature import data",
    )
    def post(self, request):
        req = parse_import(read_limited_json(request))
        return Response(validate_import(req))


class ImportView(AdminView):
    @extend_schema(
        operation_id="importToggles",
        tags=["Import/Export"],
        request=ImportSerializer,
        responses={200: OpenApiResponse(description="Imported (no body)")},
        summary="Import feature flags",
    )
    def post(self, request):
        req = parse_import(read_limited_json(request))
        import_batch(req, actor=self.actor)
        return Response(status=200)
