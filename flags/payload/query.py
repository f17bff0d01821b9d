"""What selects a features payload: scope, environment, filters and segment mode, hashed."""

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class PayloadQuery:
    """One distinct /api/client/features body; `projects` None means every project."""

    environment: str
    projects: tuple[str, ...] | None
    name_prefix: str = ""
    tags: tuple[tuple[str, str], ...] = ()
    inline_segments: bool = False
    names: tuple[str, ...] | None = None  # only these flags (the streaming deltas' reads)

    @property
    def key(self) -> str:
        """Stable short hash: the cache key and the query part of the ETag."""
        raw = repr(
            (
                self.environment,
                self.projects,
                self.name_prefix,
                self.tags,
                self.inline_segments,
            )
            + (() if self.names is None else (self.names,))
        )
        return hashlib.sha256(raw.encode()).hexdigest()[:20]


def _scope_projects(principal_or_scope) -> tuple[str, ...]:
    projects = getattr(principal_or_scope, "projects", principal_or_scope)
    if isinstance(projects, str):
        projects = (projects,)
    return tuple(projects or ())


def _parse_tag(raw: str) -> tuple[str, str]:
    tag_type, sep, value = raw.partition(":")
    if not sep or not tag_type or not value:
        raise ValueError(f"tag must look like <type>:<value>, got {raw!r}")
    return tag_type, value


def resolve(principal_or_scope, environment: str, *, query: dict, inline_segments: bool):
    """The PayloadQuery a token scope plus request filters select (raises ValueError on bad tags).

    Requested projects narrow a token's projects, never widen them (as Unleash does).
    """
    scope = _scope_projects(principal_or_scope)
    requested = tuple(p for p in query.get("project") or () if p)
    if "*" in scope:
        projects = tuple(sorted(set(requested))) if requested else None
    elif requested:
        projects = tuple(sorted(set(scope) & set(requested)))
    else:
        projects = tuple(sorted(set(scope)))
    tags = tuple(sorted({_parse_tag(t) for t in query.get("tag") or () if t}))
    return PayloadQuery(
        environment=environment,
        projects=projects,
        name_prefix=query.get("namePrefix") or "",
        tags=tags,
        inline_segments=inline_segments,
    )
