"""The admin-site guard: while maintenance is on, no admin page saves anything.

It sits on the admin site, so it covers every registered ModelAdmin, third-party ones
included. Every refusal ends on a page with the banner and a plain message, never on a bare
403 or 405:

- add and change forms are shown again with what was typed and a form error, Save disabled;
  an add page opened while on is shown with Save disabled (nothing is refused yet);
- a delete page, an action or any other admin POST goes back (to the object, the list, or the
  page the POST came from) with the message; background posts (Accept: JSON) get a 503 body;
- add/change/delete permissions read as absent elsewhere, so pages render read-only and Add
  links and actions disappear, on every page including the exempt Maintenance page.
"""

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from maintenance import exempt, state

WRITE_PERMISSIONS = ("has_add_permission", "has_change_permission", "has_delete_permission")
EXEMPT_MODELS = {("maintenance", "maintenancesetting")}
FORM_VIEWS = ("add", "change")
KEPT = "What you typed is kept below: save it again once maintenance mode is off."


def _exempt_view(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match) and match.view_name in exempt.EXEMPT_ADMIN_VIEWS


def _refused(request) -> bool:
    """Whether a write through this request's view is refused now."""
    return not _exempt_view(request) and state.is_active()


def _replaying(request, model_admin) -> bool:
    """A refused form of this admin's model (or of the model it is an inline of) is shown again."""
    model = getattr(request, "_maintenance_replay", None)
    return model is not None and model in (
        getattr(model_admin, "parent_model", None),
        model_admin.model,
    )


def _paused(request, model_admin) -> bool:
    """Whether write permissions read as absent: on, unless this form is being replayed."""
    return state.is_active() and not _replaying(request, model_admin)


def _deny_while_on(model_admin, method):
    @functools.wraps(method)
    def wrapper(request, *args, **kwargs):
        if _paused(request, model_admin):
            return False
        return method(request, *args, **kwargs)

    return wrapper


def _view_while_on(model_admin):
    # Read-only while on: whoever could change may still look.
    original_view = model_admin.has_view_permission
    original_change = model_admin.has_change_permission

    @functools.wraps(original_view)
    def has_view_permission(request, obj=None):
        if original_view(request, obj):
            return True
        return _paused(request, model_admin) and original_change(request, obj)

    return has_view_permission


def refusal_text(head: str = "Not saved") -> str:
    message = state.current().display_message.strip()
    if message and message[-1] not in ".!?":
        message += "."
    return (
        f"{head}: maintenance mode is on. {message} "
        "Configuration is read-only until it is switched off."
    )


def _refusing_form(get_form):
    """A replayed POST: the same form, invalid with the refusal, so nothing is saved."""

    @functools.wraps(get_form)
    def wrapper(request, *args, **kwargs):
        form_class = get_form(request, *args, **kwargs)
        if request.method != "POST" or getattr(request, "_maintenance_replay", None) is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                cleaned = super().clean()
                text = f"{refusal_text()} {KEPT}"
                # The marker lets the stylesheet drop Django's "Please correct the error".
                self.add_error(
                    None,
                    ValidationError(
                        format_html('<span class="maintenance-refusal">{}</span>', text)
                    ),
                )
                return cleaned

        RefusedForm.__name__ = form_class.__name__
        return RefusedForm

    return wrapper


def _no_actions_while_on(model_admin, get_actions):
    @functools.wraps(get_actions)
    def wrapper(request):
        return {} if _paused(request, model_admin) else get_actions(request)

    return wrapper


def make_read_only_while_on(model_admin) -> None:
    """Decorate one (Model or inline) admin instance's permission checks."""
    if getattr(model_admin, "_maintenance_guarded", False):
        return
    model_admin.has_view_permission = _view_while_on(model_admin)
    for name in WRITE_PERMISSIONS:
        setattr(model_admin, name, _deny_while_on(model_admin, getattr(model_admin, name)))
    if hasattr(model_admin, "get_form"):  # ModelAdmin, not an inline
        model_admin.get_form = _refusing_form(model_admin.get_form)
        model_admin.get_actions = _no_actions_while_on(model_admin, model_admin.get_actions)
    # Inline admins (InlineModelAdmin) have no inlines of their own.
    get_inlines = getattr(model_admin, "get_inline_instances", None)
    if get_inlines is not None:

        @functools.wraps(get_inlines)
        def get_inline_instances(request, obj=None):
            instances = get_inlines(request, obj)
            for inline in instances:
                make_read_only_while_on(inline)
            return instances

        model_admin.get_inline_instances = get_inline_instances
    model_admin._maintenance_guarded = True


def _safe(request, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, {request.get_host()}, require_https=request.is_secure()
    )


def _came_from(request) -> str:
    """Where a refused POST lands: the page it was sent from, else the same URL."""
    for candidate in (request.POST.get("next", ""), request.META.get("HTTP_REFERER", "")):
        if _safe(request, candidate):
            return candidate
    return request.get_full_path()


class MaintenanceGuardMixin:
    """Mix into the AdminSite: refuses every admin write while maintenance is on."""

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, admin_class, **options)
        for model, model_admin in self._registry.items():
            if (model._meta.app_label, model._meta.model_name) not in EXEMPT_MODELS:
                make_read_only_while_on(model_admin)

    def each_context(self, request):
        # The navigation of a replayed form offers no Add links: only the form itself is live.
        replay = getattr(request, "_maintenance_replay", None)
        request._maintenance_replay = None
        try:
            return super().each_context(request)
        finally:
            request._maintenance_replay = replay

    def admin_view(self, view, cacheable=False):
        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            if not _refused(request):
                return view(request, *args, **kwargs)
            return self._while_on(view, request, *args, **kwargs)

        return super().admin_view(guarded, cacheable)

    def _model_view(self, request) -> tuple[str, str, type | None]:
        """('add'|'change'|'delete'|'', url prefix, model) for a registered model's view."""
        name = request.resolver_match.url_name or ""
        for model in self._registry:
            prefix = f"{model._meta.app_label}_{model._meta.model_name}"
            kind = name[len(prefix) + 1 :] if name.startswith(prefix + "_") else ""
            if kind in (*FORM_VIEWS, "delete"):
                return kind, prefix, model
        return "", "", None

    def _while_on(self, view, request, *args, **kwargs):
        kind, prefix, model = self._model_view(request)
        if kind in FORM_VIEWS and (request.method == "POST" or kind == "add"):
            # Shown again with what was typed (or empty, for a fresh add page), Save disabled.
            request._maintenance_replay = model
            if request.method != "POST":
                messages.warning(request, refusal_text("Nothing can be added"))
            return view(request, *args, **kwargs)
        if kind == "delete":
            messages.error(request, refusal_text("Not deleted"))
            return HttpResponseRedirect(self._object_url(request, prefix, kwargs))
        if request.method != "POST":
            return view(request, *args, **kwargs)
        if "application/json" in request.headers.get("Accept", ""):
            current = state.current()
            answer = JsonResponse({"message": refusal_text()}, status=503)
            answer["Retry-After"] = str(current.retry_after())
            return answer
        messages.error(request, refusal_text())
        return HttpResponseRedirect(_came_from(request))

    def _object_url(self, request, prefix: str, kwargs: dict) -> str:
        namespace = request.resolver_match.namespace
        try:
            return reverse(f"{namespace}:{prefix}_change", args=[kwargs["object_id"]])
        except (KeyError, NoReverseMatch):
            return reverse(f"{namespace}:{prefix}_changelist")
