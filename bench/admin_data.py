"""A realistic admin data set, written through the services: projects, environments, flags.

Used by bench/admin_pages.py (1,000 flags, 5 projects, 5 environments) and by
bench/screenshots.py (a smaller set). Deterministic: the same arguments give the same rows.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

# (name, type, sort order): between and after the two environments migrate creates.
EXTRA_ENVIRONMENTS = [
    ("qa", "test", 120),
    ("staging", "test", 150),
    ("canary", "preproduction", 250),
]
PROJECTS = [
    ("web", "Web shop"),
    ("mobile", "Mobile app"),
    ("payments", "Payments"),
    ("platform", "Platform"),
]
TYPES = ["release", "experiment", "operational", "kill-switch", "permission"]
TEAMS = ["checkout", "growth", "core", "payments", "search"]
WORDS = ["checkout", "banner", "search", "pricing", "onboarding", "login", "cart", "promo"]


def _setup(actor, environments: int, projects: int):
    from flags import services
    from flags.models import Environment, Project, Segment, TagType

    for name, kind, order in EXTRA_ENVIRONMENTS[: max(0, environments - 2)]:
        if not Environment.objects.filter(pk=name).exists():
            services.environment_create(name=name, type=kind, sort_order=order, actor=actor)
    envs = list(Environment.objects.all()[:environments])
    for project_id, name in PROJECTS[: max(0, projects - 1)]:
        if not Project.objects.filter(pk=project_id).exists():
            services.project_create(
                id=project_id, name=name, actor=actor, environments=[e.name for e in envs]
            )
    default = Project.objects.get(pk="default")
    for env in envs:
        if not default.environments.filter(pk=env.pk).exists():
            services.project_environment_add(project=default, environment=env, actor=actor)
    if not TagType.objects.filter(name="team").exists():
        services.tag_type_create(name="team", actor=actor)
    for name in ("beta-testers", "internal", "eu-customers"):
        if not Segment.objects.filter(name=name).exists():
            constraint = {"contextName": "userId", "operator": "IN", "values": ["1", "2", "3"]}
            services.segment_create(name=name, constraints=[constraint], actor=actor)
    return envs, list(Project.objects.order_by("pk")[:projects]), list(Segment.objects.all())


def _flag(i: int, actor, envs, projects, segments):
    from flags import services

    project = projects[i % len(projects)]
    word = WORDS[i % len(WORDS)]
    name = f"{word}-{i:04d}"
    feature = services.feature_create(
        project=project,
        name=name,
        actor=actor,
        type=TYPES[i % len(TYPES)],
        description=f"{word.title()} change number {i} for the {project.name} team",
    )
    team = TEAMS[i % len(TEAMS)]
    services.feature_tag_add(feature=feature, type="team", value=team, actor=actor)
    for j, env in enumerate(envs[: 2 + i % 3]):
        region = {"contextName": "region", "operator": "IN", "values": ["eu", "us"]}
        services.strategy_add(
            feature=feature,
            environment=env,
            actor=actor,
            name="flexibleRollout",
            parameters={
                "rollout": str(10 + (i * 7 + j * 13) % 91),
                "stickiness": "userId",
                "groupId": name,
            },
            constraints=[region] if i % 4 == 0 else [],
            segments=[segments[i % len(segments)].pk] if i % 9 == 0 else [],
        )
        if (i + j) % 2 == 0:
            services.feature_set_enabled(
                feature=feature, environment=env, enabled=True, actor=actor
            )
    if i % 17 == 0:
        services.feature_set_stale(feature=feature, stale=True, actor=actor)
    return feature


def _usage(names: list[str], envs) -> None:
    """SDK traffic for some flags: applications, instances and hourly counts."""
    from metrics.aggregates import ClientApplication, ClientInstance, FeatureHourlyMetric

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for k, app in enumerate(["shop-web", "shop-api", "mobile-ios"]):
        ClientApplication.objects.get_or_create(app_name=app)
        version = "unleash-client-node:3.2.0" if k == 2 else "unleash-client-node:6.1.0"
        ClientInstance.objects.get_or_create(
            app_name=app,
            instance_id=f"{app}-1",
            environment=envs[0].name,
            defaults={"sdk_version": version, "last_seen_at": timezone.now()},
        )
    rows = [
        FeatureHourlyMetric(
            feature_name=name,
            app_name="shop-web",
            environment=envs[h % 2].name,
            hour=now - timedelta(hours=h),
            yes=(i * 5 + h) % 40,
            no=(i + h) % 15,
        )
        for i, name in enumerate(names)
        for h in range(0, 48, 3)
    ]
    FeatureHourlyMetric.objects.bulk_create(rows, ignore_conflicts=True)


def seed(*, flags: int, projects: int, environments: int, report=print) -> None:
    """Create what is missing of the data set (re-running only adds the missing flags)."""
    from core.actors import Actor
    from flags.models import ContextField, Feature

    actor = Actor.command("admin-bench")
    if not ContextField.objects.filter(name="region").exists():
        from flags import services

        services.context_field_create(name="region", legal_values=["eu", "us"], actor=actor)
    envs, project_rows, segments = _setup(actor, environments, projects)
    existing = Feature.objects.count()
    for i in range(existing, flags):
        with transaction.atomic():
            _flag(i, actor, envs, project_rows, segments)
        if (i + 1) % 100 == 0:
            report(f"  {i + 1} flags")
    # Age half of them so that some are potentially stale, as on a real install.
    old = timezone.now() - timedelta(days=90)
    Feature.objects.filter(name__endswith="0").update(created_at=old)
    _usage(list(Feature.objects.order_by("name").values_list("name", flat=True)[:50]), envs)
