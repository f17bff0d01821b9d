"""API tokens (listed with their secret, as Unleash), project tokens and personal tokens."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.api.views import first_or_404, int_id, validated
from core.errors import Forbidden, NotFound, ValidationFailed
from flags import services
from flags.models import ApiToken, Project, TokenType
from flags.tokens import hash_secret

from .base import AdminView
from .serializers.tokens import (
    ApiTokenSerializer,
    ApiTokensSerializer,
    CreateApiTokenSerializer,
    CreatedApiTokenSerializer,
    CreatedPersonalTokenSerializer,
    CreatePersonalTokenSerializer,
    CreateProjectApiTokenSerializer,
    PersonalTokenSerializer,
    PersonalTokensSerializer,
    UpdateApiTokenSerializer,
)

TAG = ["API tokens"]
PROJECT_TAG = ["Projects"]
PAT_TAG = ["Personal access tokens"]
API_TOKEN_TYPES = (TokenType.BACKEND, TokenType.FRONTEND, TokenType.ADMIN)
# Unleash's default for client and frontend tokens created without one.
DEFAULT_ENVIRONMENT = "development"


def manage_permission(token_type: str) -> str:
    if token_type == TokenType.ADMIN:
        return "flags.manage_admin_tokens"
    return "flags.manage_client_tokens"


def readable_tokens(user):
    """The API tokens whose secrets `user` may see: the kinds they may manage (as Unleash)."""
    kinds = [t for t in API_TOKEN_TYPES if user.has_perm(manage_permission(t))]
    return ApiToken.objects.filter(type__in=kinds).select_related("environment")


def find_api_token(key: str) -> ApiToken | None:
    """By full secret (Unleash's path parameter), or by our numeric id; None if unknown."""
    tokens = ApiToken.objects.filter(type__in=API_TOKEN_TYPES)
    token = tokens.filter(secret_hash=hash_secret(key)).first()
    if token is None and key.isdigit() and len(key) < 19:
        token = tokens.filter(pk=int(key)).first()
    return token


def check_may_manage(request, token_type: str, verb: str) -> None:
    if not request.user.has_perm(manage_permission(token_type)):
        raise PermissionDenied(f"You may not {verb} {token_type} tokens.")


def created_answer(token: ApiToken, secret: str, wire_type: str) -> Response:
    # Unleash echoes the type as sent, lower-cased ("backend" stays "backend" here only).
    body = {**ApiTokenSerializer(token).data, "secret": secret, "type": wire_type}
    return Response(body, status=201)


def listed(tokens) -> Response:
    return Response({"tokens": ApiTokenSerializer(tokens, many=True).data})


class ApiTokensView(AdminView):
    perm_model = "apitoken"
    # Creating needs flags.add_apitoken up front (so a Viewer learns nothing from a 400),
    # then the right for the token's kind, checked once the kind is known.

    @extend_schema(tags=TAG, responses=ApiTokensSerializer, operation_id="getAllApiTokens")
    def get(self, request):
        return listed(readable_tokens(request.user))

    @extend_schema(
        tags=TAG,
        request=CreateApiTokenSerializer,
        responses={201: CreatedApiTokenSerializer},
        operation_id="createApiToken",
    )
    def post(self, request):
        data = validated(CreateApiTokenSerializer, request.data)
        token_type = TokenType.BACKEND if data["type"] == "client" else data["type"]
        check_may_manage(request, data["type"], "create")
        name = data.get("tokenName") or data.get("username")
        if not name:
            raise ValidationFailed.at("tokenName", "is required")
        projects = data.get("projects") or ([data["project"]] if data.get("project") else None)
        admin = token_type == TokenType.ADMIN
        token, secret = services.token_create(
            name=name,
            type=token_type,
            environment=None if admin else data.get("environment", DEFAULT_ENVIRONMENT),
            projects=list(projects) if projects else None,
            expires_at=data.get("expiresAt"),
            actor=self.actor,
        )
        return created_answer(token, secret, data["type"])


class ApiTokenView(AdminView):
    perm_model = "apitoken"
    # change/delete_apitoken up front, then the right for the token's kind once it is found.
    # An unknown token answers 200 with nothing done, as Unleash does.

    @extend_schema(tags=TAG, responses=ApiTokensSerializer, operation_id="getApiTokensByName")
    def get(self, request, token):
        """Tokens named `token` (Unleash's GET /api-tokens/{name}); [] when none."""
        return listed(readable_tokens(request.user).filter(name=token))

    def _token_for_write(self, request, key: str) -> ApiToken | None:
        token = find_api_token(key)
        if token is not None:
            check_may_manage(request, token.type, "manage")
        return token

    @extend_schema(
        tags=TAG,
        request=UpdateApiTokenSerializer,
        responses={200: OpenApiResponse(description="Updated")},
        operation_id="updateApiToken",
    )
    def put(self, request, token):
        data = validated(UpdateApiTokenSerializer, request.data)
        api_token = self._token_for_write(request, token)
        if api_token is not None:
            services.token_update_expiry(
                token=api_token, expires_at=data["expiresAt"], actor=self.actor
            )
        return Response(status=200)

    @extend_schema(
        tags=TAG,
        responses={200: OpenApiResponse(description="Deleted")},
        operation_id="deleteApiToken",
    )
    def delete(self, request, token):
        api_token = self._token_for_write(request, token)
        if api_token is not None:
            services.token_delete(token=api_token, actor=self.actor)
        return Response(status=200)


def project_or_404(project_id: str) -> Project:
    return first_or_404(
        Project.objects.filter(pk=project_id), "projectId", f"no project {project_id!r}"
    )


class ProjectApiTokensView(AdminView):
    """A project's client and frontend tokens (Unleash: /api/admin/projects/{p}/api-tokens)."""

    perm_model = "apitoken"

    @extend_schema(
        tags=PROJECT_TAG, responses=ApiTokensSerializer, operation_id="getProjectApiTokens"
    )
    def get(self, request, project_id):
        project = project_or_404(project_id)
        tokens = readable_tokens(request.user).exclude(type=TokenType.ADMIN)
        return listed(tokens.filter(projects__contains=[project.pk]))

    @extend_schema(
        tags=PROJECT_TAG,
        request=CreateProjectApiTokenSerializer,
        responses={201: CreatedApiTokenSerializer},
        operation_id="createProjectApiToken",
    )
    def post(self, request, project_id):
        project = project_or_404(project_id)
        data = validated(CreateProjectApiTokenSerializer, request.data)
        check_may_manage(request, data["type"], "create")
        token, secret = services.token_create(
            name=data["tokenName"],
            type=TokenType.BACKEND if data["type"] == "client" else data["type"],
            environment=data.get("environment", DEFAULT_ENVIRONMENT),
            projects=[project.pk],
            expires_at=data.get("expiresAt"),
            actor=self.actor,
        )
        return created_answer(token, secret, data["type"])


class ProjectApiTokenView(AdminView):
    perm_model = "apitoken"

    @extend_schema(
        tags=PROJECT_TAG,
        responses={200: OpenApiResponse(description="Deleted")},
        operation_id="deleteProjectApiToken",
    )
    def delete(self, request, project_id, token):
        """Only a token of exactly this project: unknown 404, any other scope 400 (Unleash)."""
        api_token = find_api_token(token)
        if api_token is None or api_token.type == TokenType.ADMIN:
            raise NotFound.at("token", "no such API token")
        if api_token.projects != [project_id]:
            raise ValidationFailed.at("token", f"this token is not scoped to {project_id!r} only")
        check_may_manage(request, api_token.type, "manage")
        services.token_delete(token=api_token, actor=self.actor)
        return Response(status=200)


class PersonalTokensMixin:
    perms = {"GET": [], "POST": [], "DELETE": []}

    def owner(self, request):
        if getattr(request.user, "pk", None) is None:
            raise Forbidden.at("", "personal access tokens belong to users, not to admin tokens")
        return request.user


class PersonalTokensView(PersonalTokensMixin, AdminView):
    @extend_schema(tags=PAT_TAG, responses=PersonalTokensSerializer, operation_id="getPats")
    def get(self, request):
        tokens = ApiToken.objects.filter(type=TokenType.PERSONAL, user=self.owner(request))
        return Response({"pats": PersonalTokenSerializer(tokens, many=True).data})

    @extend_schema(
        tags=PAT_TAG,
        request=CreatePersonalTokenSerializer,
        responses={201: CreatedPersonalTokenSerializer},
        operation_id="createPat",
    )
    def post(self, request):
        user = self.owner(request)
        data = validated(CreatePersonalTokenSerializer, request.data)
        token, secret = services.token_create(
            name=data["description"],
            type=TokenType.PERSONAL,
            user=user,
            expires_at=data.get("expiresAt"),
            actor=self.actor,
        )
        body = CreatedPersonalTokenSerializer(_with_secret(token, secret)).data
        return Response(body, status=201)


class PersonalTokenView(PersonalTokensMixin, AdminView):
    @extend_schema(
        tags=PAT_TAG,
        responses={200: OpenApiResponse(description="Deleted")},
        operation_id="deletePat",
    )
    def delete(self, request, token_id):
        user = self.owner(request)
        pk = int_id(token_id)
        tokens = ApiToken.objects.filter(pk=pk, type=TokenType.PERSONAL, user=user)
        token = first_or_404(tokens, "id", f"you have no personal access token {token_id}")
        services.token_delete(token=token, actor=self.actor)
        return Response(status=200)


def _with_secret(token: ApiToken, secret: str) -> ApiToken:
    token.secret = secret  # transient, for the creation answer (PATs are never listed)
    return token
