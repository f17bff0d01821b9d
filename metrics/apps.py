"""App config for SDK metrics: adds its last-hour counts to flags' flag-state reads."""

from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "metrics"
    verbose_name = "SDK metrics"

    def ready(self):
        from flags import selectors as flag_selectors
        from metrics import selectors

        flag_selectors.register_state_annotations(selectors.last_hour_counts)
