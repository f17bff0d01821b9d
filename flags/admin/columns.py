"""The flag list's per-environment column: on/off with a one-click toggle, and last seen."""

from django.urls import reverse
from django.utils.html import format_html

from flags.admin.summaries import seen_text


def _state(feature, environment_name: str):
    for state in feature.env_states.all():  # prefetched by the changelist queryset
        if state.environment_id == environment_name:
            return state
    return None


def environment_cell(feature, environment_name: str, can_toggle: bool) -> str:
    state = _state(feature, environment_name)
    if state is None:
        return _pill(feature, state, environment_name, can_toggle)
    seen = state.last_seen_at
    return format_html(
        '{}<span class="flag-seen" title="{}">{}</span>',
        _pill(feature, state, environment_name, can_toggle),
        f"Last seen {seen:%Y-%m-%d %H:%M} UTC" if seen else "No SDK has reported this flag here",
        seen_text(seen),
    )


def _pill(feature, state, environment_name: str, can_toggle: bool) -> str:
    if state is None:
        return format_html(
            '<span class="flag-state is-absent" title="{}">—</span>',
            f"Not used by project {feature.project_id}",
        )
    label = "On" if state.enabled else "Off"
    css = "is-on" if state.enabled else "is-off"
    if not can_toggle or feature.archived:
        return format_html('<span class="flag-state {}">{}</span>', css, label)
    url = reverse("admin:flags_feature_toggle", args=[feature.pk, environment_name])
    action = "off" if state.enabled else "on"
    return format_html(
        '<button type="submit" form="flag-toggle-form" formaction="{}" name="enabled" '
        'value="{}" class="flag-toggle {}" aria-pressed="{}" data-environment="{}" '
        'data-flag="{}" title="Turn {} in {}"><span class="knob"></span>'
        '<span class="label">{}</span></button>',
        url,
        "0" if state.enabled else "1",
        css,
        "true" if state.enabled else "false",
        environment_name,
        feature.name,
        action,
        environment_name,
        label,
    )


def environment_column(environment_name: str, can_toggle: bool):
    """A list_display callable for one environment."""

    def column(feature):
        return environment_cell(feature, environment_name, can_toggle)

    column.short_description = environment_name
    column.__name__ = f"env_{environment_name}"
    return column
