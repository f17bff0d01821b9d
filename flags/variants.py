"""Validation, weight balancing and name order of feature and strategy variants."""

import json
from functools import cache

from pyuca.collator import Collator_10_0_0

from core.textcheck import check_text
from flags.validation import NAME_LENGTH, PAYLOAD_TYPES, TOTAL_WEIGHT, WEIGHT_TYPES, _err, is_number


def _check_payload(payload, path: str) -> list[dict]:
    if payload is None:
        return []
    if not isinstance(payload, dict):
        return [_err(path, "must be an object with type and value")]
    if not isinstance(payload.get("type"), str) or payload["type"] not in PAYLOAD_TYPES:
        return [_err(f"{path}.type", f"must be one of {sorted(PAYLOAD_TYPES)}")]
    value = payload.get("value")
    errors = check_text(value, f"{path}.value")
    if errors:
        return errors
    if payload["type"] == "json":
        try:
            json.loads(value)
        except ValueError:
            return [_err(f"{path}.value", "must be valid JSON")]
    if payload["type"] == "number" and not is_number(value):
        return [_err(f"{path}.value", "must be a number")]
    return []


def _check_overrides(overrides, path: str) -> list[dict]:
    if overrides is None:
        return []
    if not isinstance(overrides, list):
        return [_err(path, "must be a list")]
    errors = []
    for i, override in enumerate(overrides):
        item = f"{path}[{i}]"
        if not isinstance(override, dict) or not isinstance(override.get("contextName"), str):
            errors.append(_err(f"{item}.contextName", "must be a string"))
            continue
        errors += check_text(override["contextName"], f"{item}.contextName", NAME_LENGTH)
        values = override.get("values")
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            errors.append(_err(f"{item}.values", "must be a list of strings"))
            continue
        errors += next(
            (e for i, v in enumerate(values) if (e := check_text(v, f"{item}.values[{i}]"))), []
        )
    return errors


def _normalize_one(raw, path: str) -> tuple[dict | None, list[dict]]:
    if not isinstance(raw, dict):
        return None, [_err(path, "must be an object")]
    errors = []
    name = raw.get("name")
    # The same rule as PUT variants' serializer, so no door stores a name another refuses.
    errors += check_text(name, f"{path}.name", NAME_LENGTH, required=True)
    weight_type = raw.get("weightType") or "variable"
    if not isinstance(weight_type, str) or weight_type not in WEIGHT_TYPES:
        errors.append(_err(f"{path}.weightType", "must be 'variable' or 'fix'"))
    weight = raw.get("weight", 0 if weight_type == "variable" else None)
    if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= TOTAL_WEIGHT:
        errors.append(_err(f"{path}.weight", f"must be a whole number from 0 to {TOTAL_WEIGHT}"))
    stickiness = raw.get("stickiness") or "default"
    errors += check_text(stickiness, f"{path}.stickiness", NAME_LENGTH)
    errors += _check_payload(raw.get("payload"), f"{path}.payload")
    errors += _check_overrides(raw.get("overrides"), f"{path}.overrides")
    if errors:
        return None, errors
    variant = {"name": name, "weight": weight, "weightType": weight_type, "stickiness": stickiness}
    if raw.get("payload") is not None:
        variant["payload"] = {"type": raw["payload"]["type"], "value": raw["payload"]["value"]}
    if raw.get("overrides"):
        variant["overrides"] = [
            {"contextName": o["contextName"], "values": list(o["values"])} for o in raw["overrides"]
        ]
    return variant, []


def balance_weights(variants: list[dict]) -> list[dict]:
    """Share what fixed weights leave of 1000 among variable ones, as Unleash does."""
    fixed = sum(v["weight"] for v in variants if v["weightType"] == "fix")
    variable = [v for v in variants if v["weightType"] == "variable"]
    if not variable:
        return variants
    share, remainder = divmod(TOTAL_WEIGHT - fixed, len(variable))
    for index, variant in enumerate(variable):
        variant["weight"] = share + (1 if index < remainder else 0)
    return variants


@cache
def _collator() -> Collator_10_0_0:
    return Collator_10_0_0()


def name_sort_key(name: str) -> tuple:
    """The key of ``a.name.localeCompare(b.name)``: Unicode collation, punctuation not ignored.

    Unleash (feature-toggle-service fixVariantWeights for strategy variants,
    feature-environment-store setVariantsToFeatureEnvironments for environment variants)
    sorts with ICU's root collation, so "alpha" < "Zeta" and "_a" < "a"; code-point order
    would differ, and SDKs assign variants by position.
    """
    return _collator().sort_key(name)


def sort_variants(variants):
    """Variants ordered by name as Unleash stores them; anything not a list of named objects as is.

    A stable sort: names equal under the collation keep their request order, as in V8.
    """
    if not isinstance(variants, list) or not all(
        isinstance(v, dict) and isinstance(v.get("name"), str) for v in variants
    ):
        return variants
    return sorted(variants, key=lambda v: name_sort_key(v["name"]))


def normalize_variants(raw, path: str = "variants") -> tuple[list[dict], list[dict]]:
    """Check variants, balance their weights so they sum to 1000, then order them by name.

    Balancing comes first: Unleash hands the remainder to variable variants in request order.
    """
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [_err(path, "must be a list")]
    variants, errors = [], []
    for index, item in enumerate(raw):
        variant, item_errors = _normalize_one(item, f"{path}[{index}]")
        errors += item_errors
        if variant is not None:
            variants.append(variant)
    if errors or not variants:
        return variants, errors
    names = [v["name"] for v in variants]
    if len(set(names)) != len(names):
        return variants, [_err(path, "variant names must be unique")]
    fixed = sum(v["weight"] for v in variants if v["weightType"] == "fix")
    all_fixed = all(v["weightType"] == "fix" for v in variants)
    if fixed > TOTAL_WEIGHT or (all_fixed and fixed != TOTAL_WEIGHT):
        message = f"fixed weights add up to {fixed}; they must leave room within {TOTAL_WEIGHT}"
        if all_fixed:
            message = f"weights add up to {fixed}; they must add up to {TOTAL_WEIGHT}"
        return variants, [_err(path, message)]
    if not all_fixed and fixed == TOTAL_WEIGHT:
        return variants, [_err(path, "fixed weights leave nothing for the variable variants")]
    return sort_variants(balance_weights(variants)), []
