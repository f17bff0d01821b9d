"""What every admin view shares: authentication, model permissions, the actor, lookups."""

from django.http.request import RawPostDataException
from rest_framework import permissions
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import APIException
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from flags.actors import Actor
from flags.authentication import ApiTokenAuthentication
from flags.errors import NotFound, ValidationFailed
from flags.models import Environment, Feature, Project
from unleash_site.ratelimit import audit_ip
from unleash_site.textcheck import first_text_problem

from .schema import AdminAutoSchema

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


class AdminPermission(permissions.BasePermission):
    """Django model permissions of the caller (admin tokens hold them all).

    A view names its model (`perm_model`) and may override the permission per method
    (`perms = {"POST": ["flags.toggle_feature"]}`); reads need `view_<model>`.
    """

    def has_permission(self, request, view) -> bool:
        user = request.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return user.has_perms(view.required_permissions(request.method))


class SignedInView(APIView):
    """Admin API authentication (token first, then session) and schema; no permissions."""

    # Token first: its authenticate_header makes "no credentials" a 401, not a 403.
    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]
    schema = AdminAutoSchema()


class AdminView(SignedInView):
    perm_model = "feature"
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
        return [f"flags.{action}_{self.perm_model}"]

    @property
    def actor(self) -> Actor:
        return Actor.from_user(self.request.user, source="api", ip=audit_ip(self.request))


class ReadOnlyPostView(AdminView):
    """A POST that only reads: needs view permission, allowed in maintenance mode."""

    maintenance_exempt = True

    def required_permissions(self, method: str) -> list[str]:
        return [f"flags.view_{self.perm_model}"]


def first_or_404(queryset, path: str, message: str):
    """The first row of ``queryset``; none is a 404 naming ``path``."""
    row = queryset.first()
    if row is None:
        raise NotFound.at(path, message)
    return row


def get_project(project_id: str) -> Project:
    projects = Project.objects.filter(pk=project_id)
    return first_or_404(projects, "projectId", f"no project {project_id!r}")


def get_environment(name: str) -> Environment:
    environments = Environment.objects.filter(pk=name)
    return first_or_404(environments, "environment", f"no environment {name!r}")


def get_feature(name: str, project_id: str | None = None, *, archived: bool = False) -> Feature:
    """An active flag (or an archived one) by name, in the given project if any."""
    qs = Feature.objects.select_related("project").filter(name=name)
    qs = qs.archived() if archived else qs.active()
    if project_id is not None:
        qs = qs.filter(project_id=project_id)
    where = f" in project {project_id!r}" if project_id is not None else ""
    return first_or_404(qs, "featureName", f"no flag {name!r}{where}")


def get_feature_and_environment(project_id: str, feature_name: str, environment: str):
    """The flag and the environment a per-environment route names; each a 404 if missing."""
    return get_feature(feature_name, project_id), get_environment(environment)


def in_project_or_404(feature: Feature, environment: Environment) -> None:
    """A flag's per-environment routes exist only for its project's environments."""
    if not feature.project.environments.filter(pk=environment.pk).exists():
        raise NotFound.at(
            "environment", f"environment {environment.name!r} is not used by this project"
        )


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
