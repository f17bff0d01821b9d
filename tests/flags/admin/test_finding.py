"""Finding flags in the admin: open by name, the search box, stale filters, parent search."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from flags import services
from flags.models import Feature

LIST = reverse("admin:flags_feature_changelist")


def test_by_name__known_flag__redirects_to_its_page(admin_client, feature):
    response = admin_client.get(reverse("admin:flags_feature_by_name", args=["checkout"]))
    assert response.url == reverse("admin:flags_feature_change", args=[feature.pk])


def test_by_name__unknown_flag__404(admin_client, db):
    assert (
        admin_client.get(reverse("admin:flags_feature_by_name", args=["nope"])).status_code == 404
    )


def test_list_search__filter_syntax__filters_and_shows_syntax(admin_client, feature, actor):
    services.feature_create(project=feature.project, name="banner", type="experiment", actor=actor)
    response = admin_client.get(LIST, {"q": "type:experiment"})
    assert [f.name for f in response.context["cl"].result_list] == ["banner"]
    assert "Search syntax" in response.content.decode()


def test_list_search__bad_filter__error_message_and_no_rows(admin_client, feature):
    response = admin_client.get(LIST, {"q": "state:sleepy"})
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Search not understood: state: unknown state 'sleepy'; use stale, active or "
        "potentially-stale"
    ]
    assert response.context["cl"].result_count == 0


def test_state_filter__potentially_stale__old_flags_not_marked_stale(admin_client, feature, actor):
    old = services.feature_create(project=feature.project, name="old", actor=actor)
    Feature.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=60))
    response = admin_client.get(LIST, {"state": "potentially-stale"})
    assert [f.name for f in response.context["cl"].result_list] == ["old"]


def test_parent_autocomplete__archived_flags__not_offered(admin_client, feature, actor):
    gone = services.feature_create(project=feature.project, name="checkout-old", actor=actor)
    services.feature_archive(feature=gone, actor=actor)
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "flags", "model_name": "dependency", "field_name": "parent", "term": "chec"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["checkout"]


def test_flag_list__flag_cell__name_project_type_and_tags(admin_client, feature, actor):
    services.feature_tag_add(feature=feature, type="simple", value="team-a", actor=actor)
    content = admin_client.get(LIST).content.decode()
    assert "Default · Release" in content
    assert '<span class="flag-tag">simple:team-a</span>' in content
