"""Every configuration write: one transaction, one audit event, the maintenance check."""

from .context_fields import context_field_create, context_field_delete, context_field_update
from .dependencies import dependency_add, dependency_remove
from .environments import feature_set_enabled, feature_set_variants
from .features import (
    feature_archive,
    feature_clone,
    feature_create,
    feature_delete,
    feature_revive,
    feature_set_stale,
    feature_update,
)
from .projects import (
    environment_create,
    environment_set_enabled,
    project_create,
    project_delete,
    project_environment_add,
    project_environment_remove,
    project_update,
)
from .segments import segment_create, segment_delete, segment_update
from .strategies import strategy_add, strategy_delete, strategy_reorder, strategy_update
from .tags import (
    feature_tag_add,
    feature_tag_remove,
    tag_type_create,
    tag_type_delete,
    tag_type_update,
)
from .tokens import token_create, token_delete, token_update_expiry

__all__ = [
    "context_field_create",
    "context_field_delete",
    "context_field_update",
    "dependency_add",
    "dependency_remove",
    "environment_create",
    "environment_set_enabled",
    "feature_archive",
    "feature_clone",
    "feature_create",
    "feature_delete",
    "feature_revive",
    "feature_set_enabled",
    "feature_set_stale",
    "feature_set_variants",
    "feature_tag_add",
    "feature_tag_remove",
    "feature_update",
    "project_create",
    "project_delete",
    "project_environment_add",
    "project_environment_remove",
    "project_update",
    "segment_create",
    "segment_delete",
    "segment_update",
    "strategy_add",
    "strategy_delete",
    "strategy_reorder",
    "strategy_update",
    "tag_type_create",
    "tag_type_delete",
    "tag_type_update",
    "token_create",
    "token_delete",
    "token_update_expiry",
]
