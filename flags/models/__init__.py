"""The flag model: one module per concern, re-exported here for Django and callers."""

from .banners import Banner
from .context import ContextField
from .default_strategies import ProjectDefaultStrategy
from .environments import Environment, Project
from .favorites import FavoriteFeature, FavoriteProject
from .features import Dependency, Feature, FeatureEnvironment, FeatureType
from .frontend_settings import FrontendSetting
from .lifecycle import FeatureLifecycle, LifecycleStage
from .links import FeatureLink
from .segments import Segment
from .strategies import Strategy
from .strategy_definitions import FeatureTypeDefinition, StrategyDefinition
from .tags import Tag, TagType
from .tokens import ApiToken, TokenType

__all__ = [
    "ApiToken",
    "Banner",
    "ContextField",
    "Dependency",
    "Environment",
    "FavoriteFeature",
    "FavoriteProject",
    "Feature",
    "FeatureEnvironment",
    "FeatureLifecycle",
    "FeatureLink",
    "FeatureType",
    "FeatureTypeDefinition",
    "FrontendSetting",
    "LifecycleStage",
    "Project",
    "ProjectDefaultStrategy",
    "Segment",
    "Strategy",
    "StrategyDefinition",
    "Tag",
    "TagType",
    "TokenType",
]
