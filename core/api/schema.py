"""OpenAPI generation: every admin operation also documents its error answers."""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from core.api.fields import StrictCharField

ERROR_STATUSES = {
    "400": "Bad input; `details` names each field.",
    "401": "No valid session or token.",
    "403": "The caller lacks the permission.",
    "404": "Unknown resource.",
    "409": "Name or id already taken.",
    "413": "Request body too large.",
    "415": "Body is not JSON.",
    "503": "Maintenance mode: writes are refused.",
}
READ_ERRORS = ("400", "401", "403", "404")


class ErrorDetailSerializer(serializers.Serializer):
    path = StrictCharField(required=False)
    message = StrictCharField()
    description = StrictCharField(required=False)


class ErrorSerializer(serializers.Serializer):
    """Unleash's error body (core.api.errors.error_body)."""

    id = StrictCharField()
    name = StrictCharField()
    message = StrictCharField()
    details = ErrorDetailSerializer(many=True)


class AdminAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = READ_ERRORS if self.method == "GET" else tuple(ERROR_STATUSES)
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERROR_STATUSES[code]
                responses[code] = response
        return responses
