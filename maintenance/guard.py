"""The single check every configuration write passes through."""

from maintenance import state
from maintenance.errors import MaintenanceActive


def ensure_writes_allowed() -> None:
    """Raise MaintenanceActive when configuration writes are refused."""
    current = state.current()
    if current.active():
        raise MaintenanceActive(current.display_message, retry_after=current.retry_after())
