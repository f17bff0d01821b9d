"""The frontend API's allowed origins as every process serves them (the one read CORS uses).

Stored by flags.services.frontend_settings; until an admin sets them, settings.
FRONTEND_API_ORIGINS. Each write appends an audit event, so the cached answer is keyed to the
configuration revision every process already follows (a change is seen within a second) and
the table is read at most once per revision, not per request.
"""

import logging

from django.conf import settings
from django.db import DatabaseError

from core import cache_reset, revision
from flags.models import FrontendSetting

log = logging.getLogger(__name__)

_cache: dict = {}


@cache_reset.register
def reset() -> None:
    _cache.clear()


def allowed_origins() -> tuple[str, ...]:
    """The origins allowed now (`*` allows any)."""
    try:
        current = revision.current()
    except DatabaseError:
        current = None
    # The default is part of the key: it is a setting, and tests change settings.
    key = (current, tuple(settings.FRONTEND_API_ORIGINS))
    if current is not None and _cache.get("key") == key:
        return _cache["origins"]
    try:
        row = FrontendSetting.objects.only("allowed_origins").first()
    except DatabaseError:
        # Keep answering browsers with what was last known while the database is away.
        return _cache.get("origins", tuple(settings.FRONTEND_API_ORIGINS))
    origins = tuple(row.allowed_origins) if row else tuple(settings.FRONTEND_API_ORIGINS)
    _cache.update(key=key, origins=origins)
    return origins
