"""App config for maintenance mode."""

from django.apps import AppConfig


class MaintenanceConfig(AppConfig):
    name = "maintenance"
    verbose_name = "Configuration"

    def ready(self):
        from django.contrib.auth import signals

        from core import services
        from maintenance import checks, guard, model_guard

        # Every write service of every app asks core, which asks maintenance mode.
        services.register_write_check(guard.ensure_writes_allowed)
        model_guard.connect()
        checks.register()

        # Logging in must not write auth_user while maintenance is on (the read-only role).
        if signals.user_logged_in.disconnect(dispatch_uid="update_last_login"):
            signals.user_logged_in.connect(
                _update_last_login_unless_maintenance, dispatch_uid="maintenance-last-login"
            )


def _update_last_login_unless_maintenance(sender, user, **kwargs):
    from django.contrib.auth.models import update_last_login

    from maintenance import state

    if not state.is_active():
        update_last_login(sender, user, **kwargs)
