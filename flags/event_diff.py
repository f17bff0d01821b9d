"""An audit event's pre-data and data as a readable diff, and a one-line summary of the change."""

import difflib
import json
from dataclasses import dataclass

CONTEXT_LINES = 2
MAX_SUMMARY = 3
MAX_VALUE = 40


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "add", "del", "same" or "gap" (lines left out between changes)
    text: str


def _lines(value) -> list[str]:
    if value is None:
        return []
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True).splitlines()


def diff(pre, post) -> list[DiffLine]:
    """Unified-diff lines of the two JSON documents (keys sorted, two lines of context)."""
    before, after = _lines(pre), _lines(post)
    if not before or not after:  # created or deleted: the whole document is the change
        removed = [DiffLine("del", line) for line in before]
        return [DiffLine("add", line) for line in after] + removed
    result = []
    for line in difflib.unified_diff(before, after, lineterm="", n=CONTEXT_LINES):
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            result.append(DiffLine("gap", "⋯"))
        elif line.startswith("+"):
            result.append(DiffLine("add", line[1:]))
        elif line.startswith("-"):
            result.append(DiffLine("del", line[1:]))
        else:
            result.append(DiffLine("same", line[1:]))
    return result


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _changes(pre: dict, post: dict, prefix: str = "") -> list[str]:
    changes = []
    for key in sorted(set(pre) | set(post), key=str):
        old, new, path = pre.get(key), post.get(key), f"{prefix}{key}"
        if old == new:
            continue
        if key not in pre:
            changes.append(f"{path} added")
        elif key not in post:
            changes.append(f"{path} removed")
        elif isinstance(old, dict) and isinstance(new, dict) and not prefix:
            changes += _changes(old, new, f"{path}.")
        elif isinstance(old, dict | list) or isinstance(new, dict | list):
            changes.append(f"{path} changed")
        else:
            changes.append(f"{path}: {_short(old)} → {_short(new)}")
    return changes


def summary(pre, post) -> list[str]:
    """A few words per changed key (one level deep), e.g. 'parameters.rollout: "50" → "75"'."""
    if pre is None and post is None:
        return []
    if pre is None:
        return ["created"]
    if post is None:
        return ["removed"]
    if not isinstance(pre, dict) or not isinstance(post, dict):
        return [f"{_short(pre)} → {_short(post)}"] if pre != post else []
    changes = _changes(pre, post)
    if len(changes) > MAX_SUMMARY:
        changes = changes[:MAX_SUMMARY] + [f"and {len(changes) - MAX_SUMMARY} more"]
    return changes
