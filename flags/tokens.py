"""The Unleash token format: `<projects>:<environment>.<random>`, hashed for storage."""

import hashlib
import secrets


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def generate(type_: str, environment, projects: list[str], *, user=None) -> str:
    """A new random token in Unleash's format for this type and scope."""
    random = secrets.token_hex(28)
    if type_ == "personal":
        return f"user:{random}"
    if type_ == "admin":
        return f"*:*.{random}"
    env = environment.name if environment is not None else "*"
    if projects == ["*"]:
        scope = "*"
    elif len(projects) == 1:
        scope = projects[0]
    else:
        scope = "[]"
    return f"{scope}:{env}.{random}"


def display(secret: str) -> str:
    """The non-secret head of a token plus a few characters, safe to list."""
    head, dot, random = secret.partition(".")
    if dot and ":" in head:
        return f"{head}.{random[:6]}…"
    head, colon, random = secret.partition(":")
    if colon and head == "user":  # personal tokens: user:<random>
        return f"user:{random[:6]}…"
    # Malformed (this is also what logs show): never more than a few characters.
    return f"{secret[:6]}…"


def parse(secret: str) -> tuple[str, str] | None:
    """(project scope, environment) of a full token string, or None if malformed."""
    head, dot, random = secret.partition(".")
    if not dot or not random or ":" not in head:
        return None
    project, _, environment = head.partition(":")
    if not project or not environment:
        return None
    return project, environment
