"""The admin home: what a product manager checks first, gathered from each app's selectors."""

from django.urls import reverse

from flags import home_selectors
from maintenance import state
from metrics import sdk_selectors


def _steps(setup) -> list[dict]:
    """The getting-started list: each step, whether it is done and where to do it."""
    return [
        {
            "title": "Create a project",
            "text": "Optional: flags start in the Default project.",
            "done": setup.projects > 1,
            "url": reverse("admin:flags_project_add"),
        },
        {
            "title": "Create a flag",
            "text": "Name it after the feature it hides, e.g. new-checkout.",
            "done": setup.flags > 0,
            "url": reverse("admin:flags_feature_add"),
        },
        {
            "title": "Create an API token",
            "text": "A backend token lets a server SDK fetch its flags.",
            "done": setup.tokens > 0,
            "url": reverse("admin:flags_apitoken_add"),
        },
        {
            "title": "Turn the flag on in development",
            "text": "One click on the flag list; SDKs see it within seconds.",
            "done": setup.enabled > 0,
            "url": reverse("admin:flags_feature_changelist"),
        },
    ]


def home_context(request) -> dict:
    """Template context of the admin index (the caller adds the site's own context)."""
    setup = home_selectors.setup_progress()
    current = state.current()
    return {
        "title": "Home",
        "setup": setup,
        "steps": _steps(setup),
        "environments": home_selectors.flags_per_environment(),
        "stale": home_selectors.stale_flags(),
        "potentially_stale": home_selectors.potentially_stale_flags(),
        "recent_events": home_selectors.recent_changes(),
        "sdk": sdk_selectors.connected_applications(),
        "maintenance": {
            "on": current.active(),
            "enabled": current.enabled,
            "message": current.display_message,
            "source": current.source,
            "since": current.since(),
            "window": current.window(),
            "updated_by": current.updated_by,
        },
    }
