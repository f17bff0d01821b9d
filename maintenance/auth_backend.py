"""Password login that never rewrites the user row while maintenance mode is on."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import check_password

from maintenance import state


class MaintenanceAwareModelBackend(ModelBackend):
    """Django's backend, minus the password re-hash while maintenance is on.

    Django re-hashes a password at login when its hasher's work factor has grown, which
    every Django upgrade does: a login during the maintenance window of an upgrade would
    write `auth_user` and fail on the read-only database role.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not state.is_active():
            return super().authenticate(request, username, password, **kwargs)
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            user_model().set_password(password)  # same work as a real check: no timing oracle
            return None
        # No setter: a stale hash is verified but left as it is until maintenance ends.
        if check_password(password, user.password) and self.user_can_authenticate(user):
            return user
        return None
