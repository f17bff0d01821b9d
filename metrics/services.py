"""Every write of aggregated metrics: applying buffer batches exactly once, retention."""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core.audit import record_event
from core.errors import ValidationFailed
from core.services import locked, write_service
from core.textcheck import text_problem
from flags.models import Feature, FeatureEnvironment
from flags.services import lifecycle
from metrics import buffer, prometheus, upsert
from metrics.aggregates import (
    AppliedBatch,
    ClientApplication,
    ClientInstance,
    FeatureHourlyMetric,
    UnknownFlag,
)
from metrics.validation import ToggleCounts

log = logging.getLogger(__name__)

# Any constant works: it names the one PostgreSQL advisory lock that serialises metric writers.
_LOCK_ID = 0x6D657472  # "metr"


@dataclass(slots=True)
class FlushResult:
    batches: int = 0
    applied: int = 0
    skipped: int = 0
    rows: int = 0
    seconds: float = 0.0
    set_aside: int = 0  # batches set aside whole or in part (their refused entries)


def _writers_lock() -> None:
    """Serialise metric writers (flushes, retention) for the rest of the transaction.

    Without it, two flushes could update the same rows in different orders and deadlock, and
    retention could delete an instance a flush is about to update. SQLite's IMMEDIATE
    transactions already serialise writers.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])


def flush() -> FlushResult:
    """Move everything buffered into the aggregated tables (the periodic aggregation job).

    Each batch is applied and its id recorded in one transaction, then deleted from the
    buffer; a batch that comes back (the delete never happened) is only deleted. A batch, or
    an entry of one, that cannot be applied is set aside and the flush goes on; only an
    unreachable store stops it (the batches then wait for the next flush).
    """
    started = time.monotonic()
    result = FlushResult()
    for batch in buffer.take_batches():
        result.batches += 1
        _flush_batch(batch, result)
    result.seconds = time.monotonic() - started
    return result


def _flush_batch(batch: buffer.Batch, result: FlushResult) -> None:
    """Apply one batch and delete it from the buffer, or set it (or its bad entries) aside."""
    if batch.problem:
        _set_aside(batch, batch.problem, None, result)
        return
    try:
        outcome = apply_batch(batch, timezone.now())
    except buffer.STORE_ERRORS:
        raise
    except Exception as exc:  # whatever this batch holds, it must not block the next ones
        _set_aside(batch, buffer.describe(exc), None, result)
        return
    if outcome is None:
        result.skipped += 1
        buffer.ack(batch)
        return
    rows, refused = outcome
    result.applied += 1
    result.rows += rows
    if refused:
        _set_aside(batch, refused[0]["error"], refused, result)
    else:
        buffer.ack(batch)


def _set_aside(batch: buffer.Batch, reason: str, refused: list[dict] | None, result) -> None:
    """Move the batch out of the buffer, count it and log it: once, by one flusher."""
    if not buffer.set_aside(batch, reason, refused):
        return  # another flusher set it aside (or applied it) already
    result.set_aside += 1
    part = "whole batch" if refused is None else f"{len(refused)} refused entr(ies)"
    prometheus.record_set_aside(1 if refused is None else len(refused))
    log.warning("metrics batch %s:%s set aside (%s): %s", batch.backend, batch.id, part, reason)


def apply_batch(batch: buffer.Batch, now: datetime) -> tuple[int, list[dict]] | None:
    """Apply one batch in one transaction: (count rows written, refused entries), or None.

    The batch is first applied whole (one savepoint); if that fails, entry by entry, so one
    entry PostgreSQL refuses (a NUL an older version accepted) costs only itself.
    """
    with transaction.atomic():
        _writers_lock()
        if AppliedBatch.objects.filter(batch_id=_applied_id(batch)).exists():
            return None
        AppliedBatch.objects.create(batch_id=_applied_id(batch), applied_at=now)
        try:
            with transaction.atomic():
                rows = _apply_counts(batch.counts, now)
                _apply_instances(batch.registrations, batch.heartbeats, now)
            return rows, []
        except buffer.STORE_ERRORS:
            raise
        except Exception:  # retried entry by entry right below
            return _apply_entries(batch, now)


def _apply_entries(batch: buffer.Batch, now: datetime) -> tuple[int, list[dict]]:
    """Each entry in its own savepoint; returns (rows written, refused entries)."""
    rows, refused = 0, []
    entries = [("count", {key: value}) for key, value in batch.counts.items()]
    entries += [("heartbeat", record) for record in batch.heartbeats]
    entries += [("registration", record) for record in batch.registrations]
    for kind, entry in entries:
        try:
            with transaction.atomic():
                if kind == "count":
                    rows += _apply_counts(entry, now)
                elif kind == "heartbeat":
                    _apply_instances([], [entry], now)
                else:
                    _apply_instances([entry], [], now)
        except buffer.STORE_ERRORS:
            raise
        except Exception as exc:  # this entry is refused, the others go on
            error = buffer.describe(exc)
            refused.append({"kind": kind, "entry": _entry_json(kind, entry), "error": error})
    return rows, refused


def _entry_json(kind: str, entry: dict) -> Any:
    if kind == "count":
        return [{"key": asdict(key), "counts": asdict(value)} for key, value in entry.items()]
    return entry


def _applied_id(batch: buffer.Batch) -> str:
    return f"{batch.backend}:{batch.id}"


def _seen_at(hour: str, now: datetime) -> tuple[datetime, datetime]:
    """(hour start, last-seen time): the hour's end at the latest, never in the future."""
    start = datetime.fromisoformat(hour)
    return start, min(now, start + timedelta(hours=1))


def _apply_counts(counts: dict[buffer.CountKey, ToggleCounts], now: datetime) -> int:
    names = {key.feature for key in counts}
    known = set(Feature.objects.filter(name__in=names).values_list("name", flat=True))
    rows: list[upsert.Row] = []
    seen: dict[tuple[str, str], datetime] = {}
    unknown: dict[tuple[str, str, str], datetime] = {}
    for key, value in counts.items():
        hour, seen_at = _seen_at(key.hour, now)
        if key.feature in known:
            rows.append(
                (
                    key.feature,
                    key.app_name,
                    key.environment,
                    hour,
                    value.yes,
                    value.no,
                    value.variants,
                )
            )
            pair = (key.feature, key.environment)
            seen[pair] = max(seen_at, seen.get(pair, seen_at))
        else:
            triple = (key.feature, key.app_name, key.environment)
            unknown[triple] = max(seen_at, unknown.get(triple, seen_at))
    written = upsert.add_counts(rows)
    _mark_last_seen(seen)
    _record_unknown(unknown)
    return written


def _mark_last_seen(seen: dict[tuple[str, str], datetime]) -> None:
    """Move last-seen forward (never back) per flag and environment, and per flag."""
    by_time: dict[tuple[datetime, str], set[str]] = defaultdict(set)
    for (feature, environment), moment in seen.items():
        by_time[(moment, environment)].add(feature)
    for (moment, environment), features in sorted(by_time.items()):
        older = Q(last_seen_at__isnull=True) | Q(last_seen_at__lt=moment)
        FeatureEnvironment.objects.filter(
            older, environment_id=environment, feature__name__in=features
        ).update(last_seen_at=moment)
        Feature.objects.filter(older, name__in=features).update(last_seen_at=moment)
    # First sighting per environment type moves a flag to pre-live / live.
    lifecycle.seen_in(seen)


def _record_unknown(unknown: dict[tuple[str, str, str], datetime]) -> None:
    if not unknown:
        return
    existing = {
        (flag.name, flag.app_name, flag.environment): flag
        for flag in UnknownFlag.objects.filter(name__in={key[0] for key in unknown})
    }
    new, changed = [], []
    for (name, app, environment), moment in unknown.items():
        flag = existing.get((name, app, environment))
        if flag is None:
            new.append(
                UnknownFlag(name=name, app_name=app, environment=environment, last_seen_at=moment)
            )
        elif flag.last_seen_at < moment:
            flag.last_seen_at = moment
            changed.append(flag)
    UnknownFlag.objects.bulk_create(new)
    UnknownFlag.objects.bulk_update(changed, ["last_seen_at"])


def _when(value: Any, default: datetime) -> datetime:
    parsed = parse_datetime(value) if isinstance(value, str) else None
    return parsed or default


def _merge_instances(
    registrations: list[dict], heartbeats: list[dict], now: datetime
) -> dict[tuple[str, str, str], dict]:
    """One record per instance; registration fields win, the latest sighting counts."""
    merged: dict[tuple[str, str, str], dict] = {}
    for record in [*heartbeats, *registrations]:
        key = (
            record["appName"],
            record.get("instanceId") or "default",
            record.get("environment") or "default",
        )
        target = merged.setdefault(key, {"seen": _when(record.get("seenAt"), now)})
        target["seen"] = max(target["seen"], _when(record.get("seenAt"), now))
        for name in ("sdkVersion", "clientIp", "started", "strategies", "description", "url"):
            if record.get(name) not in (None, ""):
                target[name] = record[name]
    return merged


def _apply_instances(registrations: list[dict], heartbeats: list[dict], now: datetime) -> None:
    merged = _merge_instances(registrations, heartbeats, now)
    if not merged:
        return
    _upsert_applications(merged, now)
    existing = {
        (i.app_name, i.instance_id, i.environment): i
        for i in ClientInstance.objects.filter(app_name__in={key[0] for key in merged})
    }
    new, changed = [], []
    for key, record in merged.items():
        instance = existing.get(key)
        if instance is None:
            instance = ClientInstance(app_name=key[0], instance_id=key[1], environment=key[2])
            instance.last_seen_at = record["seen"]
            new.append(instance)
        else:
            instance.last_seen_at = max(instance.last_seen_at, record["seen"])
            changed.append(instance)
        instance.sdk_version = record.get("sdkVersion", instance.sdk_version)[:255]
        instance.client_ip = record.get("clientIp", instance.client_ip)[:64]
        if "started" in record:
            instance.started_at = _when(record["started"], instance.started_at or now)
    ClientInstance.objects.bulk_create(new)
    fields = ["last_seen_at", "sdk_version", "client_ip", "started_at"]
    ClientInstance.objects.bulk_update(changed, fields)


def _upsert_applications(merged: dict[tuple[str, str, str], dict], now: datetime) -> None:
    per_app: dict[str, dict] = defaultdict(lambda: {"sdk": set(), "seen": None})
    for (app_name, _instance, _env), record in merged.items():
        app = per_app[app_name]
        if record.get("sdkVersion"):
            app["sdk"].add(record["sdkVersion"])
        if "strategies" in record:
            app["strategies"] = record["strategies"]
        app["seen"] = max(filter(None, [app["seen"], record["seen"]]))
    existing = {a.app_name: a for a in ClientApplication.objects.filter(app_name__in=per_app)}
    new, changed = [], []
    for app_name, data in per_app.items():
        app = existing.get(app_name) or ClientApplication(app_name=app_name)
        (changed if app.pk else new).append(app)
        app.sdk_versions = sorted(set(app.sdk_versions) | data["sdk"])
        app.strategies = data.get("strategies", app.strategies)
        app.last_seen_at = max(filter(None, [app.last_seen_at, data["seen"]]))
        app.updated_at = now
    ClientApplication.objects.bulk_create(new)
    fields = ["sdk_versions", "strategies", "last_seen_at", "updated_at"]
    ClientApplication.objects.bulk_update(changed, fields)


@dataclass(slots=True)
class RetentionResult:
    hourly_rows: int = 0
    instances: int = 0
    applied_batches: int = 0


def apply_retention(now: datetime | None = None) -> RetentionResult:
    """Drop hourly rows past METRICS_RETENTION_DAYS and instances not seen for 2 days."""
    now = now or timezone.now()
    days = getattr(settings, "METRICS_RETENTION_DAYS", 30)
    instance_days = getattr(settings, "METRICS_INSTANCE_RETENTION_DAYS", 2)
    with transaction.atomic():
        _writers_lock()
        hourly, _ = FeatureHourlyMetric.objects.filter(hour__lt=now - timedelta(days=days)).delete()
        stale = now - timedelta(days=instance_days)
        instances, _ = ClientInstance.objects.filter(last_seen_at__lt=stale).delete()
        # A batch id is only needed while its buffer copy may still exist: a day is plenty.
        applied, _ = AppliedBatch.objects.filter(applied_at__lt=now - timedelta(days=1)).delete()
    return RetentionResult(hourly, instances, applied)


APPLICATION_FIELDS = ("description", "url", "color", "icon")


@write_service
def application_update(*, application: ClientApplication, actor, **fields) -> ClientApplication:
    """Admins describe an application (description, url, color, icon); audited when changed."""
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise ValidationFailed.at(sorted(unknown)[0], "is not an application field")
    for name, value in fields.items():
        limit = ClientApplication._meta.get_field(name).max_length
        problem = text_problem(value or "", limit)
        if problem:
            raise ValidationFailed.at(name, problem)
    # Re-read under lock: the admin hands over an instance its form already changed, so the
    # "before" snapshot must come from the database, as in the flags services.
    application = locked(ClientApplication, pk=application.pk)
    before = _application_snapshot(application)
    for name, value in fields.items():
        setattr(application, name, (value or "").strip())
    after = _application_snapshot(application)
    if after != before:
        application.save(update_fields=[*fields, "updated_at"])
        record_event("application-updated", actor=actor, data=after, pre_data=before)
    return application


def _application_snapshot(application: ClientApplication) -> dict:
    return {
        "appName": application.app_name,
        **{name: getattr(application, name) for name in APPLICATION_FIELDS},
    }


@write_service
def application_save(*, app_name: str, actor, **fields) -> ClientApplication:
    """Unleash's POST /api/admin/metrics/applications/{app}: create it, or describe it."""
    problem = text_problem(app_name, ClientApplication._meta.get_field("app_name").max_length)
    if problem or not app_name.strip():
        raise ValidationFailed.at("appName", problem or "must not be empty")
    application, created = ClientApplication.objects.get_or_create(app_name=app_name)
    if created:
        record_event("application-created", actor=actor, data={"appName": app_name})
    return application_update(application=application, actor=actor, **fields)


@write_service
def application_delete(*, app_name: str, actor) -> bool:
    """Forget an application and its instances; an unknown name is fine (Unleash: 200)."""
    application = ClientApplication.objects.select_for_update().filter(app_name=app_name).first()
    if application is None:
        return False
    before = _application_snapshot(application)
    ClientInstance.objects.filter(app_name=app_name).delete()
    application.delete()
    record_event("application-deleted", actor=actor, pre_data=before)
    return True
