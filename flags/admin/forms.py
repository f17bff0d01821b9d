"""Form fields for the structured parts of a strategy, parsed and checked on the server.

The guided editors (static/admin-ui/editors/) write JSON into these fields; the server parses
it, completes what a person leaves out (a plain date, a missing group id) and validates with
`flags.validation`, the same rules the services apply. Errors come back in plain words and tied
to the editor row that caused them (`widget.row_errors`), so only that row is marked.
"""

import json
import re

from django import forms
from django.core.exceptions import ValidationError

from core.textcheck import has_lone_surrogate
from flags.admin.plain_errors import plain_errors
from flags.evaluation.constraints import DATE_OPERATORS
from flags.validation import normalize_constraints, normalize_parameters
from flags.variants import normalize_variants

EDITOR_KIT = "admin-ui/editors/kit.js"
EDITOR_CSS = "admin-ui/editors/editors.css"
EDITOR_JS = (
    EDITOR_KIT,
    "admin-ui/editors/strategy-editor.js",
    "admin-ui/editors/constraint-editor.js",
    "admin-ui/editors/variant-editor.js",
)
PLAIN_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ZONELESS = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?$")


def detail_errors(errors: list[dict]) -> ValidationError:
    return ValidationError(
        [f"{e['path']}: {e['message']}" if e["path"] else e["message"] for e in errors]
    )


class EditorWidget(forms.Textarea):
    """The JSON a guided editor reads and writes; it carries the row errors to mark."""

    editor = ""
    js: tuple = ()

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.row_errors = []

    @property
    def media(self):
        return forms.Media(css={"all": [EDITOR_CSS]}, js=[EDITOR_KIT, *self.js])

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        extra = {"class": f"editor-json {self.editor}", "rows": 4, "data-editor": self.editor}
        if self.row_errors:
            extra["data-errors"] = json.dumps(self.row_errors)
        context["widget"]["attrs"].update(extra)
        return context


class ConstraintsWidget(EditorWidget):
    editor = "constraints"
    js = ("admin-ui/editors/constraint-editor.js",)


class VariantsWidget(EditorWidget):
    editor = "variants"
    js = ("admin-ui/editors/variant-editor.js",)


class ParametersWidget(EditorWidget):
    editor = "parameters"
    js = ("admin-ui/editors/strategy-editor.js",)


class PrettyJSONField(forms.JSONField):
    """JSON from an editor; `normalize` validates the parsed value, errors said per row."""

    normalize = None
    root = ""
    noun = ""

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        value = [] if value is None else value
        text = json.dumps(value, indent=2, ensure_ascii=False)
        # A refused form is shown again: a lone surrogate cannot be sent as UTF-8, its escape can.
        return json.dumps(value, indent=2) if has_lone_surrogate(text) else text

    def complete(self, parsed):
        """What a person may leave out, filled in before validation."""
        return parsed

    def clean(self, value):
        parsed = super().clean(value)
        if parsed is None:
            parsed = []
        normalized, errors = type(self).normalize(self.complete(parsed), self.root)
        if errors:
            raise self.row_failure(errors)
        return normalized

    def row_failure(self, errors: list[dict]) -> ValidationError:
        plain = plain_errors(errors, self.noun)
        self.widget.row_errors = plain
        return ValidationError([p["text"] for p in plain])


def complete_date(value):
    """'2025-06-01' -> midnight UTC; a date-time without a zone -> UTC. Anything else as is."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if PLAIN_DATE.match(text):
        return f"{text}T00:00:00.000Z"
    match = ZONELESS.match(text)
    if match:
        return f"{match[1]}T{match[2]}{match[3] or ':00'}Z"
    return value


class ConstraintsField(PrettyJSONField):
    normalize = staticmethod(normalize_constraints)
    root = "constraints"
    noun = "Constraint"
    widget = ConstraintsWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            "Every constraint must hold. A date without a time means midnight UTC.",
        )
        super().__init__(**kwargs)

    def complete(self, parsed):
        if not isinstance(parsed, list):
            return parsed
        for item in parsed:
            if isinstance(item, dict) and item.get("operator") in DATE_OPERATORS:
                item["value"] = complete_date(item.get("value"))
        return parsed


class VariantsField(PrettyJSONField):
    normalize = staticmethod(normalize_variants)
    root = "variants"
    noun = "Variant"
    widget = VariantsWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            "Variable weights share what fixed weights leave of 100%. A JSON payload is "
            "checked as you type.",
        )
        super().__init__(**kwargs)

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            self._explain_json(value)
            raise

    def _explain_json(self, value) -> None:
        """Where a JSON payload breaks, in the row's message (json.loads says where)."""
        try:
            variants = json.loads(value or "[]")
        except ValueError:
            return
        for error in self.widget.row_errors:
            row = error["row"]
            if error["field"] != "payload.value" or row is None or row >= len(variants):
                continue
            try:
                json.loads(variants[row]["payload"]["value"])
            except (ValueError, KeyError, TypeError) as exc:
                error["message"] = f"The JSON payload is not valid JSON: {exc}"


def _lines(value: str):
    for number, line in enumerate((value or "").splitlines(), start=1):
        if line.strip():
            yield number, line


class ParametersField(forms.CharField):
    """Strategy parameters: a JSON object from the editor, or `key = value` lines."""

    widget = ParametersWidget

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False)
        return value

    def has_changed(self, initial, data):
        raw, errors = self._parse((data or "").strip())
        if errors:
            return True
        normalized, errors = normalize_parameters(raw)
        return bool(errors) or normalized != (initial or {})

    def clean(self, value):
        text = (super().clean(value) or "").strip()
        raw, errors = self._parse(text)
        if not errors:
            raw, errors = normalize_parameters(raw)
        if errors:
            self.widget.row_errors = [
                {"param": e["path"].removeprefix("parameters."), "message": e["message"]}
                for e in errors
            ]
            raise detail_errors(errors)
        return raw

    @staticmethod
    def _parse(text: str) -> tuple[dict, list[dict]]:
        if text.startswith("{"):
            try:
                parsed = json.loads(text)
            except ValueError:
                return {}, [
                    {"path": "", "message": "Parameters are not readable; reload the page."}
                ]
            return parsed, []
        raw, errors = {}, []
        for number, line in _lines(text):
            key, sep, val = line.partition("=")
            if not sep or not key.strip():
                errors.append({"path": f"line {number}", "message": "expected key = value"})
                continue
            raw[key.strip()] = val.strip()
        return raw, errors


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
