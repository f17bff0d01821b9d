"""Validation of SDK register/metrics bodies (Unleash's client schemas).

Hand-written rather than DRF serializers: these run on the SDK hot path. Every failure raises
``ValidationFailed`` whose details name the offending field (``bucket.toggles.x.yes``).
Unknown fields are ignored, as Unleash's schemas strip them. Every string we keep passes the
shared edge rule (``core.textcheck``: no NUL, no lone surrogate, bounded length) so
nothing buffered can later fail to reach PostgreSQL and block aggregation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.utils.dateparse import parse_datetime

from core.errors import ValidationFailed
from core.textcheck import text_problem

# Bounds for names that become buffer keys; counts stay far below Redis' 64-bit integers.
MAX_NAME = 255
MAX_COUNT = 10**12
# Dates SDKs may report: a clock reset to the epoch is still a date; the far end leaves room
# for the hour arithmetic that Python's datetime (year 9999 at most) would overflow.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(9000, 1, 1, tzinfo=UTC)
_RANGE_MESSAGE = f"must be between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d}"
# Optional string fields of Unleash's register/metrics schemas that we keep.
OPTIONAL_STRINGS = (
    "instanceId",
    "connectionId",
    "sdkVersion",
    "platformName",
    "platformVersion",
    "yggdrasilVersion",
    "specVersion",
    "sdkFlavor",
    "sdkFlavorVersion",
)


@dataclass(slots=True)
class ToggleCounts:
    yes: int = 0
    no: int = 0
    variants: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class MetricsReport:
    app_name: str
    instance_id: str
    start: datetime
    toggles: dict[str, ToggleCounts]
    info: dict[str, str]


def _object(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise ValidationFailed.at(path, "must be an object")
    return value


def _string(
    value: Any, path: str, *, required: bool = True, limit: int = MAX_NAME, what: str = ""
) -> str | None:
    """A string we keep: non-empty when required, and storable (the shared edge rule)."""
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value):
        message = "must be a non-empty string" if required else "must be a string"
        raise ValidationFailed.at(path, f"{what} {message}".lstrip())
    problem = text_problem(value, limit)
    if problem:
        raise ValidationFailed.at(path, f"{what} {problem}".lstrip())
    return value


def _count(value: Any, path: str) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationFailed.at(path, "must be a number")
    if isinstance(value, float) and not value.is_integer():
        raise ValidationFailed.at(path, "must be a whole number")
    if value < 0:
        raise ValidationFailed.at(path, "must be greater than or equal to 0")
    if value > MAX_COUNT:
        raise ValidationFailed.at(path, f"must be at most {MAX_COUNT}")
    return int(value)


def _date(value: Any, path: str, *, numbers: bool = False) -> datetime:
    """An RFC 3339 date-time (nanoseconds allowed), or a unix timestamp in ms when allowed.

    Returned in UTC (hour buckets are UTC hours; PostgreSQL refuses offsets past 15:59) and
    within ``EARLIEST``..``LATEST``, so the hour after it still exists.
    """
    if numbers and isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return _in_range(datetime.fromtimestamp(value / 1000, tz=UTC), path)
        except (OverflowError, OSError, ValueError) as exc:
            raise ValidationFailed.at(path, "must be a valid timestamp") from exc
    parsed = None
    if isinstance(value, str) and len(value) <= 64:
        try:
            parsed = parse_datetime(value)
        except ValueError:
            parsed = None
    if parsed is None:
        raise ValidationFailed.at(path, "must be an RFC 3339 date-time")
    aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    try:
        return _in_range(aware.astimezone(UTC), path)
    except OverflowError as exc:
        raise ValidationFailed.at(path, _RANGE_MESSAGE) from exc


def _in_range(moment: datetime, path: str) -> datetime:
    if not EARLIEST <= moment < LATEST:
        raise ValidationFailed.at(path, _RANGE_MESSAGE)
    return moment


def _info(body: dict, prefix: str = "") -> dict[str, str]:
    info = {}
    for name in OPTIONAL_STRINGS:
        value = _string(body.get(name), prefix + name, required=False)
        if value:
            info[name] = value
    return info


def _toggle(value: Any, path: str) -> ToggleCounts:
    value = _object(value, path)
    variants = value.get("variants")
    counts = ToggleCounts(
        _count(value.get("yes"), f"{path}.yes"), _count(value.get("no"), f"{path}.no")
    )
    if variants is None:
        return counts
    for name, amount in _object(variants, f"{path}.variants").items():
        _string(name, f"{path}.variants", what="variant name")
        counts.variants[name] = _count(amount, f"{path}.variants.{name}")
    return counts


def metrics_report(body: Any) -> MetricsReport:
    """``POST /api/client/metrics`` (and the frontend's): appName and bucket are required."""
    body = _object(body, "")
    app_name = _string(body.get("appName"), "appName")
    bucket = _object(body.get("bucket"), "bucket")
    start = _date(bucket.get("start"), "bucket.start")
    _date(bucket.get("stop"), "bucket.stop")
    raw_toggles = bucket.get("toggles")
    toggles = {}
    if raw_toggles is not None:
        for name, counts in _object(raw_toggles, "bucket.toggles").items():
            _string(name, "bucket.toggles", what="flag name")
            toggles[name] = _toggle(counts, f"bucket.toggles.{name}")
    info = _info(body)
    return MetricsReport(app_name, info.pop("instanceId", "default"), start, toggles, info)


def registration(body: Any, *, strict: bool = True) -> dict[str, Any]:
    """``POST /api/client/register``: appName, interval, started and strategies are required.

    ``strict=False`` (the frontend API's register, which no official SDK calls) only needs
    appName; the other fields are still type-checked when present.
    """
    body = _object(body, "")
    record: dict[str, Any] = {"appName": _string(body.get("appName"), "appName")}
    record.update(_info(body))
    record.setdefault("instanceId", "default")
    interval = body.get("interval")
    if strict or interval is not None:
        record["interval"] = _interval(interval)
    if strict or body.get("started") is not None:
        record["started"] = _date(body.get("started"), "started", numbers=True).isoformat()
    strategies = body.get("strategies")
    if strict or strategies is not None:
        record["strategies"] = _strategies(strategies)
    return record


def _interval(value: Any) -> int | float:
    # NaN and Infinity are what Python's json accepts for NaN/1e999: neither is an interval.
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= MAX_COUNT:
        raise ValidationFailed.at("interval", "must be a non-negative number")
    return value


def _strategies(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise ValidationFailed.at("strategies", "must be an array of strategy names")
    names = []
    for i, item in enumerate(value):
        # Unleash strips non-string items rather than refusing the registration.
        if isinstance(item, str):
            names.append(_string(item, f"strategies[{i}]", required=False, what="strategy name"))
    return names[:100]


@dataclass(slots=True)
class BulkMetric:
    feature: str
    app_name: str
    environment: str
    timestamp: datetime
    counts: ToggleCounts


def bulk_metrics(body: Any) -> tuple[list[dict[str, Any]], list[BulkMetric]]:
    """``POST /api/client/metrics/bulk`` (Unleash Edge): ``{applications: [], metrics: []}``."""
    body = _object(body, "")
    applications = body.get("applications") or []
    metrics = body.get("metrics") or []
    if not isinstance(applications, list):
        raise ValidationFailed.at("applications", "must be an array")
    if not isinstance(metrics, list):
        raise ValidationFailed.at("metrics", "must be an array")
    apps = []
    for i, raw in enumerate(applications):
        raw = _object(raw, f"applications[{i}]")
        record = {"appName": _string(raw.get("appName"), f"applications[{i}].appName")}
        record["instanceId"] = _string(raw.get("instanceId"), f"applications[{i}].instanceId")
        record["environment"] = _string(
            raw.get("environment"), f"applications[{i}].environment", required=False
        )
        info = _info(raw, f"applications[{i}].")
        record.update({k: v for k, v in info.items() if k != "instanceId"})
        apps.append(record)
    return apps, [_bulk_metric(raw, f"metrics[{i}]") for i, raw in enumerate(metrics)]


def _bulk_metric(raw: Any, path: str) -> BulkMetric:
    raw = _object(raw, path)
    return BulkMetric(
        feature=_string(raw.get("featureName"), f"{path}.featureName"),
        app_name=_string(raw.get("appName"), f"{path}.appName"),
        environment=_string(raw.get("environment"), f"{path}.environment"),
        timestamp=_date(raw.get("timestamp"), f"{path}.timestamp"),
        counts=_toggle(raw, path),
    )
