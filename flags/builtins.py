"""What a fresh install holds (as Unleash 8.2 seeds it): strategy types, flag types, context fields.

Used by migration 0004 and by tests that rebuild the seeded rows after a flush. Besides Unleash's
own built-ins, the legacy strategies every SDK still evaluates (userWithId, gradualRollout*) are
deprecated built-ins: an Unleash upgraded from v4 keeps them, and its exports must import here.
Every step is idempotent (get_or_create): an existing row keeps its settings.
"""

GROUP_ID = {
    "name": "groupId",
    "type": "string",
    "description": "Used to define a activation groups, which allows you to correlate across "
    "feature toggles.",
    "required": True,
}
PERCENTAGE = {"name": "percentage", "type": "percentage", "description": "", "required": False}

STRATEGIES = [
    {
        "name": "flexibleRollout",
        "display_name": "Gradual rollout",
        "description": "Roll out to a percentage of your userbase, and ensure that the "
        "experience is the same for the user on each visit.",
        "parameters": [
            {"name": "rollout", "type": "percentage", "description": "", "required": False},
            {
                "name": "stickiness",
                "type": "string",
                "description": "Used define stickiness. Possible values: default, userId, "
                "sessionId, random",
                "required": True,
            },
            GROUP_ID,
        ],
        "sort_order": 0,
    },
    {
        "name": "default",
        "display_name": "Standard",
        "description": 'This strategy turns on / off for your entire userbase. Prefer using "'
        'Gradual rollout" strategy (100%=on, 0%=off).',
        "parameters": [],
        "sort_order": 1,
    },
    {
        "name": "userWithId",
        "display_name": "UserIDs",
        "description": 'Enable the feature for a specific set of userIds. Prefer using "Gradual '
        'rollout" strategy with user id constraints.',
        "parameters": [{"name": "userIds", "type": "list", "description": "", "required": False}],
        "sort_order": 2,
        "deprecated": True,
    },
    {
        "name": "remoteAddress",
        "display_name": "IPs",
        "description": "Enable the feature for a specific set of IP addresses.",
        "parameters": [
            {
                "name": "IPs",
                "type": "list",
                "description": "List of IPs to enable the feature toggle for.",
                "required": True,
            }
        ],
        "sort_order": 3,
    },
    {
        "name": "applicationHostname",
        "display_name": "Hosts",
        "description": "Enable the feature for a specific set of hostnames.",
        "parameters": [
            {
                "name": "hostNames",
                "type": "list",
                "description": "List of hostnames to enable the feature toggle for.",
                "required": False,
            }
        ],
        "sort_order": 4,
    },
    {
        "name": "gradualRolloutRandom",
        "description": "Randomly activate the feature toggle. No stickiness.",
        "parameters": [PERCENTAGE],
        "deprecated": True,
    },
    {
        "name": "gradualRolloutSessionId",
        "description": "Gradually activate feature toggle. Stickiness based on session id.",
        "parameters": [PERCENTAGE, GROUP_ID],
        "deprecated": True,
    },
    {
        "name": "gradualRolloutUserId",
        "description": "Gradually activate feature toggle for logged in users. Stickiness based "
        "on user id.",
        "parameters": [PERCENTAGE, GROUP_ID],
        "deprecated": True,
    },
]

FEATURE_TYPES = [
    ("release", "Release", "Roll out new or incomplete features. Expected lifetime ~40 days", 40),
    ("experiment", "Experiment", "A/B and multivariate testing. Expected lifetime ~40 days", 40),
    (
        "operational",
        "Operational",
        "Transition between technical implementations with minimal risk. Expected lifetime: "
        "~7 days",
        7,
    ),
    (
        "kill-switch",
        "Kill switch",
        "Quickly disable certain functionalities or features. Expected lifetime: permanent",
        None,
    ),
    (
        "permission",
        "Permission",
        "Control feature access based on user roles or entitlements. Expected lifetime: permanent",
        None,
    ),
    (
        "sunset",
        "Sunset",
        "Coordinate the planned removal of an existing feature. Expected lifetime: ~90 days",
        90,
    ),
]

CONTEXT_FIELDS = [
    ("environment", "Allows you to constrain on application environment", False, 0),
    ("userId", "Allows you to constrain on userId", False, 1),
    ("appName", "Allows you to constrain on application name", False, 2),
    ("currentTime", "Allows you to constrain on date values", False, 3),
    ("sessionId", "Allows you to constrain on sessionId", True, 4),
]


def _model(apps, name):
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    return apps.get_model("flags", name)


def seed_strategy_types(apps=None) -> None:
    Definition = _model(apps, "StrategyDefinition")
    for spec in STRATEGIES:
        defaults = {k: v for k, v in spec.items() if k != "name"}
        Definition.objects.get_or_create(name=spec["name"], defaults={**defaults, "built_in": True})


def seed_feature_types(apps=None) -> None:
    FeatureTypeDefinition = _model(apps, "FeatureTypeDefinition")
    for order, (key, name, description, lifetime) in enumerate(FEATURE_TYPES):
        FeatureTypeDefinition.objects.get_or_create(
            id=key,
            defaults={
                "name": name,
                "description": description,
                "lifetime_days": lifetime,
                "sort_order": order,
            },
        )


def seed_context_fields(apps=None) -> None:
    ContextField = _model(apps, "ContextField")
    for name, description, stickiness, order in CONTEXT_FIELDS:
        # A field someone already defined under this name keeps its settings.
        ContextField.objects.get_or_create(
            name=name,
            defaults={"description": description, "stickiness": stickiness, "sort_order": order},
        )


def seed_builtins(apps=None) -> None:
    seed_strategy_types(apps)
    seed_feature_types(apps)
    seed_context_fields(apps)
