"""URLs of the flags app (API routes are added by their own modules)."""

urlpatterns: list = []
