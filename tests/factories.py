"""factory_boy factories for models; they write directly, bypassing services and events."""

import factory
from django.contrib.auth import get_user_model

from flags import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "pw-user-1")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:  # set_password only hashes; the hash must reach the row
            instance.save(update_fields=["password"])


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Project
        django_get_or_create = ("id",)
        skip_postgeneration_save = True

    id = factory.Sequence(lambda n: f"project-{n}")
    name = factory.LazyAttribute(lambda p: p.id.title())

    @factory.post_generation
    def environments(self, create, extracted, **kwargs):
        if create:
            self.environments.set(extracted or models.Environment.objects.all())


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Segment

    name = factory.Sequence(lambda n: f"segment-{n}")
    constraints = factory.LazyFunction(
        lambda: [
            {
                "contextName": "userId",
                "operator": "IN",
                "values": ["1"],
                "caseInsensitive": False,
                "inverted": False,
            }
        ]
    )
