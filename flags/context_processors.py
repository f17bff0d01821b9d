"""Puts the enabled banners (markdown already rendered safely) into every HTML page's context."""

from django.db import DatabaseError

from flags.markdown import render
from flags.models import Banner


def banners(request) -> dict:
    # Only admin pages show banners; the SDK and API paths never render templates anyway.
    if not request.path.startswith("/admin"):
        return {"site_banners": []}
    try:
        rows = list(Banner.objects.filter(enabled=True))
    except DatabaseError:  # a page must still render if the table is unreadable
        return {"site_banners": []}
    return {
        "site_banners": [
            {
                "banner": banner,
                "message_html": render(banner.message),
                "dialog_html": render(banner.dialog),
                "is_dialog": banner.link == "dialog",
            }
            for banner in rows
        ]
    }
