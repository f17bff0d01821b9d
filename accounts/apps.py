"""App config of accounts: connects the login signals (history and failed-login limits)."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Site"

    def ready(self):
        from accounts import login_history  # noqa: F401  (login signals)
