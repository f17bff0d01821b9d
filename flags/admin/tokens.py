"""API tokens: created through the service, the secret shown on the next page (decrypted)."""

from django import forms
from django.contrib import admin

from flags import services
from flags.admin.base import ServiceModelAdmin
from flags.models import ApiToken, Environment, Project, TokenType

SESSION_KEY = "flags_admin_new_token"
ADMIN_TOKEN_PERMISSION = "flags.manage_admin_tokens"


class TokenCreateForm(forms.ModelForm):
    type = forms.ChoiceField(choices=[])
    environment = forms.ModelChoiceField(
        Environment.objects.all(),
        required=False,
        help_text="Required for backend and frontend tokens.",
    )
    project_scope = forms.ModelMultipleChoiceField(
        Project.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Projects",
        help_text="None selected: all projects (*).",
    )

    class Meta:
        model = ApiToken
        fields = ["name", "type", "environment", "project_scope", "expires_at"]

    def __init__(self, *args, allow_admin=False, **kwargs):
        super().__init__(*args, **kwargs)
        types = [TokenType.BACKEND, TokenType.FRONTEND] + ([TokenType.ADMIN] if allow_admin else [])
        self.fields["type"].choices = [(t.value, t.label) for t in types]


class TokenChangeForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["expires_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(ServiceModelAdmin):
    list_display = [
        "name",
        "type",
        "environment",
        "project_list",
        "display",
        "expires_at",
        "last_seen_at",
        "created_by",
    ]
    list_filter = ["type", "environment"]
    search_fields = ["name", "display", "created_by"]
    readonly_fields = [
        "name",
        "type",
        "environment",
        "project_list",
        "display",
        "created_by",
        "created_at",
        "last_seen_at",
    ]
    field_for = {"tokenName": "name", "expiresAt": "expires_at", "projects": "project_scope"}
    change_form_template = "admin/flags/apitoken/change_form.html"

    @admin.display(description="projects")
    def project_list(self, token):
        return ", ".join(token.projects)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            allow = request.user.has_perm(ADMIN_TOKEN_PERMISSION)
            form = super().get_form(request, obj, change, form=TokenCreateForm, **kwargs)
            return type(form.__name__, (form,), {"__init__": _bind(form, allow)})
        return super().get_form(request, obj, change, form=TokenChangeForm, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return TokenCreateForm.Meta.fields
        return [*self.readonly_fields, "expires_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def _may_touch(self, request, obj) -> bool:
        return (
            obj is None
            or obj.type != TokenType.ADMIN
            or request.user.has_perm(ADMIN_TOKEN_PERMISSION)
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_touch(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_touch(request, obj)

    def service_save(self, request, obj, form, change):
        data, actor = form.cleaned_data, self.actor(request)
        if change:
            services.token_update_expiry(token=obj, expires_at=data["expires_at"], actor=actor)
            return
        token, secret = services.token_create(
            name=data["name"],
            type=data["type"],
            environment=data["environment"],
            projects=[p.pk for p in data["project_scope"]] or ["*"],
            expires_at=data["expires_at"],
            actor=actor,
        )
        obj.pk, obj._state.adding = token.pk, False
        obj.display = token.display  # the "was added" message names it as the list does
        # Only the id: sessions live in the database, and a dump must not hold the secret.
        request.session[SESSION_KEY] = {"pk": token.pk}

    def response_add(self, request, obj, post_url_continue=None):
        # Always land on the token's page: the only place the secret is ever shown.
        request.POST = request.POST.copy()
        request.POST["_continue"] = "1"
        return super().response_add(request, obj, post_url_continue)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        pending = request.session.get(SESSION_KEY)
        extra_context = dict(extra_context or {})
        if pending and str(pending["pk"]) == str(object_id):
            token = ApiToken.objects.filter(pk=object_id).first()
            extra_context["new_token_secret"] = token and token.stored_secret()
            del request.session[SESSION_KEY]
        return super().change_view(request, object_id, form_url, extra_context)

    def service_delete(self, request, obj):
        services.token_delete(token=obj, actor=self.actor(request))


def _bind(form_class, allow_admin: bool):
    def __init__(self, *args, **kwargs):
        form_class.__init__(self, *args, allow_admin=allow_admin, **kwargs)

    return __init__
