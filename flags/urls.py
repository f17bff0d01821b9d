"""URLs of the flags app (API routes are added by their own modules)."""

from django.urls import path

from flags.api import client

urlpatterns: list = [
    path("api/client/features", client.features, name="client-features"),
    path("api/client/features/<path:name>", client.feature, name="client-feature"),
]
