"""Session engine storing sessions in `accounts.Session` with user, IP and user agent."""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.db import DatabaseError, router, transaction

# Columns an existing row gets on save; created_at stays as inserted.
UPDATE_FIELDS = ["session_data", "expire_date", "user", "last_activity"]


class SessionStore(DBStore):
    """Adds who and from where to each saved session row."""

    def __init__(self, session_key=None, request_meta=None):
        super().__init__(session_key)
        # Filled by core.middleware.SessionMetaMiddleware: {"ip", "user_agent"}.
        self.request_meta = request_meta or {}

    @classmethod
    def get_model_class(cls):
        from accounts.models import Session

        return Session

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        user_id = data.get("_auth_user_id")
        obj.user_id = int(user_id) if user_id and str(user_id).isdigit() else None
        if self.request_meta:
            obj.ip_address = self.request_meta.get("ip") or None
            obj.user_agent = (self.request_meta.get("user_agent") or "")[:512]
        return obj

    def save(self, must_create=False):
        if self.session_key is None or must_create:
            return super().save(must_create=must_create)
        # An update names its columns, so the row's created_at is never overwritten with NULL.
        obj = self.create_model_instance(self._get_session())
        fields = UPDATE_FIELDS + (["ip_address", "user_agent"] if self.request_meta else [])
        using = router.db_for_write(self.model, instance=obj)
        try:
            with transaction.atomic(using=using):
                obj.save(update_fields=fields, using=using)
        except DatabaseError as exc:
            raise UpdateError from exc
