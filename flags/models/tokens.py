"""API tokens: Unleash-format secrets, stored as a SHA-256 lookup hash plus the secret encrypted."""

from django.conf import settings
from django.db import models

from flags import tokens as token_format
from flags.tokens import TokenType


class ApiToken(models.Model):
    name = models.CharField(max_length=255)
    type = models.CharField(max_length=20, choices=TokenType.choices)
    # None for admin/personal tokens (all environments)
    environment = models.ForeignKey(
        "flags.Environment", null=True, blank=True, on_delete=models.CASCADE, related_name="tokens"
    )
    # ["*"] for all projects, else project ids
    projects = models.JSONField(default=list)
    secret_hash = models.CharField(max_length=64, unique=True)
    # Fernet ciphertext of the secret, so lists can show it as Unleash does; "" for tokens
    # created before it was kept (their secret is unrecoverable: lists show it masked).
    secret_encrypted = models.TextField(blank=True, default="", editable=False)
    # the non-secret head of the token, e.g. "*:development.3f2a…", for display
    display = models.CharField(max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    created_by = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"
        permissions = [
            ("manage_client_tokens", "Can manage backend and frontend tokens"),
            ("manage_admin_tokens", "Can manage admin tokens"),
        ]

    def __str__(self):
        return f"{self.name} ({self.display})" if self.display else self.name

    def stored_secret(self) -> str | None:
        """The full secret when it can be recovered, else None."""
        return token_format.decrypt_secret(self.secret_encrypted, self.secret_hash)
