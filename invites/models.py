"""An invite link: found by the hash of its secret, listed in full by decrypting it."""

from django.conf import settings
from django.db import models


class InviteLink(models.Model):
    name = models.CharField(max_length=255)
    # The secret is the link's only credential: a lookup hash plus the Fernet-encrypted text
    # (flags.tokens), so a database dump alone holds no usable link.
    secret_hash = models.CharField(max_length=64, unique=True)
    secret_encrypted = models.TextField()
    enabled = models.BooleanField(default=True)
    expires_at = models.DateTimeField()
    created_by = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name
