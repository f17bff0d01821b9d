"""The text edge rule as the admin-write tests probe it: a hole in a body, the bad texts that
go in it, one of everything the routes refer to, and how an error must name the field."""

import json
import re

import pytest

from core.actors import Actor
from flags import services
from flags.models import Environment, Project, Strategy
from flags.services.banners import banner_create
from tests.support.module_rows import rows_for_module

ACTOR = Actor.system("test")
HOLE = "\x01HOLE\x01"  # where the bad text goes in a body (as a value or as a key)
# What goes in the hole, as JSON text: escapes, so the decoder makes the real characters.
BAD = {
    "nul": lambda limit: "a\\u0000b",
    "lone surrogate": lambda limit: "a\\ud800b",
    "too long": lambda limit: "x" * (limit + 1),
}


def _make_world() -> dict:
    project, development = (
        Project.objects.get(pk="default"),
        Environment.objects.get(pk="development"),
    )
    flag = services.feature_create(project=project, name="my-flag", actor=ACTOR)
    services.feature_create(project=project, name="parent", actor=ACTOR)
    services.feature_set_enabled(feature=flag, environment=development, enabled=True, actor=ACTOR)
    services.context_field_create(name="region", actor=ACTOR)
    services.tag_type_create(name="kind", actor=ACTOR)
    segment = services.segment_create(name="seg", actor=ACTOR)
    banner = banner_create(message="hello", actor=ACTOR)
    return {
        "strategy": Strategy.objects.get(feature_environment__feature=flag).pk,
        "segment": segment.pk,
        "banner": banner.pk,
    }


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker):
    """The world's rows, made once per module (tests/support/module_rows.py): dozens of tests
    per module use it, and making it per test was a fifth of the quick loop's time in them."""
    with rows_for_module(django_db_blocker, _make_world) as made:
        yield made


@pytest.fixture
def world(db, _module_world):
    """One of everything the write routes above refer to, made through the services."""
    return dict(_module_world)


def named(body: dict, field: str) -> bool:
    """True when some error detail names ``field`` (in its path, or in its message)."""
    return any(
        field in _indexed(detail.get("path", "")) or field in _indexed(detail.get("message", ""))
        for detail in body["details"]
    )


def _indexed(path: str) -> str:
    # DRF's list errors come as "values.0"; the services write "values[0]": the same field.
    return re.sub(r"(^|\.)(\d+)(?=\.|$)", r"[\2]", path)


def raw_body(body, bad: str) -> str:
    return json.dumps(body).replace(json.dumps(HOLE)[1:-1], bad)
