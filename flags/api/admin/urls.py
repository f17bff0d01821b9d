"""Routes of the admin API, in Unleash's shapes (included from flags.urls)."""

from django.urls import path

import core.converters  # noqa: F401  (registers ascii_id, secret_or_id)

from . import (
    archive,
    context,
    cors_settings,
    creators,
    dependencies,
    docs,
    environment_lists,
    environments,
    events,
    favorites,
    features,
    lifecycle,
    links,
    playground,
    projects,
    search,
    segments,
    strategies,
    strategy_definitions,
    tags,
    tokens,
    ui_config,
)

P = "api/admin/projects/<str:project_id>"
F = f"{P}/features/<str:feature_name>"
E = f"{F}/environments/<str:environment>"

urlpatterns = [
    path("api/openapi.json", docs.OpenApiView.as_view(), name="openapi"),
    path("api/docs/", docs.DocsView.as_view(url_name="openapi"), name="api-docs"),
    # issue 10: mx (before environments/<name>, which would take sort-order as a name)
    path("api/admin/user", ui_config.MeView.as_view(), name="admin-user"),
    path(
        "api/admin/events/<str:feature_name>",
        events.FlagEventsView.as_view(),
        name="admin-flag-events",
    ),
    path(
        "api/admin/environments/project/<str:project_id>",
        environment_lists.ProjectEnvironmentListView.as_view(),
        name="admin-project-environment-list",
    ),
    path(
        "api/admin/environments/sort-order",
        environment_lists.EnvironmentSortOrderView.as_view(),
        name="admin-environments-sort-order",
    ),
    # end issue 10: mx
    # flags under projects
    path(f"{P}/features", features.ProjectFeaturesView.as_view(), name="admin-features"),
    path(F, features.ProjectFeatureView.as_view(), name="admin-feature"),
    path(f"{F}/clone", features.CloneFeatureView.as_view(), name="admin-feature-clone"),
    path(f"{P}/stale", features.StaleView.as_view(), name="admin-features-stale"),
    path(f"{P}/revive", archive.ReviveFeaturesView.as_view(), name="admin-features-revive"),
    path(f"{P}/delete", archive.DeleteFeaturesView.as_view(), name="admin-features-delete"),
    path(
        "api/admin/archive/features",
        archive.ArchivedFeaturesView.as_view(),
        name="admin-archived-features",
    ),
    path(
        "api/admin/archive/features/<str:project_id>",
        archive.ProjectArchivedFeaturesView.as_view(),
        name="admin-archived-project-features",
    ),
    path(
        "api/admin/features/validate",
        features.ValidateFeatureNameView.as_view(),
        name="validate-feature-name",
    ),
    # per environment
    path(
        f"{E}/on",
        environments.FeatureEnvironmentOnView.as_view(),
        name="admin-feature-environment-on",
    ),
    path(
        f"{E}/off",
        environments.FeatureEnvironmentOffView.as_view(),
        name="admin-feature-environment-off",
    ),
    path(f"{E}/strategies", strategies.StrategiesView.as_view(), name="admin-strategies"),
    path(
        f"{E}/strategies/set-sort-order",
        strategies.StrategySortOrderView.as_view(),
        name="admin-strategies-sort-order",
    ),
    path(
        f"{E}/strategies/<str:strategy_id>",
        strategies.StrategyView.as_view(),
        name="admin-strategy",
    ),
    path(f"{E}/variants", environments.FeatureVariantsView.as_view(), name="admin-variants"),
    path(
        f"{F}/dependencies",
        dependencies.DependenciesView.as_view(),
        name="admin-dependencies",
    ),
    path(
        f"{F}/dependencies/<str:parent>",
        dependencies.DependencyView.as_view(),
        name="admin-dependency",
    ),
    # environments
    path(
        "api/admin/environments", environments.EnvironmentsView.as_view(), name="admin-environments"
    ),
    path(
        "api/admin/environments/<str:name>",
        environments.EnvironmentView.as_view(),
        name="admin-environment",
    ),
    path(
        "api/admin/environments/<str:name>/on",
        environments.EnvironmentOnView.as_view(),
        name="admin-environment-on",
    ),
    path(
        "api/admin/environments/<str:name>/off",
        environments.EnvironmentOffView.as_view(),
        name="admin-environment-off",
    ),
    # projects
    path("api/admin/projects", projects.ProjectsView.as_view(), name="admin-projects"),
    path(P, projects.ProjectView.as_view(), name="admin-project"),
    path(
        f"{P}/environments",
        projects.ProjectEnvironmentsView.as_view(),
        name="admin-project-environments",
    ),
    path(
        f"{P}/environments/<str:environment>",
        projects.ProjectEnvironmentView.as_view(),
        name="admin-project-environment",
    ),
    # issue 10: tg (before the <name>/<id> routes below, which would otherwise take "validate")
    path(
        "api/admin/tag-types/validate",
        tags.ValidateTagTypeView.as_view(),
        name="validate-tag-type",
    ),
    path("api/admin/tags", tags.TagsView.as_view(), name="admin-tags"),
    path("api/admin/tags/<str:type>", tags.TagsOfTypeView.as_view(), name="admin-tags-of-type"),
    path("api/admin/tags/<str:type>/<str:value>", tags.TagView.as_view(), name="admin-tag"),
    path(f"{P}/tags", tags.ProjectTagsView.as_view(), name="admin-project-tags"),
    path(
        "api/admin/segments/validate",
        segments.ValidateSegmentView.as_view(),
        name="validate-segment",
    ),
    path(
        "api/admin/segments/strategies",
        segments.SetStrategySegmentsView.as_view(),
        name="admin-strategy-segments-set",
    ),
    path(
        "api/admin/segments/strategies/<str:strategy_id>",
        segments.StrategySegmentsView.as_view(),
        name="admin-strategy-segments",
    ),
    path(
        "api/admin/segments/<str:segment_id>/strategies",
        segments.SegmentStrategiesView.as_view(),
        name="admin-segment-strategies",
    ),
    # end issue 10: tg
    # segments, context fields, tags
    path("api/admin/segments", segments.SegmentsView.as_view(), name="admin-segments"),
    path(
        "api/admin/segments/<ascii_id:segment_id>",
        segments.SegmentView.as_view(),
        name="admin-segment",
    ),
    path("api/admin/context", context.ContextFieldsView.as_view(), name="admin-context-fields"),
    path(
        "api/admin/context/validate",
        context.ValidateContextFieldView.as_view(),
        name="validate-context-field",
    ),
    path(
        "api/admin/context/<str:name>",
        context.ContextFieldView.as_view(),
        name="admin-context-field",
    ),
    path(
        "api/admin/constraints/validate",
        context.ValidateConstraintView.as_view(),
        name="validate-constraint",
    ),
    path("api/admin/tag-types", tags.TagTypesView.as_view(), name="admin-tag-types"),
    path("api/admin/tag-types/<str:name>", tags.TagTypeView.as_view(), name="admin-tag-type"),
    path(
        "api/admin/features/<str:feature_name>/tags",
        tags.FeatureTagsView.as_view(),
        name="admin-feature-tags",
    ),
    path(
        "api/admin/features/<str:feature_name>/tags/<str:type>/<str:value>",
        tags.FeatureTagView.as_view(),
        name="admin-feature-tag",
    ),
    # tokens
    path("api/admin/api-tokens", tokens.ApiTokensView.as_view(), name="admin-api-tokens"),
    path(
        "api/admin/api-tokens/<secret_or_id:token>",
        tokens.ApiTokenView.as_view(),
        name="admin-api-token",
    ),
    # issue 10: tk
    path(f"{P}/api-tokens", tokens.ProjectApiTokensView.as_view(), name="admin-project-api-tokens"),
    path(
        f"{P}/api-tokens/<secret_or_id:token>",
        tokens.ProjectApiTokenView.as_view(),
        name="admin-project-api-token",
    ),
    # end issue 10: tk
    path("api/admin/user/tokens", tokens.PersonalTokensView.as_view(), name="admin-user-tokens"),
    path(
        "api/admin/user/tokens/<ascii_id:token_id>",
        tokens.PersonalTokenView.as_view(),
        name="admin-user-token",
    ),
    # events, search, playground
    path("api/admin/events", events.EventsView.as_view(), name="admin-events"),
    path("api/admin/search/events", events.EventSearchView.as_view(), name="admin-search-events"),
    path(
        "api/admin/search/features",
        search.FeatureSearchView.as_view(),
        name="admin-search-features",
    ),
    path("api/admin/playground", playground.PlaygroundView.as_view(), name="playground"),
    path(
        "api/admin/playground/advanced",
        playground.AdvancedPlaygroundView.as_view(),
        name="playground-advanced",
    ),
    path("api/admin/ui-config", ui_config.UiConfigView.as_view(), name="ui-config"),
    path("api/admin/ui-config/cors", cors_settings.CorsView.as_view(), name="ui-config-cors"),
    # issue 10: st
    path(
        "api/admin/strategies",
        strategy_definitions.StrategyDefinitionsView.as_view(),
        name="admin-strategy-definitions",
    ),
    path(
        "api/admin/strategies/<str:name>",
        strategy_definitions.StrategyDefinitionView.as_view(),
        name="admin-strategy-definition",
    ),
    path(
        "api/admin/strategies/<str:name>/deprecate",
        strategy_definitions.DeprecateStrategyView.as_view(),
        name="admin-strategy-deprecate",
    ),
    path(
        "api/admin/strategies/<str:name>/reactivate",
        strategy_definitions.ReactivateStrategyView.as_view(),
        name="admin-strategy-reactivate",
    ),
    path(
        "api/admin/feature-types",
        strategy_definitions.FeatureTypesView.as_view(),
        name="admin-feature-types",
    ),
    path(
        "api/admin/feature-types/<str:name>/lifetime",
        strategy_definitions.FeatureTypeLifetimeView.as_view(),
        name="admin-feature-type-lifetime",
    ),
    path(
        "api/admin/context/<str:name>/legal-values",
        context.LegalValuesView.as_view(),
        name="admin-context-legal-values",
    ),
    path(
        "api/admin/context/<str:name>/legal-values/<str:value>",
        context.LegalValueView.as_view(),
        name="admin-context-legal-value",
    ),
    path(
        "api/admin/context/<str:name>/strategies",
        context.ContextFieldStrategiesView.as_view(),
        name="admin-context-strategies",
    ),
    path(
        f"{P}/context",
        context.ProjectContextFieldsView.as_view(),
        name="admin-project-context-fields",
    ),
    path(
        f"{P}/context/validate",
        context.ProjectValidateContextFieldView.as_view(),
        name="admin-project-context-validate",
    ),
    path(
        f"{P}/context/<str:name>",
        context.ProjectContextFieldView.as_view(),
        name="admin-project-context-field",
    ),
    path(
        f"{P}/context/<str:name>/legal-values",
        context.ProjectLegalValuesView.as_view(),
        name="admin-project-context-legal-values",
    ),
    path(
        f"{P}/context/<str:name>/legal-values/<str:value>",
        context.ProjectLegalValueView.as_view(),
        name="admin-project-context-legal-value",
    ),
    path(
        f"{P}/context/<str:name>/strategies",
        context.ProjectContextFieldStrategiesView.as_view(),
        name="admin-project-context-strategies",
    ),
    # end issue 10: st
    # issue 10: lc (flag lifecycle in bulk and the older routes)
    path(f"{P}/archive", archive.ArchiveFeaturesView.as_view(), name="admin-features-archive"),
    path(
        f"{P}/archive/validate",
        archive.ValidateArchiveFeaturesView.as_view(),
        name="admin-features-archive-validate",
    ),
    path(
        "api/admin/archive/revive/<str:feature_name>",
        archive.ReviveFeatureView.as_view(),
        name="admin-archive-revive",
    ),
    path(
        "api/admin/archive/<str:feature_name>",
        archive.DeleteArchivedFeatureView.as_view(),
        name="admin-archive-delete",
    ),
    path(
        f"{P}/bulk_features/environments/<str:environment>/on",
        environments.BulkToggleOnView.as_view(),
        name="admin-bulk-features-on",
    ),
    path(
        f"{P}/bulk_features/environments/<str:environment>/off",
        environments.BulkToggleOffView.as_view(),
        name="admin-bulk-features-off",
    ),
    path(E, environments.FeatureEnvironmentView.as_view(), name="admin-feature-environment"),
    path(
        f"{F}/variants-batch",
        environments.VariantsBatchView.as_view(),
        name="admin-variants-batch",
    ),
    path(
        f"{P}/dependencies",
        dependencies.DependenciesExistView.as_view(),
        name="admin-dependencies-exist",
    ),
    path(f"{F}/parents", dependencies.ParentOptionsView.as_view(), name="admin-parent-options"),
    path(
        f"{F}/parent-variants",
        dependencies.ParentVariantOptionsView.as_view(),
        name="admin-parent-variants",
    ),
    path(
        f"{P}/environments/<str:environment>/default-strategy",
        projects.DefaultStrategyView.as_view(),
        name="admin-project-default-strategy",
    ),
    # end of issue 10: lc
    # issue 10: fl (favorites, flag links, lifecycle stages)
    path(f"{P}/favorites", favorites.ProjectFavoriteView.as_view(), name="admin-project-favorite"),
    path(f"{F}/favorites", favorites.FeatureFavoriteView.as_view(), name="admin-feature-favorite"),
    path(f"{F}/link", links.FeatureLinksView.as_view(), name="admin-feature-links"),
    path(f"{F}/link/<str:link_id>", links.FeatureLinkView.as_view(), name="admin-feature-link"),
    path(
        f"{F}/lifecycle", lifecycle.FeatureLifecycleView.as_view(), name="admin-feature-lifecycle"
    ),
    path(
        f"{F}/lifecycle/complete",
        lifecycle.CompleteView.as_view(),
        name="admin-feature-lifecycle-complete",
    ),
    path(
        f"{F}/lifecycle/uncomplete",
        lifecycle.UncompleteView.as_view(),
        name="admin-feature-lifecycle-uncomplete",
    ),
    path(
        "api/admin/lifecycle/count",
        lifecycle.LifecycleCountView.as_view(),
        name="admin-lifecycle-count",
    ),
    path(
        "api/admin/event-creators",
        creators.EventCreatorsView.as_view(),
        name="admin-event-creators",
    ),
    path(f"{P}/flag-creators", creators.FlagCreatorsView.as_view(), name="admin-flag-creators"),
    # end of issue 10: fl
]
