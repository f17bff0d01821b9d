"""Who performs a write: a user, a token or the system, and through which door."""

from dataclasses import dataclass
from typing import Any

from core.ratelimit import audit_ip


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
    def from_request(cls, request, *, source: str) -> "Actor":
        """Whoever made a request, with the address the audit log keeps.

        The address is core.ratelimit.audit_ip's: REMOTE_ADDR, or behind TRUST_PROXY the hop
        our own proxies appended (TRUSTED_PROXY_COUNT), never a header the client wrote. The
        user is the session's, a personal token's owner, or an admin token's stand-in user.
        """
        user = getattr(request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            token_name = getattr(getattr(request, "auth", None), "name", "api-token")
            return cls(name=f"token:{token_name}", source=source, ip=audit_ip(request))
        return cls.from_user(user, source=source, ip=audit_ip(request))

    @classmethod
    def system(cls, name: str = "system", *, source: str = "system") -> "Actor":
        return cls(name=name, source=source)

    @classmethod
    def command(cls, name: str) -> "Actor":
        return cls(name=f"manage.py {name}", source="command")
