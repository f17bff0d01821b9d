"""The shape of a JSON answer as sorted keys, shared by the Unleash recorder and the parity test.

No Django here: bench/unleash_read_keys.py imports it to record a live Unleash's answers.
"""

# Free-form JSON objects whose keys are data, not shape.
OPAQUE = {"data", "preData", "parameters", "splash", "context", "properties", "input"}
PREFIX = "mxx-"


def key_tree(value):
    """Sorted keys of objects, recursively; a list is described by the union of its items."""
    if isinstance(value, dict):
        # An opaque object is data; a list under the same name (playground's) is shape.
        return {
            k: (None if k in OPAQUE and isinstance(v, dict) else key_tree(v))
            for k, v in sorted(value.items())
        }
    if isinstance(value, list):
        merged: dict = {}
        for item in value:
            sub = key_tree(item)
            if isinstance(sub, dict):
                merged = _merge(merged, sub)
        return {"[]": merged} if merged else None
    return None


def _merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        if isinstance(out.get(k), dict) and isinstance(v, dict):
            out[k] = _merge(out[k], v)
        elif out.get(k) is None:
            out[k] = v
    return dict(sorted(out.items()))


# List key -> the field naming a row, to keep only the data set's rows.
ROW_NAMES = {"features": "name", "events": "featureName", "applications": "appName"}


def only_data_set(body):
    """Keep the data set's own rows (named mxx-...) so other objects add no keys."""
    if not isinstance(body, dict):
        return body
    out = dict(body)
    for list_key, field in ROW_NAMES.items():
        rows = out.get(list_key)
        if isinstance(rows, list) and all(isinstance(r, dict) for r in rows):
            out[list_key] = [r for r in rows if str(r.get(field, "")).startswith(PREFIX)]
    return out


def missing_keys(expected, actual, prefix="") -> list[str]:
    """Paths in the expected key tree that `actual` lacks (an empty list proves nothing)."""
    missing = []
    for key, sub in (expected or {}).items():
        path = f"{prefix}.{key}" if prefix else key
        if key == "[]":
            if isinstance(actual, dict) and "[]" in actual:
                missing += missing_keys(sub, actual["[]"], prefix)
            continue
        if not isinstance(actual, dict) or key not in actual:
            missing.append(path)
        elif isinstance(sub, dict):
            missing += missing_keys(sub, actual[key], path)
    return missing
