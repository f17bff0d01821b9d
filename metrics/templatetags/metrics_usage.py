"""``{% flag_usage_panel feature.name %}``: the usage chart, for any admin page to embed."""

from django import template

from metrics import charts, selectors

register = template.Library()


@register.inclusion_tag("metrics/_usage_panel.html", takes_context=True)
def flag_usage_panel(context, feature_name: str, period: str | None = None):
    request = context.get("request")
    period = period or (request.GET.get("usage") if request is not None else None)
    if period not in selectors.PERIODS:
        period = selectors.DEFAULT_PERIOD
    return {"usage": charts.usage_panel(feature_name, period), "embedded": True}
