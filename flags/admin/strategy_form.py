"""One strategy in the admin: its type picked from the defined ones, parameters as it declares."""

from django import forms
from django.forms.models import BaseInlineFormSet

from flags.admin.forms import ConstraintsField, ParametersField, VariantsField
from flags.admin.strategy_parameters import check_parameters
from flags.models import Segment, Strategy, StrategyDefinition

SPEC_FIELDS = ("name", "title", "parameters", "constraints", "variants")


def _label(definition: StrategyDefinition) -> str:
    title = definition.display_name or definition.title
    return f"{title} ({definition.name})" if title and title != definition.name else definition.name


class StrategyForm(forms.ModelForm):
    name = forms.ChoiceField(
        label="Strategy",
        help_text="The strategy types defined under Strategy definitions.",
        # The service's (and Unleash's) words, so a posted typo reads the same on every door.
        error_messages={"invalid_choice": "Could not find strategy type with name %(value)s"},
    )
    parameters = ParametersField()
    constraints = ConstraintsField()
    variants = VariantsField(label="Strategy variants")
    segments = forms.ModelMultipleChoiceField(
        Segment.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    active = forms.BooleanField(
        required=False,
        initial=True,
        label="Enabled",
        help_text="Off: the strategy is kept but skipped when SDKs evaluate the flag.",
    )

    class Meta:
        model = Strategy
        fields = [
            "name",
            "title",
            "parameters",
            "constraints",
            "segments",
            "variants",
            "sort_order",
        ]
        labels = {"sort_order": "Order"}
        help_texts = {"sort_order": "Strategies are checked lowest first; any match turns it on."}

    def __init__(self, *args, definitions=None, flag_name="", **kwargs):
        super().__init__(*args, **kwargs)
        self.flag_name = flag_name
        if definitions is None:
            definitions = list(StrategyDefinition.objects.all())
        self.definitions = {d.name: d for d in definitions}
        current = self.instance.name if self.instance.pk else ""
        self.fields["name"].choices = [
            (d.name, _label(d)) for d in definitions if not d.deprecated or d.name == current
        ]
        if current and current not in self.definitions:
            self.fields["name"].choices.append((current, f"{current} (not defined)"))
        if self.instance.pk:
            self.fields["active"].initial = not self.instance.disabled
        elif not self.is_bound:
            self.initial.setdefault("name", "flexibleRollout")

    def clean(self):
        data = super().clean()
        name, parameters = data.get("name"), data.get("parameters")
        definition = self.definitions.get(name)
        if definition is None or parameters is None:
            return data
        adding = self.instance._state.adding
        if not adding and not {"name", "parameters"} & set(self.changed_data):
            # Stored as it is: a strategy saved through the API (say, without a rollout) keeps
            # behaving as SDKs evaluate it today until someone edits its parameters.
            return data
        defaults_for = name if adding or "name" in self.changed_data else ""
        cleaned, errors = check_parameters(
            name, definition.parameters or [], parameters, self.flag_name, defaults_for
        )
        data["parameters"] = cleaned
        if errors:
            widget = self.fields["parameters"].widget
            widget.row_errors = errors
            for error in errors:
                self.add_error("parameters", f"{error['param']}: {error['message']}")
        return data

    def service_spec(self) -> dict:
        data = self.cleaned_data
        spec = {key: data[key] for key in SPEC_FIELDS}
        spec["disabled"] = not data["active"]
        spec["segments"] = [segment.pk for segment in data["segments"]]
        if "sort_order" in self.changed_data or not self.instance._state.adding:
            spec["sort_order"] = data["sort_order"]
        return spec


class StrategyFormSet(BaseInlineFormSet):
    """Reads the strategy types once for all its forms and tells each the flag's name."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if not hasattr(self, "_definitions"):
            self._definitions = list(StrategyDefinition.objects.all())
        state = self.instance
        flag_name = state.feature.name if state is not None and state.feature_id else ""
        return {**kwargs, "definitions": self._definitions, "flag_name": flag_name}
