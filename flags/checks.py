"""System checks that warn about unsafe production settings."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def secret_key_changed(app_configs, **kwargs):
    if settings.SECRET_KEY.startswith("insecure-embedded-profile"):
        return [Warning("SECRET_KEY is the embedded default; set it.", id="flags.W001")]
    return []
