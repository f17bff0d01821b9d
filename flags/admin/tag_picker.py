"""The flag form's "Add tags" input: a tag type picked from a list, then one or more values."""

from django import forms

from flags.models import TagType


class TagPickerWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        widgets = [
            forms.Select(attrs={"class": "tag-picker-type", "aria-label": "Tag type"}),
            forms.TextInput(
                attrs={
                    "class": "tag-picker-values",
                    "placeholder": "checkout, mobile",
                    "aria-label": "Tag values",
                }
            ),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        return [None, ""]


class TagPickerField(forms.MultiValueField):
    """Cleans to [(type, value), ...]; the type is one that exists, so no typo can fail."""

    widget = TagPickerWidget

    def __init__(self, **kwargs):
        fields = (
            forms.ChoiceField(
                required=False, error_messages={"invalid_choice": "Pick a tag type from the list."}
            ),
            forms.CharField(required=False, max_length=1000),
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Add tags")
        super().__init__(fields, require_all_fields=False, **kwargs)
        # The types are read per form (refresh_types), never here: this runs at import time.

    def refresh_types(self) -> None:
        """Read the tag types now (per form: types are added while the server runs)."""
        names = list(TagType.objects.values_list("name", flat=True))
        choices = [(name, name) for name in names]
        self.fields[0].choices = choices
        self.widget.widgets[0].choices = choices
        example = "simple" if "simple" in names else (names[0] if names else "")
        if example:
            self.initial = [example, ""]
            self.help_text = (
                f"Pick a type, then type one or more values separated by commas "
                f"(e.g. {example} and checkout, mobile)."
            )
        else:
            self.help_text = "No tag types yet: create one under Configuration › Tag types."

    def compress(self, data_list):
        if not data_list:
            return []
        tag_type, text = data_list[0], data_list[1] or ""
        values = [v.strip() for v in text.split(",") if v.strip()]
        if values and not tag_type:
            raise forms.ValidationError("Pick a tag type for these values.")
        return [(tag_type, value) for value in values]
