"""Additive upsert of hourly counts: yes, no and each variant add to what is stored.

Django's ``bulk_create(update_conflicts=...)`` can only overwrite, so this is raw SQL: one
``INSERT ... ON CONFLICT DO UPDATE`` per chunk, with the variants JSON merged key by key in
SQL. PostgreSQL and SQLite (the embedded profile) differ only in their JSON functions.
"""

import json
from collections.abc import Iterable
from datetime import datetime

from django.db import connection

from metrics.aggregates import FeatureHourlyMetric

CHUNK = 500
COLUMNS = "feature_name, app_name, environment, hour, yes, no, variants"
CONFLICT = "feature_name, app_name, environment, hour"

_POSTGRES_MERGE = """
    yes = m.yes + EXCLUDED.yes,
    no = m.no + EXCLUDED.no,
    variants = (
        SELECT coalesce(jsonb_object_agg(key, total), '{}'::jsonb) FROM (
            SELECT key, sum(value::bigint) AS total FROM (
                SELECT * FROM jsonb_each_text(m.variants)
                UNION ALL SELECT * FROM jsonb_each_text(EXCLUDED.variants)
            ) AS both_sides GROUP BY key
        ) AS summed
    )
"""

_SQLITE_MERGE = """
    yes = yes + excluded.yes,
    no = no + excluded.no,
    variants = (
        SELECT coalesce(json_group_object(key, total), '{{}}') FROM (
            SELECT key, sum(value) AS total FROM (
                SELECT key, value FROM json_each({table}.variants)
                UNION ALL SELECT key, value FROM json_each(excluded.variants)
            ) GROUP BY key
        )
    )
"""

Row = tuple[str, str, str, datetime, int, int, dict[str, int]]


def add_counts(rows: Iterable[Row]) -> int:
    """Add (feature, app, environment, hour, yes, no, variants) rows; returns rows written.

    Rows are sorted by key so concurrent writers lock conflicting rows in the same order.
    Keys must be unique within one call (the buffer merges them already).
    """
    ordered = sorted(rows, key=lambda row: row[:4])
    for start in range(0, len(ordered), CHUNK):
        _insert_chunk(ordered[start : start + CHUNK])
    return len(ordered)


def _insert_chunk(rows: list[Row]) -> None:
    table = FeatureHourlyMetric._meta.db_table
    postgres = connection.vendor == "postgresql"
    cast = "::jsonb" if postgres else ""
    values = ", ".join([f"(%s, %s, %s, %s, %s, %s, %s{cast})"] * len(rows))
    if postgres:
        head = f"INSERT INTO {table} AS m ({COLUMNS}) VALUES {values}"
        merge = _POSTGRES_MERGE
    else:
        head = f"INSERT INTO {table} ({COLUMNS}) VALUES {values}"
        merge = _SQLITE_MERGE.format(table=table)
    sql = f"{head} ON CONFLICT ({CONFLICT}) DO UPDATE SET {merge}"
    params: list = []
    for feature, app, environment, hour, yes, no, variants in rows:
        hour_value = hour if postgres else connection.ops.adapt_datetimefield_value(hour)
        params += [feature, app, environment, hour_value, yes, no, json.dumps(variants)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
