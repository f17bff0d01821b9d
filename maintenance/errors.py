"""The error raised when a configuration write meets maintenance mode."""

from django.core.management.base import CommandError


class MaintenanceActive(CommandError):
    """Writes are refused. A CommandError too, so any manage.py command that meets it exits
    non-zero with this message rather than a traceback."""

    status = 503

    def __init__(
        self,
        message: str = "Maintenance mode is on: configuration is read-only.",
        *,
        retry_after: int = 300,
    ):
        super().__init__(message, returncode=3)
        self.message = message
        self.retry_after = retry_after
