"""What every admin API view shares: authentication, model permissions, the actor, body checks.

Authentication is DRF's default (settings.REST_FRAMEWORK: API token first, then session), so
this module names no app's token model.
"""

from django.http.request import RawPostDataException
from rest_framework import permissions
from rest_framework.exceptions import APIException
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from core.actors import Actor
from core.api.schema import AdminAutoSchema
from core.errors import NotFound, ValidationFailed
from core.textcheck import first_text_problem

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class AdminPermission(permissions.BasePermission):
    """Django model permissions of the caller (admin tokens hold them all).

    A view names its model (`perm_app`, `perm_model`) and may override the permission per
    method (`perms = {"POST": ["flags.toggle_feature"]}`); reads need `view_<model>`.
    """

    def has_permission(self, request, view) -> bool:
        user = request.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return user.has_perms(view.required_permissions(request.method))


class SignedInView(APIView):
    """Admin API authentication (the DRF defaults: token first, then session) and schema."""

    # Token first in the defaults: its authenticate_header makes "no credentials" a 401.
    schema = AdminAutoSchema()
    throttle_scope = "admin_api"  # RATE_LIMITS["admin_api"] per IP (0, the default: no limit)


class AdminView(SignedInView):
    """A view guarded by one model's permissions: `<perm_app>.<action>_<perm_model>`."""

    perm_app = ""
    perm_model = ""
    perms: dict = {}
    # Read-only POSTs (validate, playground) set this so maintenance mode lets them through.
    maintenance_exempt = False

    def get_permissions(self):
        # Ours first, so 401/403 win over maintenance's 503; then the project-wide defaults.
        defaults = [cls() for cls in api_settings.DEFAULT_PERMISSION_CLASSES]
        return [AdminPermission(), *defaults]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # PostgreSQL text cannot hold NUL: refuse it up front rather than fail in the query.
        if _has_nul(kwargs):
            raise NotFound.at("path", "no such resource")
        # Query text is checked for every /api route before any view (ApiErrorMiddleware).
        body = _raw_body(request) if request.method not in READ_METHODS else b""
        if b"\x00" in body or b"\\u0000" in body:
            raise ValidationFailed.at(_nul_path(request), "must not contain NUL characters")

    def required_permissions(self, method: str) -> list[str]:
        if method in self.perms:
            return list(self.perms[method])
        action = "view" if method in READ_METHODS else ACTIONS.get(method, "change")
        return [f"{self.perm_app}.{action}_{self.perm_model}"]

    @property
    def actor(self) -> Actor:
        return Actor.from_request(self.request, source="api")


def first_or_404(queryset, path: str, message: str):
    """The first row of ``queryset``; none is a 404 naming ``path``."""
    row = queryset.first()
    if row is None:
        raise NotFound.at(path, message)
    return row


def validated(serializer_class, data, **kwargs):
    """Validate `data` (a request body) with `serializer_class`; DRF's 400 on bad input."""
    if not kwargs.get("many") and not isinstance(data, dict):
        raise ValidationFailed.at("body", "must be a JSON object")
    if kwargs.get("many") and not isinstance(data, list):
        raise ValidationFailed.at("body", "must be a JSON array")
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def plain(value):
    """Validated serializer data (OrderedDicts, nested) as plain JSON types for storage."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def body_dict(request) -> dict:
    """The JSON body as an object; anything else is a 400 naming the body."""
    if not isinstance(request.data, dict):
        raise ValidationFailed.at("body", "must be a JSON object")
    return request.data


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def int_id(value: str, path: str = "id") -> int:
    """A numeric id from the URL (ASCII digits only); anything else is simply not found."""
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise NotFound.at(path, f"no such {path}")
    return int(value)


def _nul_path(request) -> str:
    """The field of a JSON body that holds the NUL, so the 400 names it; else "body"."""
    try:
        data = request.data
        # Object fields are named as the services name them; list items under "body".
        problem = first_text_problem(data, "body" if isinstance(data, list) else "")
    except APIException:  # unparsable: the body as a whole is what is wrong
        return "body"
    return (problem or {}).get("path") or "body"


def _raw_body(request) -> bytes:
    try:
        return request._request.body
    except RawPostDataException:  # a multipart body already consumed: never JSON anyway
        return b""
