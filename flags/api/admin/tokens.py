"""API tokens (secrets shown once) and users' own personal access tokens."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from flags import services
from flags.errors import Forbidden, NotFound, ValidationFailed
from flags.models import ApiToken, TokenType
from flags.tokens import hash_secret

from .base import AdminView, first_or_404, int_id, validated
from .serializers.tokens import (
    ApiTokenSerializer,
    ApiTokensSerializer,
    CreateApiTokenSerializer,
    CreatedApiTokenSerializer,
    CreatedPersonalTokenSerializer,
    CreatePersonalTokenSerializer,
    PersonalTokenSerializer,
    PersonalTokensSerializer,
    UpdateApiTokenSerializer,
)

TAG = ["API tokens"]
PAT_TAG = ["Personal access tokens"]
API_TOKEN_TYPES = (TokenType.BACKEND, TokenType.FRONTEND, TokenType.ADMIN)


def manage_permission(token_type: str) -> str:
    if token_type == TokenType.ADMIN:
        return "flags.manage_admin_tokens"
    return "flags.manage_client_tokens"


def get_api_token(key: str) -> ApiToken:
    """By full secret (Unleash's path parameter), or by our numeric id."""
    tokens = ApiToken.objects.filter(type__in=API_TOKEN_TYPES)
    token = tokens.filter(secret_hash=hash_secret(key)).first()
    if token is None and key.isdigit() and len(key) < 19:
        token = tokens.filter(pk=int(key)).first()
    if token is None:
        raise NotFound.at("token", "no such API token")
    return token


class ApiTokensView(AdminView):
    perm_model = "apitoken"
    # Creating needs flags.add_apitoken up front (so a Viewer learns nothing from a 400),
    # then the right for the token's kind, checked once the kind is known.

    @extend_schema(tags=TAG, responses=ApiTokensSerializer, operation_id="getAllApiTokens")
    def get(self, request):
        tokens = ApiToken.objects.filter(type__in=API_TOKEN_TYPES)
        return Response({"tokens": ApiTokenSerializer(tokens, many=True).data})

    @extend_schema(
        tags=TAG,
        request=CreateApiTokenSerializer,
        responses={201: CreatedApiTokenSerializer},
        operation_id="createApiToken",
    )
    def post(self, request):
        data = validated(CreateApiTokenSerializer, request.data)
        token_type = TokenType.BACKEND if data["type"] == "client" else data["type"]
        if not request.user.has_perm(manage_permission(token_type)):
            raise PermissionDenied(f"You may not create {data['type']} tokens.")
        name = data.get("tokenName") or data.get("username")
        if not name:
            raise ValidationFailed.at("tokenName", "is required")
        projects = data.get("projects") or ([data["project"]] if data.get("project") else None)
        token, secret = services.token_create(
            name=name,
            type=token_type,
            environment=data.get("environment") if token_type != TokenType.ADMIN else None,
            projects=list(projects) if projects else None,
            expires_at=data.get("expiresAt"),
            actor=self.actor,
        )
        body = {**ApiTokenSerializer(token).data, "secret": secret}
        return Response(body, status=201)


class ApiTokenView(AdminView):
    perm_model = "apitoken"
    # change/delete_apitoken up front (a Viewer cannot probe which tokens exist by 403 vs
    # 404), then the right for the token's kind once it is found.

    def _token_for_write(self, request, key: str) -> ApiToken:
        token = get_api_token(key)
        if not request.user.has_perm(manage_permission(token.type)):
            raise PermissionDenied(f"You may not manage {token.type} tokens.")
        return token

    @extend_schema(
        tags=TAG,
        request=UpdateApiTokenSerializer,
        responses={200: OpenApiResponse(description="Updated")},
        operation_id="updateApiToken",
    )
    def put(self, request, token):
        api_token = self._token_for_write(request, token)
        data = validated(UpdateApiTokenSerializer, request.data)
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
        services.token_delete(token=self._token_for_write(request, token), actor=self.actor)
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
    token.secret = secret  # transient: serialised once in the creation answer, never stored
    return token
