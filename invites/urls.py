"""Routes of invite links: the admin API and the public signup a link leads to."""

from django.urls import path

from invites import pages
from invites.api import views

urlpatterns = [
    path("api/admin/invite-link/tokens", views.LinksView.as_view(), name="admin-invite-links"),
    path(
        "api/admin/invite-link/tokens/<str:secret>",
        views.LinkView.as_view(),
        name="admin-invite-link",
    ),
    path("invite/<str:secret>/validate", views.ValidateView.as_view(), name="invite-validate"),
    path("invite/<str:secret>/signup", views.SignupView.as_view(), name="invite-signup"),
    # Where an invite link's url leads (Unleash's UI route), served as a Django form.
    path("new-user", pages.SignupPage.as_view(), name="invite-signup-page"),
]
