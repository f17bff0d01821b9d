"""Set the frontend API's allowed CORS origins (Unleash's POST /api/admin/ui-config/cors).

Origins follow Unleash's rule: `*`, or an exact origin (scheme://host[:port], nothing after);
a wildcard inside a host is refused. The write is audited as Unleash's setting event.
"""

from urllib.parse import urlsplit

from django.conf import settings

from core.actors import Actor
from core.audit import record_event
from core.errors import ValidationFailed
from core.services import write_service
from core.textcheck import text_problem
from flags.models import FrontendSetting

SETTING_ID = "unleash.frontend"
MAX_ORIGINS = 1000


def is_origin(value: str) -> bool:
    if value == "*":
        return True
    if "*" in value or text_problem(value, 2048) or not value.isascii():
        return False
    if any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises on a bad port)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username:
        return False
    if parts.port == {"http": 80, "https": 443}[parts.scheme]:
        return False  # a browser's Origin never names the default port
    # What a browser sends as Origin: lower case, nothing after the host and port.
    return value == f"{parts.scheme}://{parts.netloc}" and value.lower() == value


def _check(origins) -> list[str]:
    if not isinstance(origins, list) or len(origins) > MAX_ORIGINS:
        raise ValidationFailed.at("frontendApiOrigins", f"must be a list of at most {MAX_ORIGINS}")
    for index, origin in enumerate(origins):
        if not isinstance(origin, str) or not is_origin(origin):
            shown = origin if isinstance(origin, str) and not text_problem(origin, 200) else "?"
            raise ValidationFailed.at(f"frontendApiOrigins[{index}]", f"Invalid origin: {shown}")
    return list(dict.fromkeys(origins))


@write_service
def frontend_origins_set(*, origins, actor: Actor) -> list[str]:
    """Store the allowed origins ([] allows none); every process uses them within a second."""
    origins = _check(origins)
    row = FrontendSetting.objects.select_for_update().first()
    created = row is None
    before = list(settings.FRONTEND_API_ORIGINS) if created else list(row.allowed_origins)
    row = row or FrontendSetting()
    row.allowed_origins = origins
    row.save()
    record_event(
        "setting-created" if created else "setting-updated",
        actor=actor,
        data={"id": SETTING_ID, "frontendApiOrigins": origins},
        pre_data=None if created else {"frontendApiOrigins": before},
    )
    return origins
