"""DRF fields that take only what they say: strings that are storable text, true/false only."""

from rest_framework import serializers

from core.textcheck import text_problem


def _refuse_bad_text(field: serializers.Field, data) -> None:
    # DRF refuses NUL, but a lone surrogate would pass (and later break the UTF-8 response).
    problem = text_problem(data) if isinstance(data, str) else None
    if problem:
        raise serializers.ValidationError(problem, code="invalid")


class StrictCharField(serializers.CharField):
    """A string and only a string (DRF would quietly turn 5 into "5"), and valid text."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        _refuse_bad_text(self, data)
        return super().to_internal_value(data)


class StrictChoiceField(serializers.ChoiceField):
    """A choice whose refusal never echoes unprintable input (DRF's message quotes it)."""

    def to_internal_value(self, data):
        _refuse_bad_text(self, data)
        return super().to_internal_value(data)


class TextDictField(serializers.DictField):
    """An object whose keys are valid text: DRF keys its errors by them, unchecked."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            for key in data:
                problem = text_problem(key, 255) if isinstance(key, str) else None
                if problem:
                    raise serializers.ValidationError(f"key {problem}", code="invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """true or false only: DRF would also take "no", "on" and 0."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data
