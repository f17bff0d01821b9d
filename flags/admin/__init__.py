"""The Django admin as the product UI; every write goes through `flags.services`."""

from flags.admin import (  # noqa: F401  (each module registers its ModelAdmins)
    banners,
    context,
    events,
    features,
    projects,
    segments,
    strategies,
    tokens,
)
