"""Shared setup of the editor browser tests: an admin, a flag, its environment page."""

from core.actors import Actor
from flags import services
from flags.models import Project


def make_flag(django_user_model, name: str = "checkout"):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    actor = Actor.from_user(admin, source="test")
    flag = services.feature_create(
        project=Project.objects.get(pk="default"), name=name, actor=actor
    )
    return flag, actor


def environment_url(base: str, flag, environment: str = "development") -> str:
    state = flag.env_states.get(environment=environment)
    return f"{base}/admin/flags/featureenvironment/{state.pk}/change/"
