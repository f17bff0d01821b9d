"""Unleash's PUT /api/admin/environments/sort-order: the order environments are listed in."""

from core.actors import Actor
from core.audit import record_event
from core.errors import ValidationFailed
from core.services import write_service
from flags.models import Environment

# PostgreSQL integer column bounds.
MIN_ORDER, MAX_ORDER = -(2**31), 2**31 - 1


@write_service
def environment_sort_order(*, orders: dict, actor: Actor) -> list[str]:
    """Set each named environment's sort order; unknown names are ignored, as in Unleash.

    Returns the names whose order changed (each is audited).
    """
    for name, order in orders.items():
        if isinstance(order, bool) or not isinstance(order, int):
            raise ValidationFailed.at(name, "must be an integer")
        if not MIN_ORDER <= order <= MAX_ORDER:
            raise ValidationFailed.at(name, "is out of range")
    changed = []
    rows = Environment.objects.select_for_update().filter(name__in=list(orders)).order_by("name")
    for environment in rows:
        before = environment.sort_order
        if before == orders[environment.name]:
            continue
        environment.sort_order = orders[environment.name]
        environment.save(update_fields=["sort_order"])
        record_event(
            "environment-updated",
            actor=actor,
            environment=environment.name,
            data={"sortOrder": environment.sort_order},
            pre_data={"sortOrder": before},
        )
        changed.append(environment.name)
    return changed
