"""Unleash 8.2's user routes: `/api/admin/user-admin/...` (Admin) and the caller's own `/user/...`.

Managing users needs Django's auth model permissions (only the Admin role holds them, and an
admin token acts as Admin); search, the access list, password validation and the caller's own
profile, roles and password need only a signed-in user, as in Unleash.
"""

from django.contrib.auth import get_user_model, update_session_auth_hash
from django.urls import get_script_prefix
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.response import Response

from accounts import hooks, user_selectors
from accounts import user_serializers as wire
from accounts import users as user_services
from core.api.views import AdminView, int_id, validated
from core.errors import NotFound, ServiceError, ValidationFailed

TAGS = ["Users"]
EMPTY = OpenApiResponse(description="Done (empty body)")


class UserAdminView(AdminView):
    """Only Admin: Django's auth.*_user model permissions."""

    def required_permissions(self, method: str) -> list[str]:
        action = {"GET": "view", "POST": "add", "PUT": "change", "DELETE": "delete"}
        return [f"auth.{action.get(method, 'view')}_user"]

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if response.status_code == 403 and isinstance(response.data, dict):
            response.data["permissions"] = ["ADMIN"]  # Unleash names the permission it lacked
        return response


class SignedInUserView(AdminView):
    """Any signed-in caller (Unleash's NONE permission); writes still meet maintenance."""

    def required_permissions(self, method: str) -> list[str]:
        return []

    def own_user(self):
        """The caller's user row; an admin token is not a user (Unleash's 400)."""
        user = self.request.user
        if user.pk is None:
            raise ServiceError("User id is missing in request user object")
        return user


def get_user(user_id: str):
    user = get_user_model().objects.prefetch_related("groups").filter(pk=int_id(user_id)).first()
    if user is None:
        raise NotFound.at("id", "No user found")
    return user


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(get_script_prefix().rstrip("/") + path)


class UsersView(UserAdminView):
    @extend_schema(tags=TAGS, responses=wire.UsersSerializer, operation_id="getUsers")
    def get(self, request):
        users = [wire.user_wire(u, inviteLink="") for u in user_selectors.all_users()]
        return Response({"users": users, "rootRoles": wire.root_roles_wire()})

    @extend_schema(
        tags=TAGS,
        request=wire.CreateUserSerializer,
        responses={201: wire.CreatedUserSerializer},
        operation_id="createUser",
    )
    def post(self, request):
        data = validated(wire.CreateUserSerializer, request.data)
        user = user_services.user_create(
            username=data.get("username"),
            email=data.get("email"),
            name=data.get("name"),
            password=data.get("password"),
            root_role=data["rootRole"],
            actor=self.actor,
        )
        link = absolute(request, user_services.reset_path(user))
        body = wire.user_wire(user, inviteLink=link, emailSent=False)
        return Response(body, status=201, headers={"Location": f"{request.path}/{user.pk}"})


class UserView(UserAdminView):
    @extend_schema(tags=TAGS, responses=wire.UserSerializer, operation_id="getUser")
    def get(self, request, user_id):
        return Response(wire.user_wire(get_user(user_id)))

    @extend_schema(
        tags=TAGS,
        request=wire.UpdateUserSerializer,
        responses=wire.UserSerializer,
        operation_id="updateUser",
    )
    def put(self, request, user_id):
        pk = get_user(user_id).pk
        data = validated(wire.UpdateUserSerializer, request.data)
        user = user_services.user_update(
            user_id=pk,
            name=data.get("name"),
            email=data.get("email"),
            root_role=data.get("rootRole"),
            actor=self.actor,
        )
        return Response(wire.user_wire(user))

    @extend_schema(tags=TAGS, responses={200: EMPTY}, operation_id="deleteUser")
    def delete(self, request, user_id):
        user_services.user_delete(user_id=get_user(user_id).pk, actor=self.actor)
        return Response(status=200)


class UserSearchView(SignedInUserView):
    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="2 characters or more")],
        responses=wire.UserSerializer(many=True),
        operation_id="searchUsers",
    )
    def get(self, request):
        query = request.query_params.get("q", "")
        return Response([wire.search_wire(u) for u in user_selectors.search(query)])


class UserAccessView(SignedInUserView):
    @extend_schema(tags=TAGS, responses=wire.AccessSerializer, operation_id="getBaseUsersAndGroups")
    def get(self, request):
        users = [wire.access_wire(u) for u in user_selectors.all_users()]
        return Response({"users": users, "groups": []})


class AdminCountView(UserAdminView):
    @extend_schema(tags=TAGS, responses=wire.AdminCountSerializer, operation_id="getAdminCount")
    def get(self, request):
        return Response(user_selectors.admin_count())


class InactiveUsersView(UserAdminView):
    @extend_schema(
        tags=TAGS, responses=wire.InactiveUsersSerializer, operation_id="getInactiveUsers"
    )
    def get(self, request):
        rows = [wire.inactive_wire(u, pat) for u, pat in user_selectors.inactive_users()]
        return Response({"version": 1, "inactiveUsers": rows})


class InactiveUsersDeleteView(UserAdminView):
    def required_permissions(self, method: str) -> list[str]:
        return ["auth.delete_user"]

    @extend_schema(
        tags=TAGS,
        request=wire.IdsSerializer,
        responses={200: EMPTY},
        operation_id="deleteInactiveUsers",
    )
    def post(self, request):
        data = validated(wire.IdsSerializer, request.data)
        user_services.users_delete(user_ids=data["ids"], actor=self.actor)
        return Response(status=200)


class ValidatePasswordView(SignedInUserView):
    """Reads only: maintenance lets it through once its URL name is on the exempt list."""

    maintenance_exempt = True

    @extend_schema(
        tags=TAGS,
        request=wire.PasswordSerializer,
        responses={200: EMPTY},
        operation_id="validateUserPassword",
    )
    def post(self, request):
        data = validated(wire.PasswordSerializer, request.data)
        user_services.check_password(data["password"])
        return Response(status=200)


class ChangeUserPasswordView(UserAdminView):
    def required_permissions(self, method: str) -> list[str]:
        return ["auth.change_user"]

    @extend_schema(
        tags=TAGS,
        request=wire.PasswordSerializer,
        responses={200: EMPTY},
        operation_id="changeUserPassword",
    )
    def post(self, request, user_id):
        pk = get_user(user_id).pk
        data = validated(wire.PasswordSerializer, request.data)
        user_services.user_set_password(user_id=pk, password=data["password"], actor=self.actor)
        return Response(status=200)


class ResetPasswordView(UserAdminView):
    def required_permissions(self, method: str) -> list[str]:
        return ["auth.change_user"]

    @extend_schema(
        tags=TAGS,
        request=wire.EmailIdSerializer,
        responses=wire.ResetPasswordSerializer,
        operation_id="resetUserPassword",
        description="A one-time link that lets the user set a new password; no email is sent.",
    )
    def post(self, request):
        data = validated(wire.EmailIdSerializer, request.data)
        user = user_services.user_by_email(data["id"])
        link = absolute(request, user_services.reset_path(user))
        return Response({"resetPasswordUrl": link})


class ProfileView(SignedInUserView):
    @extend_schema(tags=TAGS, responses=wire.ProfileSerializer, operation_id="getProfile")
    def get(self, request):
        user = self.own_user()
        body = {
            "rootRole": wire.role_wire(user_services.root_role_id(user)),
            # No project membership here: every project is open to every role.
            "projects": list(hooks.project_ids(user)),
            "groups": [],
            "subscriptions": [],
            "features": [],
            "canChangePassword": user.has_usable_password(),
        }
        return Response(body)


class UserRolesView(SignedInUserView):
    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("projectId", OpenApiTypes.STR, required=True)],
        responses=wire.RolesSerializer,
        operation_id="getUserRoles",
    )
    def get(self, request):
        user = self.own_user()
        project = request.query_params.get("projectId")
        if not project:
            raise ValidationFailed.at("projectId", "is required")
        role = {**wire.role_wire(user_services.root_role_id(user)), "project": project}
        return Response({"version": 1, "roles": [role]})


class ChangeOwnPasswordView(SignedInUserView):
    @extend_schema(
        tags=TAGS,
        request=wire.ChangeOwnPasswordSerializer,
        responses={200: EMPTY},
        operation_id="changeMyPassword",
    )
    def post(self, request):
        user = self.own_user()
        data = validated(wire.ChangeOwnPasswordSerializer, request.data)
        if data["password"] != data["confirmPassword"]:
            raise ValidationFailed.at("confirmPassword", "must equal password")
        # Only a session-signed-in caller keeps a session (a personal token has none).
        session = request._request.session if request.auth is None else None
        user = user_services.user_change_own_password(
            user=user,
            old_password=data["oldPassword"],
            password=data["password"],
            actor=self.actor,
            keep_session=session.session_key if session is not None else None,
        )
        if session is not None and session.session_key:
            request._request.user = user
            update_session_auth_hash(request._request, user)  # this session stays signed in
        return Response(status=200)
