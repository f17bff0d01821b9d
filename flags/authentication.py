"""API tokens in requests: `Authorization: <token>` or `Bearer <token>`, for every API door."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone
from rest_framework import authentication, exceptions

from core.api.exceptions import stores_or_503
from flags import token_cache, token_last_seen
from flags.token_last_seen import flush_token_last_seen
from flags.tokens import ADMIN_API_TOKENS, TokenType, hash_secret

__all__ = [
    "ApiTokenAuthentication",
    "SdkClient",
    "TokenError",
    "TokenPrincipal",
    "TokenUser",
    "authenticate",
    "flush_token_last_seen",
]

MISSING_MESSAGE = (
    "You must provide a valid API token in the Authorization header to use this endpoint."
)
INVALID_MESSAGE = "The provided API token is unknown or has expired."
TOKENS_UNAVAILABLE = "Token storage is unavailable; retry later."


@dataclass(frozen=True)
class TokenPrincipal:
    """What a valid token grants."""

    token_id: int
    name: str
    type: str  # backend | frontend | admin | personal
    environment: str | None
    projects: tuple[str, ...]  # ("*",) for all
    user_id: int | None


class TokenError(Exception):
    """A request's token was refused: 401 (missing, unknown, expired) or 403 (wrong kind)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def secret_from_header(header: str | None) -> str:
    value = (header or "").strip()
    if value[:7].lower() == "bearer ":
        value = value[7:].strip()
    return value


def authenticate(
    authorization_header: str | None, *, allowed_types: frozenset[str] | set[str]
) -> TokenPrincipal:
    secret = secret_from_header(authorization_header)
    if not secret:
        raise TokenError(401, MISSING_MESSAGE)
    cached = token_cache.lookup(hash_secret(secret))
    if cached is None or (cached.expires_at is not None and cached.expires_at <= timezone.now()):
        raise TokenError(401, INVALID_MESSAGE)
    if cached.type not in allowed_types:
        kinds = " or ".join(sorted(allowed_types))
        raise TokenError(403, f"A {cached.type} token cannot be used here; use a {kinds} token.")
    token_last_seen.touch(cached.token_id)
    return TokenPrincipal(
        token_id=cached.token_id,
        name=cached.name,
        type=cached.type,
        environment=cached.environment,
        projects=cached.projects,
        user_id=cached.user_id,
    )


class _TokenIdentity:
    """A request user that is a token, not a row: authenticated, named after the token."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    pk = None
    id = None

    def __init__(self, principal: TokenPrincipal):
        self.principal = principal
        self.username = f"token:{principal.name}"

    def get_username(self) -> str:
        return self.username

    def __str__(self):
        return self.username


class TokenUser(_TokenIdentity):
    """The request user of an admin token: staff, every permission."""

    is_staff = True
    is_superuser = True

    def has_perm(self, perm, obj=None) -> bool:
        return True

    def has_perms(self, perm_list, obj=None) -> bool:
        return True

    def has_module_perms(self, app_label) -> bool:
        return True


class SdkClient(_TokenIdentity):
    """The request user of an SDK (backend or frontend) token: no permission at all."""

    is_staff = False
    is_superuser = False

    def has_perm(self, perm, obj=None) -> bool:
        return False

    def has_perms(self, perm_list, obj=None) -> bool:
        return False

    def has_module_perms(self, app_label) -> bool:
        return False


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """DRF authentication by API token, for every door: the admin API and the SDK API.

    `allowed_types` are the token kinds this door takes (admin and personal by default);
    `required` (SDK doors) makes a missing header a 401 instead of letting session
    authentication try. A token store that cannot answer is a 503, never a 500.
    """

    def __init__(self, allowed_types=ADMIN_API_TOKENS, *, required: bool = False):
        self.allowed_types = frozenset(allowed_types)
        self.required = required

    def authenticate(self, request):
        # META, not request.headers: building HttpHeaders on every SDK hit is measurable.
        header = request.META.get("HTTP_AUTHORIZATION")
        if not header and not self.required:
            return None  # let session authentication have a go
        try:
            with stores_or_503("token check, not in cache", TOKENS_UNAVAILABLE):
                principal = authenticate(header, allowed_types=self.allowed_types)
        except TokenError as exc:
            if exc.status == 403:
                raise exceptions.PermissionDenied(exc.message) from exc
            raise exceptions.AuthenticationFailed(exc.message) from exc
        return self._user_for(principal), principal

    def _user_for(self, principal: TokenPrincipal):
        """The user a token acts as: its owner's own row, or (admin tokens only) TokenUser.

        Admin tokens are not users and act as an admin. A personal token is exactly its
        owner: same groups and permissions, refused once the owner is deactivated or gone,
        and never promoted to TokenUser when its owner is missing.
        """
        if principal.type == TokenType.ADMIN:
            return TokenUser(principal)
        if principal.type not in ADMIN_API_TOKENS:
            return SdkClient(principal)
        user = None
        if principal.user_id is not None:
            user = get_user_model().objects.filter(pk=principal.user_id, is_active=True).first()
        if user is None:
            raise exceptions.AuthenticationFailed(INVALID_MESSAGE)
        return user

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) when no credentials were given.
        return 'Bearer realm="api"'
