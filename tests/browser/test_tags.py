"""Tagging a new flag as the form's own help text says, on a freshly migrated install."""

import pytest

from flags.models import Feature, TagType
from tests.support.browser import admin_login, browser_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_add_flag__help_text_example__tagged_simple_checkout(live_server, django_user_model):
    django_user_model.objects.create_superuser("admin", "a@example.com", "pw-admin-1")
    assert list(TagType.objects.values_list("name", flat=True)) == ["simple"]
    base = live_server.url
    with browser_page() as page:
        admin_login(page, base, "admin", "pw-admin-1")
        page.goto(f"{base}/admin/flags/feature/add/")
        help_text = page.inner_text(".field-new_tags .help")
        assert "simple and checkout" in help_text
        page.fill("#id_name", "tagged-flag")
        assert page.input_value("#id_new_tags_0") == "simple"
        page.fill("#id_new_tags_1", "checkout")
        page.click("input[name=_save]")
        page.wait_for_url(f"{base}/admin/flags/feature/")
        assert "simple:checkout" in page.inner_text("#result_list")
    feature = Feature.objects.get(name="tagged-flag")
    assert [str(t) for t in feature.tags.all()] == ["simple:checkout"]
