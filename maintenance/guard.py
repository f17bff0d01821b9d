"""The single check every configuration write passes through."""

from maintenance.errors import MaintenanceActive  # noqa: F401  (re-exported for callers)


def ensure_writes_allowed() -> None:
    """Raise MaintenanceActive when configuration writes are refused.

    Maintenance state itself is implemented by the maintenance issue; until then writes are
    always allowed.
    """
