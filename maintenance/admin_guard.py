"""The admin-site guard: while maintenance is on, no admin page saves anything.

It sits on the admin site, so it covers every registered ModelAdmin, third-party ones
included: POSTs to any admin view not on the exempt list are answered with the page again
and a clear error, nothing saved; and add/change/delete permissions read as absent, so forms
render read-only and delete/add buttons and actions disappear.
"""

import functools

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse

from maintenance import exempt, state

WRITE_PERMISSIONS = ("has_add_permission", "has_change_permission", "has_delete_permission")
EXEMPT_MODELS = {("maintenance", "maintenancesetting")}


def _refused(request) -> bool:
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else None
    return view_name not in exempt.EXEMPT_ADMIN_VIEWS and state.is_active()


def _page_again(request) -> str:
    """Where a refused POST lands: the same page, or the list when add/delete is closed."""
    match = request.resolver_match
    name = match.url_name or ""
    if name.endswith(("_add", "_delete")):
        try:
            changelist = name.rsplit("_", 1)[0] + "_changelist"
            return reverse(f"{match.namespace}:{changelist}")
        except NoReverseMatch:
            pass
    return request.get_full_path()


def _deny_while_on(method):
    @functools.wraps(method)
    def wrapper(request, *args, **kwargs):
        if _refused(request):
            return False
        return method(request, *args, **kwargs)

    return wrapper


def _view_while_on(model_admin):
    # Read-only while on: whoever could change may still look.
    original_view = model_admin.has_view_permission
    original_change = model_admin.has_change_permission

    @functools.wraps(original_view)
    def has_view_permission(request, obj=None):
        return original_view(request, obj) or (_refused(request) and original_change(request, obj))

    return has_view_permission


def make_read_only_while_on(model_admin) -> None:
    """Decorate one (Model or inline) admin instance's permission checks."""
    if getattr(model_admin, "_maintenance_guarded", False):
        return
    model_admin.has_view_permission = _view_while_on(model_admin)
    for name in WRITE_PERMISSIONS:
        setattr(model_admin, name, _deny_while_on(getattr(model_admin, name)))
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


class MaintenanceGuardMixin:
    """Mix into the AdminSite: refuses every admin POST while maintenance is on."""

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, admin_class, **options)
        for model, model_admin in self._registry.items():
            if (model._meta.app_label, model._meta.model_name) not in EXEMPT_MODELS:
                make_read_only_while_on(model_admin)

    def admin_view(self, view, cacheable=False):
        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            if request.method == "POST" and _refused(request):
                messages.error(request, self.maintenance_refusal(request))
                return HttpResponseRedirect(_page_again(request))
            return view(request, *args, **kwargs)

        return super().admin_view(guarded, cacheable)

    def maintenance_refusal(self, request) -> str:
        return (
            f"Not saved: maintenance mode is on. {state.current().display_message} "
            "Configuration is read-only until it is switched off."
        )
