"""Import/export reached by clicking: download an export, validate it, see the preview, import."""

import json

import pytest

from core.actors import Actor
from core.models import Event
from flags import services
from flags.models import Project
from tests.support.browser import admin_login, browser_page, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_export__by_clicks__validated_file_kept_for_the_import(
    live_server, django_user_model, tmp_path
):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    actor = Actor.from_user(admin, source="test")
    services.feature_create(project=Project.objects.get(pk="default"), name="promo", actor=actor)
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.click("#content-main .home-actions >> text=Import / export")
        page.wait_for_url("**/admin/flags/import-export/")

        with page.expect_download() as download:
            page.click("input[name=export]")
        path = tmp_path / "export.json"
        download.value.save_as(path)
        assert [f["name"] for f in json.loads(path.read_text())["features"]] == ["promo"]

        page.set_input_files("input[name=file]", str(path))
        page.click("input[name=validate]")
        page.wait_for_selector(".batch-preview")
        assert "export.json" in page.inner_text("#batch-staged")
        row = page.inner_text(".batch-preview tbody tr")
        assert "promo" in row and "overwrite it" in row
        screenshot(page, "import-preview.png")

        page.click("input[name=import]")  # no second upload
        page.wait_for_selector(".messagelist .success")
        assert "Imported 1 flag(s)." in page.inner_text(".messagelist")
    assert Event.objects.filter(type="features-imported").exists()
