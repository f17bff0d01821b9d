"""What migrate leaves behind: the default project and its two environments."""

from flags.models import Environment, Project


def test_migrate__fresh_database__development_and_production_exist(db):
    environments = {e.name: e for e in Environment.objects.all()}
    assert environments["development"].type == "development"
    assert environments["production"].type == "production"
    assert environments["development"].sort_order < environments["production"].sort_order
    assert all(e.enabled for e in environments.values())


def test_migrate__fresh_database__default_project_uses_both_environments(db):
    project = Project.objects.get(pk="default")
    assert project.name == "Default"
    assert set(project.environments.values_list("name", flat=True)) == {
        "development",
        "production",
    }
