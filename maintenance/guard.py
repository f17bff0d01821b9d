"""The single check every configuration write passes through."""

from maintenance import state
from maintenance.errors import MaintenanceActive  # noqa: F401  (re-exported for callers)


def writes_refused() -> bool:
    """True while maintenance is on, or while its state cannot be read (fail closed)."""
    return state.current().active()


def ensure_writes_allowed() -> None:
    """Raise MaintenanceActive when configuration writes are refused."""
    current = state.current()
    if current.active():
        raise MaintenanceActive(current.display_message, retry_after=current.retry_after())
