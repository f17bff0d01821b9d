"""Who performs a write: a user, a token or the system, and through which door."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    name: str
    user: Any = None  # a django User or None
    source: str = "system"  # admin, api, command, task, system, startup
    ip: str | None = None

    @classmethod
    def from_user(cls, user, *, source: str, ip: str | None = None) -> "Actor":
        name = user.get_username() or f"user-{user.pk}"
        return cls(name=name, user=user, source=source, ip=ip)

    @classmethod
    def system(cls, name: str = "system", *, source: str = "system") -> "Actor":
        return cls(name=name, source=source)

    @classmethod
    def command(cls, name: str) -> "Actor":
        return cls(name=f"manage.py {name}", source="command")
