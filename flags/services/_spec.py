"""Checks the services' spec cleaners share: unknown fields, optional text and booleans."""

from core.textcheck import MAX_TEXT, check_text, text_problem


def column_length(model, field: str) -> int:
    """How many characters ``model.field`` holds: its max_length, or MAX_TEXT for text."""
    return model._meta.get_field(field).max_length or MAX_TEXT


def unknown_fields(spec: dict, allowed, noun: str) -> list[dict]:
    """One error naming the first (sorted) key of ``spec`` not in ``allowed``, if any."""
    unknown = set(spec) - set(allowed)
    if not unknown:
        return []
    key = sorted(unknown, key=str)[0]
    problem = text_problem(key)
    if problem:  # an unprintable key cannot be the path of the answer
        return [{"path": "body", "message": f"a field name {problem}"}]
    return [{"path": key, "message": f"is not a {noun}"}]


def optional_text(
    spec: dict, key: str, clean: dict, max_length: int = MAX_TEXT, path: str | None = None
) -> list[dict]:
    """``spec[key]``, when given, into ``clean`` as text (None is ""); errors if it is not
    text that fits ``max_length`` (no NUL, no lone surrogate)."""
    if key not in spec:
        return []
    value = spec[key]
    clean[key] = value or ""
    if value is None:
        return []
    return check_text(value, path or key, max_length)


def optional_bool(spec: dict, key: str, clean: dict) -> list[dict]:
    """``spec[key]``, when given, into ``clean``; errors unless it is true or false."""
    if key not in spec:
        return []
    clean[key] = spec[key]
    if not isinstance(spec[key], bool):
        return [{"path": key, "message": "must be true or false"}]
    return []
