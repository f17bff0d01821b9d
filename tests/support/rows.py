"""Every configuration row a write could touch, audit events included: proof nothing changed."""

from core.models import Event
from flags.models import (
    Banner,
    ContextField,
    Dependency,
    Feature,
    FeatureEnvironment,
    Project,
    Segment,
    Strategy,
    Tag,
    TagType,
)
from maintenance.models import MaintenanceSetting

STORED = (
    Banner,
    ContextField,
    Dependency,
    Event,
    Feature,
    FeatureEnvironment,
    MaintenanceSetting,
    Project,
    Segment,
    Strategy,
    Tag,
    TagType,
)


def stored() -> dict:
    """All rows of every model above, in primary-key order; compare before and after a write."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in STORED}
