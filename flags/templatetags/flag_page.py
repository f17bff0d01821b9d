"""``{% flag_recent_events name as changes %}``: the flag page's latest events with diffs."""

from django import template

from flags import event_selectors

register = template.Library()


@register.simple_tag
def flag_recent_events(feature_name: str):
    return event_selectors.flag_events(feature_name)
