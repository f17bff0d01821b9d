"""The error raised when a configuration write meets maintenance mode."""

from core.errors import WritesRefused


class MaintenanceActive(WritesRefused):
    """Writes are refused because maintenance mode is on."""

    def __init__(
        self,
        message: str = "Maintenance mode is on: configuration is read-only.",
        *,
        retry_after: int = 300,
    ):
        super().__init__(message, retry_after=retry_after)
