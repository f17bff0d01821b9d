"""Facts other apps hold about users, asked for without importing those apps.

The project package connects them at start-up (``unleash_site.apps.SiteConfig.ready``): flags
answers with its projects and its personal tokens. Until then each hook gives its default.
"""

from collections.abc import Callable


class Hook:
    """One function another app provides; ``default`` answers until one is connected."""

    def __init__(self, default: Callable):
        self._func = default

    def connect(self, func: Callable) -> None:
        self._func = func

    def __call__(self, *args, **kwargs):
        return self._func(*args, **kwargs)


# project_ids(user) -> the ids of the projects the user's profile lists
project_ids = Hook(lambda user: [])
# personal_token_seen(users) -> {user id: newest use of one of their personal tokens}
personal_token_seen = Hook(lambda users: {})
