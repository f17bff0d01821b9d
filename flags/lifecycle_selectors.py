"""Reads behind the flag-lifecycle routes: archive impact, dependency options, a flag's state."""

from django.db.models import Q

from flags.models import Dependency, Feature, FeatureEnvironment, Strategy


def archive_impact(names: list[str]) -> tuple[list[str], bool]:
    """(flags of ``names`` that flags outside ``names`` depend on, whether any of ``names``
    is in a dependency at all): what archiving them would break, as Unleash reports it."""
    involved = Dependency.objects.filter(Q(parent__name__in=names) | Q(child__name__in=names))
    parents = (
        Dependency.objects.filter(parent__name__in=names)
        .exclude(child__name__in=names)
        .values_list("parent__name", flat=True)
        .distinct()
    )
    return sorted(parents), involved.exists()


def possible_parents(child_name: str) -> list[str]:
    """Active flags of the child's project that may be its parent: not itself, not a child."""
    child = Feature.objects.filter(name=child_name).first()
    if child is None:
        return []
    candidates = (
        Feature.objects.active()
        .filter(project_id=child.project_id)
        .exclude(pk=child.pk)
        .exclude(pk__in=Dependency.objects.values("child_id"))
        .order_by("name")
    )
    return list(candidates.values_list("name", flat=True))


def parent_variants(parent_name: str) -> list[str]:
    """Every variant name of the flag, from its strategies and its environments, sorted."""
    names: set[str] = set()
    strategies = Strategy.objects.filter(feature_environment__feature__name=parent_name)
    states = FeatureEnvironment.objects.filter(feature__name=parent_name)
    for variants in [
        *strategies.values_list("variants", flat=True),
        *states.values_list("variants", flat=True),
    ]:
        names.update(v["name"] for v in variants or [] if isinstance(v, dict) and "name" in v)
    return sorted(names)


def dependencies_exist() -> bool:
    """Whether any flag depends on another (Unleash answers this for the whole instance)."""
    return Dependency.objects.exists()
