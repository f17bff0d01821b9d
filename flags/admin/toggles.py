"""The one on/off switch of a flag in an environment, used by the flag list and the flag page.

It is a submit button of a small form of its own (`_toggle_form.html`), so it saves at once with
or without JavaScript; toggles.js posts it in the background and confirms on screen. While
maintenance is on it is shown disabled rather than hidden, so the page keeps its shape.
"""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from maintenance import state as maintenance_state

MAINTENANCE_TITLE = "Maintenance mode is on: switching is off until it ends"


def may_toggle(request) -> bool:
    return request.user.has_perm("flags.toggle_feature")


def writes_paused() -> bool:
    return maintenance_state.current().active()


def toggle_button(feature, environment_name: str, enabled: bool, *, paused: bool = False) -> str:
    """A switch that posts `enabled=1|0` to the flag's toggle URL."""
    where = f"{feature.name} in {environment_name}"
    title = MAINTENANCE_TITLE if paused else f"Turn {'off' if enabled else 'on'} {where}"
    return format_html(
        '<button type="submit" form="flag-toggle-form" formaction="{}" name="enabled" value="{}" '
        'class="flag-toggle {}" role="switch" aria-checked="{}" aria-label="{}" title="{}" '
        'data-flag="{}" data-environment="{}"{}><span class="knob" aria-hidden="true"></span>'
        '<span class="label">{}</span></button>',
        reverse("admin:flags_feature_toggle", args=[feature.pk, environment_name]),
        "0" if enabled else "1",
        "is-on" if enabled else "is-off",
        "true" if enabled else "false",
        where,
        title,
        feature.name,
        environment_name,
        mark_safe(" disabled") if paused else "",
        "On" if enabled else "Off",
    )


def state_pill(enabled: bool) -> str:
    """On/off for someone who may not switch it."""
    return format_html(
        '<span class="flag-state {}">{}</span>',
        "is-on" if enabled else "is-off",
        "On" if enabled else "Off",
    )


def switch_for(feature, environment_name: str, enabled: bool, *, can_toggle, paused) -> str:
    if not can_toggle or feature.archived:
        return state_pill(enabled)
    return toggle_button(feature, environment_name, enabled, paused=paused)
