"""Puts the maintenance banner into every HTML page's template context."""

from maintenance import exempt, state


def maintenance(request) -> dict:
    current = state.current()
    on = current.active()
    match = getattr(request, "resolver_match", None)
    exempt_page = bool(match) and match.view_name in exempt.EXEMPT_ADMIN_VIEWS
    return {
        "maintenance_active": on,
        "maintenance_message": current.display_message if on else "",
        # Save buttons render disabled, except on the pages that stay writable (the toggle).
        "maintenance_writes_paused": on and not exempt_page,
    }
