"""Session engine storing sessions in `unleash_site.Session` with user, IP and user agent."""

from django.contrib.sessions.backends.db import SessionStore as DBStore


class SessionStore(DBStore):
    """Adds who and from where to each saved session row."""

    def __init__(self, session_key=None, request_meta=None):
        super().__init__(session_key)
        self.request_meta = request_meta or {}

    @classmethod
    def get_model_class(cls):
        from unleash_site.models import Session

        return Session

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        user_id = data.get("_auth_user_id")
        obj.user_id = int(user_id) if user_id and str(user_id).isdigit() else None
        if self.request_meta:
            obj.ip_address = self.request_meta.get("ip") or None
            obj.user_agent = (self.request_meta.get("user_agent") or "")[:512]
        return obj
