"""The flag list and flag page: saves through services, toggles, filters and actions."""

import pytest
from django.urls import reverse

from core.models import Event
from flags import services
from flags.models import Feature, FeatureEnvironment
from tests.support.admin_forms import change_form_data, messages_of

CHANGELIST = "admin:flags_feature_changelist"


def _add(client, **data):
    body = {"name": "new-flag", "project": "default", "type": "release", "description": ""}
    return client.post(reverse("admin:flags_feature_add"), {**body, **data})


def test_add__valid__creates_through_service_with_event(admin_client, db):
    response = _add(admin_client, description="Try it")
    feature = Feature.objects.get(name="new-flag")
    assert response.status_code == 302
    assert feature.description == "Try it"
    event = Event.objects.get(type="feature-created", feature_name="new-flag")
    assert (event.source, event.created_by) == ("admin", "admin")


def test_add__bad_name__field_error_and_nothing_saved(admin_client, db):
    response = _add(admin_client, name="has space")
    assert response.status_code == 200
    assert "must not contain whitespace" in str(response.context["adminform"].form.errors["name"])
    assert not Feature.objects.exists()
    assert not Event.objects.filter(type="feature-created").exists()


def test_add__unknown_tag_type__error_and_nothing_saved(admin_client, db):
    response = _add(admin_client, new_tags_0="nosuchtype", new_tags_1="x")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["new_tags"]
    assert "Pick a tag type from the list." in str(errors)
    assert not Feature.objects.exists()


def test_add__simple_tag_values__each_tagged_with_event(admin_client, db):
    response = _add(admin_client, new_tags_0="simple", new_tags_1="checkout, mobile")
    assert response.status_code == 302
    tags = Feature.objects.get(name="new-flag").tags.order_by("value")
    assert [str(t) for t in tags] == ["simple:checkout", "simple:mobile"]
    assert Event.objects.filter(type="feature-tagged", feature_name="new-flag").count() == 2


def test_change__description_and_stale__audited(admin_client, feature):
    url = reverse("admin:flags_feature_change", args=[feature.pk])
    data = change_form_data(admin_client.get(url))
    data.update(type="experiment", description="changed", stale="on")
    response = admin_client.post(url, data)
    feature.refresh_from_db()
    assert response.status_code == 302
    assert (feature.type, feature.description, feature.stale) == ("experiment", "changed", True)
    types = set(Event.objects.filter(feature_name="checkout").values_list("type", flat=True))
    assert {"feature-metadata-updated", "feature-stale-on"} <= types


def test_toggle__post__turns_on_through_service(admin_client, feature, development):
    url = reverse("admin:flags_feature_toggle", args=[feature.pk, "development"])
    response = admin_client.post(url, {"enabled": "1", "next": reverse(CHANGELIST)})
    assert response.status_code == 302
    assert FeatureEnvironment.objects.get(feature=feature, environment=development).enabled
    assert Event.objects.filter(type="feature-environment-enabled", environment="development")


def test_toggle__get__not_allowed(admin_client, feature):
    url = reverse("admin:flags_feature_toggle", args=[feature.pk, "development"])
    assert admin_client.get(url).status_code == 405


def test_toggle__archived_flag__error_message_not_500(admin_client, feature, actor):
    services.feature_archive(feature=feature, actor=actor)
    url = reverse("admin:flags_feature_toggle", args=[feature.pk, "development"])
    response = admin_client.post(url, {"enabled": "1"}, follow=True)
    assert response.status_code == 200
    assert any("archived flag" in m for m in messages_of(response))


def test_changelist__flags__shows_toggle_per_environment(admin_client, feature):
    content = admin_client.get(reverse(CHANGELIST)).content.decode()
    assert 'id="flag-toggle-form"' in content
    assert reverse("admin:flags_feature_toggle", args=[feature.pk, "production"]) in content
    assert "csrfmiddlewaretoken" in content


def test_changelist__archived_flag__hidden_unless_filtered(admin_client, feature, actor):
    services.feature_archive(feature=feature, actor=actor)
    default = admin_client.get(reverse(CHANGELIST))
    archived = admin_client.get(reverse(CHANGELIST) + "?archived=yes")
    assert list(default.context["cl"].result_list) == []
    assert list(archived.context["cl"].result_list) == [feature]


def test_changelist__search_description__finds_flag(admin_client, feature, default_project, actor):
    services.feature_create(project=default_project, name="other", actor=actor)
    response = admin_client.get(reverse(CHANGELIST) + "?q=checkout")
    by_description = admin_client.get(reverse(CHANGELIST) + "?q=New+checkout")
    assert list(response.context["cl"].result_list) == [feature]
    assert list(by_description.context["cl"].result_list) == [feature]


@pytest.mark.parametrize(
    ("query", "expected"), [("?type__exact=experiment", ["exp"]), ("?stale__exact=1", ["old"])]
)
def test_changelist__filters__narrow_results(admin_client, default_project, actor, query, expected):
    services.feature_create(project=default_project, name="exp", type="experiment", actor=actor)
    old = services.feature_create(project=default_project, name="old", actor=actor)
    services.feature_set_stale(feature=old, stale=True, actor=actor)
    response = admin_client.get(reverse(CHANGELIST) + query)
    assert [f.name for f in response.context["cl"].result_list] == expected


def test_changelist__tag_filter__narrow_results(admin_client, feature, default_project, actor):
    services.tag_type_create(name="team", actor=actor)
    tag = services.feature_tag_add(feature=feature, type="team", value="payments", actor=actor)
    services.feature_create(project=default_project, name="untagged", actor=actor)
    response = admin_client.get(reverse(CHANGELIST) + f"?tags__id__exact={tag.pk}")
    assert list(response.context["cl"].result_list) == [feature]


def _action(client, action, *features, query=""):
    return client.post(
        reverse(CHANGELIST) + query,
        {"action": action, "_selected_action": [f.pk for f in features]},
        follow=True,
    )


def test_action__enable_in_environment__all_selected_on(admin_client, feature, production):
    response = _action(admin_client, "enable_in_production", feature)
    assert response.status_code == 200
    assert FeatureEnvironment.objects.get(feature=feature, environment=production).enabled
    assert Event.objects.filter(type="feature-environment-enabled", environment="production")


def test_action__archive_then_revive__audited(admin_client, feature):
    _action(admin_client, "archive", feature)
    feature.refresh_from_db()
    assert feature.archived
    _action(admin_client, "revive", feature, query="?archived=yes")
    feature.refresh_from_db()
    assert not feature.archived
    types = list(Event.objects.filter(feature_name="checkout").values_list("type", flat=True))
    assert types[:2] == ["feature-revived", "feature-archived"]


def test_action__mark_stale_and_not_stale__audited(admin_client, feature):
    _action(admin_client, "mark_stale", feature)
    feature.refresh_from_db()
    assert feature.stale
    _action(admin_client, "mark_not_stale", feature)
    feature.refresh_from_db()
    assert not feature.stale
    assert Event.objects.filter(type="feature-stale-off", feature_name="checkout").exists()


def test_action__one_refusal__nothing_changed(admin_client, feature, default_project, actor):
    archived = services.feature_create(project=default_project, name="gone", actor=actor)
    services.feature_archive(feature=archived, actor=actor)
    response = _action(
        admin_client, "enable_in_development", feature, archived, query="?archived=all"
    )
    assert any("Nothing changed" in m for m in messages_of(response))
    assert not feature.env_states.filter(enabled=True).exists()


def test_delete__active_flag__refused_with_message(admin_client, feature):
    url = reverse("admin:flags_feature_delete", args=[feature.pk])
    response = admin_client.post(url, {"post": "yes"}, follow=True)
    assert response.status_code == 200
    assert any("archive the flag before deleting" in m for m in messages_of(response))
    assert Feature.objects.filter(pk=feature.pk).exists()


def test_delete__archived_flag__deleted_with_event(admin_client, feature, actor):
    services.feature_archive(feature=feature, actor=actor)
    url = reverse("admin:flags_feature_delete", args=[feature.pk])
    admin_client.post(url, {"post": "yes"})
    assert not Feature.objects.filter(pk=feature.pk).exists()
    assert Event.objects.filter(type="feature-deleted", feature_name="checkout").exists()
