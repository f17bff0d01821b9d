"""The flag page's per-environment panels: on/off, strategy summary and inline strategy editing.

Django cannot nest inlines, so each environment's form carries its own strategy formset
(`form.strategies`), bound from the same POST and validated with the outer formset.
"""

import re

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import InlineAdminFormSet
from django.forms.models import BaseInlineFormSet
from django.urls import reverse

from flags.admin import toggles
from flags.admin.base import LeafInline
from flags.admin.forms import EDITOR_CSS, EDITOR_JS
from flags.admin.strategies import StrategyInline
from flags.admin.summaries import seen_text, strategy_summary
from flags.models import FeatureEnvironment


def strategy_prefix(environment_name: str) -> str:
    # Environment names may hold dots; prefixes end up in element ids and jQuery selectors.
    return "strategies-" + re.sub(r"[^A-Za-z0-9_]", "_", environment_name)


class EnvironmentStateFormSet(BaseInlineFormSet):
    """Environment states, each with a nested strategy formset when the user may edit them."""

    request = None  # set by EnvironmentPanelInline.get_formset
    strategy_inline = None
    paused = False

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.strategies = form.strategies_admin = None
        if self.strategy_inline is not None and form.instance.pk:
            self._attach_strategies(form)
        form.panel = self._panel(form.instance, form.strategies)
        return form

    def _panel(self, state, strategy_formset=None) -> dict:
        if strategy_formset is not None:
            # The editor's own rows (read once, with segments): summary and forms agree.
            strategies = list(strategy_formset.get_queryset())
        else:
            strategies = list(state.strategies.prefetch_related("segments")) if state.pk else []
        return {
            "environment": state.environment_id,
            "enabled": state.enabled,
            "toggle": self._toggle(state),
            "seen": seen_text(state.last_seen_at),
            "last_seen_at": state.last_seen_at,
            "strategies": [strategy_summary(s) for s in strategies],
            "variant_count": len(state.variants or []),
            "url": reverse("admin:flags_featureenvironment_change", args=[state.pk])
            if state.pk
            else "",
        }

    def _toggle(self, state) -> str:
        if not state.pk or self.request is None:
            return toggles.state_pill(state.enabled)
        return toggles.switch_for(
            state.feature,
            state.environment_id,
            state.enabled,
            can_toggle=toggles.may_toggle(self.request),
            paused=self.paused,
        )

    def _attach_strategies(self, form):
        state, inline, request = form.instance, self.strategy_inline, self.request
        prefix = strategy_prefix(state.environment_id)
        # A post without this environment's management form leaves its strategies alone.
        bound = self.is_bound and f"{prefix}-TOTAL_FORMS" in self.data
        formset_class = inline.get_formset(request, state)
        form.strategies = formset_class(
            data=self.data if bound else None,
            files=self.files if bound else None,
            instance=state,
            prefix=prefix,
            queryset=state.strategies.prefetch_related("segments"),
        )
        form.strategies_admin = InlineAdminFormSet(
            inline,
            form.strategies,
            list(inline.get_fieldsets(request, state)),
            model_admin=inline,
            has_add_permission=inline.has_add_permission(request, state),
            has_change_permission=inline.has_change_permission(request, state),
            has_delete_permission=inline.has_delete_permission(request, state),
            has_view_permission=True,
        )

    def nested(self):
        return [f.strategies for f in self.forms if f.strategies is not None]

    def is_valid(self):
        valid = super().is_valid()
        return all([s.is_valid() for s in self.nested() if s.is_bound]) and valid

    def has_changed(self):
        return super().has_changed() or any(s.has_changed() for s in self.nested() if s.is_bound)


class PanelStrategyInline(StrategyInline):
    """The strategy editor of the per-environment page, reused inside a flag-page panel."""

    verbose_name_plural = "Edit strategies here"


class EnvironmentPanelForm(forms.ModelForm):
    # The switch in the panel saves at once through its own form (toggles.py); a field that
    # only saved with the page was easy to lose by leaving it.
    enabled = forms.BooleanField(required=False, disabled=True)

    class Meta:
        model = FeatureEnvironment
        fields = ["enabled"]


class EnvironmentPanelInline(LeafInline, admin.TabularInline):
    model = FeatureEnvironment
    form = EnvironmentPanelForm
    formset = EnvironmentStateFormSet
    fields = ["enabled"]
    extra = 0
    can_delete = False
    verbose_name = "environment"
    verbose_name_plural = "Environments"
    template = "admin/flags/feature/environment_panels.html"

    class Media:
        # The nested strategy forms' widgets are not collected by the page: list them here.
        js = EDITOR_JS
        css = {"all": [EDITOR_CSS]}

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("environment")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        may_edit = request.user.has_perm("flags.change_strategy") and self.has_change_permission(
            request, obj
        )
        inline = PanelStrategyInline(FeatureEnvironment, self.admin_site) if may_edit else None
        attrs = {
            "request": request,
            "strategy_inline": inline,
            "paused": toggles.writes_paused(),
        }
        return type(formset.__name__, (formset,), attrs)
