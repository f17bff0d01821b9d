"""The error raised when a configuration write meets maintenance mode."""

from core.errors import WritesRefused


class MaintenanceActive(WritesRefused):
    """Writes are refused because maintenance mode is on; `retry_after` counts to its end."""
