"""Users, groups and permissions are configuration too: refuse their writes while on.

They have no service layer (Django's own commands such as createsuperuser and changepassword
write them directly), so the guard sits on the model signals. Login's password rehash
(`update_fields=["password"]` from check_password) is let through: refusing it would break
logging in; last_login is skipped instead (see apps.py).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import signals

from maintenance.guard import ensure_writes_allowed

LOGIN_FIELDS = frozenset({"password", "last_login"})


def _refuse_save(sender, instance, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= LOGIN_FIELDS:
        return
    ensure_writes_allowed()


def _refuse_delete(sender, instance, **kwargs):
    ensure_writes_allowed()


def _refuse_m2m(sender, instance, action, **kwargs):
    if action.startswith("pre_"):
        ensure_writes_allowed()


def connect() -> None:
    user_model = get_user_model()
    for model in (user_model, Group):
        uid = f"maintenance-{model._meta.label_lower}"
        signals.pre_save.connect(_refuse_save, sender=model, dispatch_uid=f"{uid}-save")
        signals.pre_delete.connect(_refuse_delete, sender=model, dispatch_uid=f"{uid}-delete")
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        signals.m2m_changed.connect(
            _refuse_m2m, sender=through, dispatch_uid=f"maintenance-{through._meta.label_lower}"
        )
