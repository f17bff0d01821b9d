"""Changelist filters: archived flags hidden by default, free-text feature name."""

from django.contrib import admin


class ArchivedFilter(admin.SimpleListFilter):
    """Active flags unless asked otherwise, as in Unleash's flag list."""

    title = "archived"
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", "Active"), ("yes", "Archived"), ("all", "All")]

    def choices(self, changelist):
        current = self.value() or "no"
        for lookup, title in self.lookup_choices:
            params = {} if lookup == "no" else {self.parameter_name: lookup}
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string(params, [self.parameter_name]),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == "yes":
            return queryset.archived()
        if value == "all":
            return queryset
        return queryset.active()


class TextFilter(admin.ListFilter):
    """A free-text exact filter rendered as a small input box."""

    template = "admin/flags/text_filter.html"
    field = ""

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        value = params.pop(self.parameter_name, None)
        self.value = value[-1] if isinstance(value, list) else value

    def has_output(self):
        return True

    def expected_parameters(self):
        return [self.parameter_name]

    def choices(self, changelist):
        yield {
            "value": self.value or "",
            "parameter_name": self.parameter_name,
            "clear_query_string": changelist.get_query_string({}, [self.parameter_name]),
            "hidden": [(k, v) for k, v in changelist.params.items() if k != self.parameter_name],
        }

    def queryset(self, request, queryset):
        if self.value:
            return queryset.filter(**{self.field: self.value})
        return queryset


class FeatureNameFilter(TextFilter):
    title = "feature name"
    parameter_name = "feature_name"
    field = "feature_name"
