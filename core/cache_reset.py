"""Resets per-process caches; apps register their reset functions here."""

_resetters = []


def register(func):
    """Register a function that clears one per-process cache; usable as a decorator."""
    _resetters.append(func)
    return func


def reset_process_caches() -> None:
    for func in _resetters:
        func()
