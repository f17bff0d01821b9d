"""OpenAPI generation: every admin operation also documents its error answers."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from .serializers.common import ErrorSerializer

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


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "flags.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "An admin token, or a personal access token (user:...).",
        }
