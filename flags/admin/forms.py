"""Form fields for the JSON parts of the model, validated by `flags.validation` on input."""

import json

from django import forms
from django.core.exceptions import ValidationError

from core.textcheck import has_lone_surrogate
from flags.models import ContextField
from flags.validation import OPERATORS, normalize_constraints, normalize_parameters
from flags.variants import normalize_variants

STANDARD_CONTEXT = ("appName", "environment", "userId", "sessionId", "remoteAddress", "currentTime")


def detail_errors(errors: list[dict]) -> ValidationError:
    return ValidationError(
        [f"{e['path']}: {e['message']}" if e["path"] else e["message"] for e in errors]
    )


class PrettyJSONField(forms.JSONField):
    """A JSON textarea, indented for people; `normalize` validates the parsed value."""

    normalize = None
    root = ""

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        value = [] if value is None else value
        text = json.dumps(value, indent=2, ensure_ascii=False)
        # A refused form is shown again: a lone surrogate cannot be sent as UTF-8, its escape can.
        return json.dumps(value, indent=2) if has_lone_surrogate(text) else text

    def clean(self, value):
        parsed = super().clean(value)
        if parsed is None:
            parsed = []
        normalized, errors = type(self).normalize(parsed, self.root)
        if errors:
            raise detail_errors(errors)
        return normalized


class ConstraintsWidget(forms.Textarea):
    """JSON textarea that constraint-editor.js turns into a row-per-constraint editor."""

    class Media:
        js = ["admin-ui/constraint-editor.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        names = list(STANDARD_CONTEXT) + [
            n
            for n in ContextField.objects.values_list("name", flat=True)
            if n not in STANDARD_CONTEXT
        ]
        context["widget"]["attrs"].update(
            {
                "class": "constraint-json",
                "data-context-names": json.dumps(names),
                "data-operators": json.dumps(sorted(OPERATORS)),
                "rows": 6,
            }
        )
        return context


class ConstraintsField(PrettyJSONField):
    normalize = staticmethod(normalize_constraints)
    root = "constraints"
    widget = ConstraintsWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            "Every constraint must hold. Edit the rows, or the JSON "
            '([{"contextName", "operator", "values" or "value", "inverted", '
            '"caseInsensitive"}]).',
        )
        super().__init__(**kwargs)


class VariantsField(PrettyJSONField):
    normalize = staticmethod(normalize_variants)
    root = "variants"

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4, "class": "json-input"}))
        kwargs.setdefault(
            "help_text",
            'JSON list: [{"name", "weight" (0-1000), "weightType", "stickiness", '
            '"payload": {"type", "value"}}]. Variable weights are balanced to 1000.',
        )
        super().__init__(**kwargs)


def _lines(value: str):
    for number, line in enumerate((value or "").splitlines(), start=1):
        if line.strip():
            yield number, line


class ParametersField(forms.CharField):
    """Strategy parameters as `key = value`, one per line."""

    widget = forms.Textarea(attrs={"rows": 3, "class": "kv-input"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", "One per line: key = value (e.g. rollout = 50, stickiness = default)."
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{k} = {v}" for k, v in value.items())
        return value

    def clean(self, value):
        text = super().clean(value)
        raw, errors = {}, []
        for number, line in _lines(text):
            key, sep, val = line.partition("=")
            if not sep or not key.strip():
                errors.append({"path": f"line {number}", "message": "expected key = value"})
                continue
            raw[key.strip()] = val.strip()
        if not errors:
            raw, errors = normalize_parameters(raw)
        if errors:
            raise detail_errors(errors)
        return raw


class LegalValuesField(forms.CharField):
    """Context field legal values as `value | description`, one per line."""

    widget = forms.Textarea(attrs={"rows": 5, "class": "kv-input"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "One per line: value | optional description.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                f"{v['value']} | {v['description']}" if v.get("description") else v["value"]
                for v in value
            )
        return value

    def clean(self, value):
        text = super().clean(value)
        values = []
        for _, line in _lines(text):
            item, _, description = line.partition("|")
            values.append({"value": item.strip(), "description": description.strip()})
        return values
