"""Puts the maintenance banner into every HTML page's template context."""

from maintenance import state


def maintenance(request) -> dict:
    current = state.current()
    on = current.active()
    return {
        "maintenance_active": on,
        "maintenance_message": current.display_message if on else "",
    }
