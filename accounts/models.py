"""The session and login-history models: who, from where, when last active; every attempt."""

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession, BaseSessionManager
from django.db import models


class Session(AbstractBaseSession):
    """One row per browser session; the only table a read-only DB role must write."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sessions",
        db_constraint=False,
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity = models.DateTimeField(auto_now=True)

    objects = BaseSessionManager()

    class Meta:
        db_table = "unleash_session"
        verbose_name = "session"
        indexes = [models.Index(fields=["user", "expire_date"])]

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions import SessionStore

        return SessionStore


class LoginEvent(models.Model):
    """One login attempt, successful or not; append-only, kept 14 days (login_history)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    username = models.CharField(max_length=255, blank=True, default="")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True, default="")
    auth_method = models.CharField(max_length=50, default="password")
    success = models.BooleanField()
    failure_reason = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "unleash_site_loginevent"  # its name from before the accounts app
        ordering = ["-created_at", "-id"]
        verbose_name = "login"
        verbose_name_plural = "login history"

    def __str__(self):
        outcome = "ok" if self.success else f"failed ({self.failure_reason})"
        return f"{self.username} {outcome}"
