"""The DRF permission: 503 + Retry-After for writes, after 401/403, exempt only by view name."""

from datetime import timedelta

import pytest
from django.urls import include, path
from django.utils import timezone
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAdminUser, IsAuthenticated
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from flags.authentication import ApiTokenAuthentication
from flags.models import Project
from maintenance.permissions import MaintenanceWritesRefused

from .conftest import MESSAGE


class ProjectWriteView(APIView):
    """A write view with the project-wide default permissions."""

    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]

    def get(self, request, name):
        return Response({"name": name})

    def post(self, request, name):
        Project.objects.create(id=name, name=name)
        return Response(status=201)

    put = patch = delete = post


class AdminOnlyView(ProjectWriteView):
    # Maintenance listed FIRST on purpose: it must still let IsAdminUser answer 403.
    permission_classes = [MaintenanceWritesRefused, IsAuthenticated, IsAdminUser]


urlpatterns = [
    path("api/admin/test-projects/<str:name>", ProjectWriteView.as_view(), name="test-write"),
    path("api/admin/test-admin/<str:name>", AdminOnlyView.as_view(), name="test-admin-only"),
    path("", include("unleash_site.urls")),
]

pytestmark = pytest.mark.urls("tests.maintenance.test_permissions")


@pytest.fixture
def api(admin_user):
    client = APIClient()
    client.force_authenticate(admin_user)
    return client


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_write__on__503_message_retry_after_nothing_saved(api, maintenance_on, method):
    response = getattr(api, method)("/api/admin/test-projects/maintenance-x", {}, format="json")
    assert response.status_code == 503
    assert response.json()["message"] == MESSAGE
    assert int(response["Retry-After"]) > 0
    assert not Project.objects.filter(pk="maintenance-x").exists()


def test_write__off__reaches_view(api):
    assert api.patch("/api/admin/test-projects/p1", {}, format="json").status_code == 201


def test_read__on__allowed(api, maintenance_on):
    assert api.get("/api/admin/test-projects/maintenance-x").status_code == 200


def test_write__on_anonymous__401_not_503(db, maintenance_on):
    response = APIClient().post("/api/admin/test-projects/x", {}, format="json")
    assert response.status_code == 401


@pytest.fixture
def plain_user(db, django_user_model):
    return django_user_model.objects.create_user("plain", password="pw-plain-1")


def test_write__on_non_admin__403_not_503(plain_user, maintenance_on):
    user = plain_user
    client = APIClient()
    client.force_authenticate(user)
    assert client.post("/api/admin/test-admin/x", {}, format="json").status_code == 403


def test_write__on_admin_maintenance_listed_first__503(api, maintenance_on):
    assert api.post("/api/admin/test-admin/x", {}, format="json").status_code == 503


def test_write__on_with_window__retry_after_counts_to_its_end(api, switch):
    ends_at = timezone.now() + timedelta(minutes=10)
    switch(True, message=MESSAGE, starts_at=timezone.now() - timedelta(minutes=1), ends_at=ends_at)
    response = api.post("/api/admin/test-projects/maintenance-x", {}, format="json")
    assert response.status_code == 503
    assert 590 <= int(response["Retry-After"]) <= 600
