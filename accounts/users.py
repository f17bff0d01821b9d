"""Every write on users (Unleash's user-admin): one transaction, one audit event, maintenance.

Users are Django's own; the root role is membership of exactly one of the role groups
(flags.roles). Unleash numbers those roles 1 Admin, 2 Editor, 3 Viewer and accepts either the
number or the name wherever a role is given.
"""

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import Session
from core.actors import Actor
from core.audit import record_event
from core.errors import NotFound, ServiceError, ValidationFailed
from core.services import locked, write_service
from core.textcheck import check_text

ROOT_ROLES = {1: "Admin", 2: "Editor", 3: "Viewer"}
ROLE_IDS = {name: rid for rid, name in ROOT_ROLES.items()}
# Unleash gives a user with no root role the Viewer role.
DEFAULT_ROLE = 3
# Django's auth_user columns.
USERNAME_MAX, EMAIL_MAX, NAME_MAX = 150, 254, 150


class PasswordMismatch(ServiceError):
    """The old password given for a change is wrong: Unleash's 401."""

    status = 401
    name = "PasswordMismatch"


class WeakPassword(ValidationFailed):
    """A password AUTH_PASSWORD_VALIDATORS refuse (Unleash's OwaspValidationError, 400)."""

    name = "OwaspValidationError"


def root_role_id(user) -> int:
    """The Unleash root role id of a user: superusers are Admin, no role group is Viewer."""
    if user.is_superuser:
        return ROLE_IDS["Admin"]
    names = {group.name for group in user.groups.all()}
    return next((rid for rid, name in ROOT_ROLES.items() if name in names), DEFAULT_ROLE)


def snapshot(user) -> dict:
    """A user as Unleash's user events carry it."""
    return {
        "id": user.pk,
        "name": user.first_name,
        "username": user.username,
        "email": user.email,
        "rootRole": root_role_id(user),
    }


def parse_root_role(value, path: str = "rootRole") -> int:
    """A role id from an id (number or digits) or a role name; anything else is a 400."""
    if isinstance(value, bool):
        value = None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, str) and value in ROLE_IDS:
        return ROLE_IDS[value]
    if isinstance(value, int) and value in ROOT_ROLES:
        return value
    raise ValidationFailed.at(path, "must be a root role: 1 (Admin), 2 (Editor) or 3 (Viewer)")


def check_password(password, user=None, path: str = "password") -> None:
    """Raise WeakPassword unless AUTH_PASSWORD_VALIDATORS accept ``password``."""
    errors = check_text(password, path, 4096, required=True)
    if errors:
        raise ValidationFailed.from_details(errors)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        messages = list(exc.messages)
        raise WeakPassword(messages[0], [{"path": path, "message": m} for m in messages]) from exc


def _texts(username, email, name) -> None:
    errors = []
    for value, path, limit in (
        (username, "username", USERNAME_MAX),
        (email, "email", EMAIL_MAX),
        (name, "name", NAME_MAX),
    ):
        if value is not None:
            errors += check_text(value, path, limit)
    if errors:
        raise ValidationFailed.from_details(errors)
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ValidationFailed.at("email", f"must be a valid email, not {email!r}") from exc


def _set_role(user, role_id: int) -> None:
    """Exactly one role group; a superuser given another role stops being one (no drift)."""
    if user.is_superuser and role_id != ROLE_IDS["Admin"]:
        user.is_superuser = False
        user.save(update_fields=["is_superuser"])
    role_groups = Group.objects.filter(name__in=ROOT_ROLES.values())
    user.groups.remove(*role_groups)
    user.groups.add(Group.objects.get(name=ROOT_ROLES[role_id]))


@write_service
def user_create(*, actor: Actor, root_role, username=None, email=None, name=None, password=None):
    """Create a user with one root role; a password only if given (else none is usable)."""
    role_id = parse_root_role(root_role)
    _texts(username, email, name)
    username, email = (username or "").strip(), (email or "").strip()
    if not username and not email:
        raise ValidationFailed.at("username", "You must specify username or email")
    login = username or email
    User = get_user_model()
    taken = Q(username__iexact=login) | (Q(email__iexact=email) if email else Q(pk__in=[]))
    if User.objects.filter(taken).exists():
        raise ValidationFailed.at("username", "User already exists")
    # Staff: the Django admin is this server's UI, and the role group decides what they see.
    user = User(username=login, email=email, first_name=name or "", is_staff=True)
    if password is not None:
        check_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    _set_role(user, role_id)
    record_event("user-created", actor=actor, data=snapshot(user))
    return user


@write_service
def user_update(*, user_id: int, actor: Actor, name=None, email=None, root_role=None):
    """Change name, email and root role; a field left out (or empty) keeps its value."""
    role_id = parse_root_role(root_role) if root_role not in (None, "") else None
    _texts(None, email, name)
    user = _locked_user(user_id)
    before = snapshot(user)
    if email and get_user_model().objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationFailed.at("email", "User already exists")
    user.first_name = name or user.first_name
    user.email = email or user.email
    user.save()
    if role_id is not None:
        _set_role(user, role_id)
    record_event("user-updated", actor=actor, data=snapshot(user), pre_data=before)
    return user


@write_service
def user_delete(*, user_id: int, actor: Actor) -> None:
    """Delete a user: their sessions end and their personal tokens go with them."""
    user = _locked_user(user_id)
    before = snapshot(user)
    Session.objects.filter(user_id=user.pk).delete()
    user.delete()  # cascades to the personal tokens (ApiToken.user)
    record_event("user-deleted", actor=actor, pre_data=before)


@write_service
def users_delete(*, user_ids: list[int], actor: Actor) -> None:
    """Delete several users at once (inactive/delete): all or none; the caller is skipped."""
    caller = actor.user.pk if actor.user is not None else None
    for user_id in sorted(set(user_ids) - {caller}):
        user_delete(user_id=user_id, actor=actor)  # nested: the same transaction


@write_service
def user_set_password(*, user_id: int, password, actor: Actor, keep_session: str | None = None):
    """Set a new password; every session of the user ends except ``keep_session``."""
    user = _locked_user(user_id)
    check_password(password, user)
    user.set_password(password)
    user.save()
    Session.objects.filter(user_id=user.pk).exclude(session_key=keep_session or "").delete()
    record_event("user-password-changed", actor=actor, data={"id": user.pk})
    return user


def user_change_own_password(*, user, old_password, password, actor: Actor, keep_session=None):
    """A user's own change: the old password must match (else PasswordMismatch, 401)."""
    errors = check_text(old_password, "oldPassword", 4096, required=True)
    if errors:
        raise ValidationFailed.from_details(errors)
    if not user.has_usable_password() or not user.check_password(old_password):
        raise PasswordMismatch("The old password you provided is invalid.")
    return user_set_password(
        user_id=user.pk, password=password, actor=actor, keep_session=keep_session
    )


def reset_path(user) -> str:
    """The path of a one-time link that sets a new password (Django's reset token).

    It writes nothing: the token is derived from the password hash and last login, so it
    stops working once the password has been changed.
    """
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/reset-password/{uid}/{default_token_generator.make_token(user)}/"


def user_by_email(email) -> object:
    """The user with this email (case-insensitive); Unleash's 404 otherwise."""
    errors = check_text(email, "id", EMAIL_MAX, required=True)
    if errors:
        raise ValidationFailed.from_details(errors)
    user = get_user_model().objects.filter(email__iexact=email.strip()).order_by("pk").first()
    if user is None:
        raise NotFound.at("id", "No user found")
    return user


def _locked_user(user_id: int):
    try:
        return locked(get_user_model(), pk=user_id)
    except NotFound as exc:
        raise NotFound.at("id", "No user found") from exc
