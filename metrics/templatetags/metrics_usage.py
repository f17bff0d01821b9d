"""``{% flag_usage_panel feature.name %}``: the usage chart, for any admin page to embed."""

from django import template
from django.urls import reverse

from metrics import charts, selectors

register = template.Library()


@register.inclusion_tag("metrics/_usage_panel.html", takes_context=True)
def flag_usage_panel(context, feature_name: str, period: str | None = None):
    request = context.get("request")
    period = period or (request.GET.get("usage") if request is not None else None)
    if period not in selectors.PERIODS:
        period = selectors.DEFAULT_PERIOD
    return {"usage": charts.usage_panel(feature_name, period), "embedded": True}


@register.inclusion_tag("metrics/_env_usage.html", takes_context=True)
def flag_env_usage(context, feature_name: str, environment: str):
    """Last hour's requests of one flag in one environment (one query per page, not per panel)."""
    cache = context.render_context.setdefault("flag_env_usage", {})
    if feature_name not in cache:
        cache[feature_name] = {u.environment: u for u in selectors.last_hour_usage(feature_name)}
    usage = cache[feature_name].get(environment)
    total = usage.yes + usage.no if usage else 0
    return {
        "usage": usage,
        "total": total,
        "percent": round(100 * usage.yes / total) if total else 0,
        "url": reverse("admin:metrics_flag_usage", args=[feature_name]),
    }
