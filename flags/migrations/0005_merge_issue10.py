"""Joins issue 10's independent 0004 migrations (token secrets, variant order, tag and strategy types)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("flags", "0004_st_strategy_definitions"),
        ("flags", "0004_tg_simple_tag_type"),
        ("flags", "0004_tk_token_secret"),
        ("flags", "0004_va_sort_variants"),
    ]

    operations = []
