"""Banners in the admin: create, edit, switch on/off and delete through the banner services."""

from django.contrib import admin

from flags.admin.base import ServiceModelAdmin, call_service
from flags.markdown import render_in_link
from flags.models import Banner
from flags.services.banners import banner_create, banner_delete, banner_update

FIELDS = [
    "variant",
    "message",
    "link",
    "link_text",
    "dialog_title",
    "dialog",
    "sticky",
    "enabled",
]


@admin.register(Banner)
class BannerAdmin(ServiceModelAdmin):
    fields = FIELDS
    field_for = {"linkText": "link_text", "dialogTitle": "dialog_title"}
    list_display = ["shown_message", "variant", "enabled", "sticky", "created_at"]
    list_filter = ["variant", "enabled"]
    search_fields = ["message"]
    actions = ["switch_on", "switch_off"]

    @admin.display(description="message", ordering="message")
    def shown_message(self, banner):
        # As the banner shows it: the whole message, its Markdown rendered (escaped first);
        # the cell is itself the link to the banner, so its links are shown, not nested.
        return render_in_link(banner.message)

    def service_save(self, request, obj, form, change):
        spec = {key: form.cleaned_data[key] for key in FIELDS}
        actor = self.actor(request)
        if change:
            banner_update(banner=obj, actor=actor, **spec)
        else:
            created = banner_create(actor=actor, **spec)
            obj.pk, obj._state.adding = created.pk, False

    def service_delete(self, request, obj):
        banner_delete(banner=obj, actor=self.actor(request))

    def _switch(self, request, queryset, enabled: bool):
        for banner in queryset:
            call_service(
                banner_update,
                banner=banner,
                actor=self.actor(request),
                enabled=enabled,
                subject=str(banner),
            )
        self.message_user(
            request, f"{queryset.count()} banner(s) switched {'on' if enabled else 'off'}."
        )

    @admin.action(description="Switch selected banners on", permissions=["change"])
    def switch_on(self, request, queryset):
        self._switch(request, queryset, True)

    @admin.action(description="Switch selected banners off", permissions=["change"])
    def switch_off(self, request, queryset):
        self._switch(request, queryset, False)
