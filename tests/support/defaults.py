"""Recreate the rows migrations seed (a transactional test's flush removes them)."""


def ensure_default_rows() -> None:
    from flags.builtins import seed_builtins
    from flags.models import Environment, Project, TagType
    from flags.models.tags import SIMPLE_TAG_TYPE
    from flags.roles import sync_role_groups

    development, _ = Environment.objects.get_or_create(
        pk="development", defaults={"type": "development", "sort_order": 100}
    )
    production, _ = Environment.objects.get_or_create(
        pk="production", defaults={"type": "production", "sort_order": 200}
    )
    project, _ = Project.objects.get_or_create(
        pk="default", defaults={"name": "Default", "description": "Default project"}
    )
    project.environments.add(development, production)
    fields = {k: v for k, v in SIMPLE_TAG_TYPE.items() if k != "name"}
    TagType.objects.get_or_create(name=SIMPLE_TAG_TYPE["name"], defaults=fields)
    sync_role_groups()
    seed_builtins()  # strategy types, flag types and context fields (issue 10)
