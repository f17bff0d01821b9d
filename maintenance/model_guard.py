"""Users are configuration too: refuse their writes while on, whichever door they come by.

Users have no service layer (Django's own createsuperuser and changepassword write them
directly), so the guard sits on the model signals. Groups and permissions are left to the
doors (admin, API): `migrate` rewrites them in post_migrate and must work during maintenance.
Logins write nothing while on: the password re-hash is skipped by the authentication backend
(auth_backend.py) and last_login by apps.py; a last_login save racing a toggle is let through.
"""

from django.contrib.auth import get_user_model
from django.db.models import signals

from maintenance.guard import ensure_writes_allowed

LOGIN_FIELDS = frozenset({"last_login"})


def _refuse_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or (update_fields and set(update_fields) <= LOGIN_FIELDS):
        return
    ensure_writes_allowed()


def _refuse_delete(sender, instance, **kwargs):
    ensure_writes_allowed()


def connect() -> None:
    user_model = get_user_model()
    signals.pre_save.connect(_refuse_save, sender=user_model, dispatch_uid="maintenance-user-save")
    signals.pre_delete.connect(
        _refuse_delete, sender=user_model, dispatch_uid="maintenance-user-delete"
    )
