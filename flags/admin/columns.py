"""The flag list's per-environment column: on/off with a one-click toggle, and last seen."""

from django.utils.html import format_html

from flags.admin.summaries import seen_text
from flags.admin.toggles import switch_for


def _state(feature, environment_name: str):
    for state in feature.env_states.all():  # prefetched by the changelist queryset
        if state.environment_id == environment_name:
            return state
    return None


def environment_cell(feature, environment_name: str, can_toggle: bool, paused: bool) -> str:
    state = _state(feature, environment_name)
    if state is None:
        return format_html(
            '<span class="flag-state is-absent" title="{}">—</span>',
            f"Not used by project {feature.project_id}",
        )
    seen = state.last_seen_at
    switch = switch_for(
        feature, environment_name, state.enabled, can_toggle=can_toggle, paused=paused
    )
    return format_html(
        '{}<span class="flag-seen" title="{}">{}</span>',
        switch,
        f"Last seen {seen:%Y-%m-%d %H:%M} UTC" if seen else "No SDK has reported this flag here",
        seen_text(seen),
    )


def environment_column(environment_name: str, can_toggle: bool, paused: bool = False):
    """A list_display callable for one environment."""

    def column(feature):
        return environment_cell(feature, environment_name, can_toggle, paused)

    column.short_description = environment_name
    column.__name__ = f"env_{environment_name}"
    return column
