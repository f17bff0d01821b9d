"""Checks the services' spec cleaners share: unknown fields, optional text and booleans."""


def unknown_fields(spec: dict, allowed, noun: str) -> list[dict]:
    """One error naming the first (sorted) key of ``spec`` not in ``allowed``, if any."""
    unknown = set(spec) - set(allowed)
    return [{"path": sorted(unknown)[0], "message": f"is not a {noun}"}] if unknown else []


def optional_text(spec: dict, key: str, clean: dict) -> list[dict]:
    """``spec[key]``, when given, into ``clean`` as text (None is ""); errors if not text."""
    if key not in spec:
        return []
    value = spec[key]
    clean[key] = value or ""
    if value is not None and not isinstance(value, str):
        return [{"path": key, "message": "must be a string"}]
    return []


def optional_bool(spec: dict, key: str, clean: dict) -> list[dict]:
    """``spec[key]``, when given, into ``clean``; errors unless it is true or false."""
    if key not in spec:
        return []
    clean[key] = spec[key]
    if not isinstance(spec[key], bool):
        return [{"path": key, "message": "must be true or false"}]
    return []
