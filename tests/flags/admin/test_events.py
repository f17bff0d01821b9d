"""The event log: read-only and filterable."""

from django.urls import reverse

from core.models import Event
from flags import services

CHANGELIST = "admin:core_event_changelist"


def test_event_log__add_change_delete__forbidden(admin_client, feature):
    event = Event.objects.get(type="feature-created")
    change = reverse("admin:core_event_change", args=[event.pk])
    assert admin_client.get(reverse("admin:core_event_add")).status_code == 403
    assert admin_client.post(change, {"type": "forged"}).status_code == 403
    delete = admin_client.post(reverse("admin:core_event_delete", args=[event.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert Event.objects.get(pk=event.pk).type == "feature-created"


def test_event_detail__data__pretty_json(admin_client, feature):
    event = Event.objects.get(type="feature-created")
    content = admin_client.get(reverse("admin:core_event_change", args=[event.pk])).content
    assert b'<pre class="event-json">' in content
    assert b"&quot;name&quot;: &quot;checkout&quot;" in content


def test_event_log__filters__by_type_feature_and_project(admin_client, feature, actor, development):
    services.feature_set_enabled(
        feature=feature, environment=development, enabled=True, actor=actor
    )
    url = reverse(CHANGELIST)
    by_type = admin_client.get(url + "?type=feature-environment-enabled")
    by_feature = admin_client.get(url + "?feature_name=checkout")
    by_project = admin_client.get(url + "?project=default")
    by_other = admin_client.get(url + "?feature_name=nope")
    assert [e.type for e in by_type.context["cl"].result_list] == ["feature-environment-enabled"]
    assert by_feature.context["cl"].result_count == 3  # created, strategy added, enabled
    assert by_project.context["cl"].result_count == 3
    assert by_other.context["cl"].result_count == 0


def test_event_log__date_filter__accepts_today(admin_client, feature):
    response = admin_client.get(reverse(CHANGELIST) + "?created_at__gte=2000-01-01")
    assert response.context["cl"].result_count == 1


def test_event_detail__update__diff_of_pre_data_and_data(admin_client, feature, actor):
    services.feature_update(feature=feature, description="Faster checkout", actor=actor)
    event = Event.objects.get(type="feature-metadata-updated")
    content = admin_client.get(reverse("admin:core_event_change", args=[event.pk])).content
    text = content.decode()
    assert '<span class="diff-del">' in text and '<span class="diff-add">' in text
    assert "&quot;description&quot;: &quot;Faster checkout&quot;" in text


def test_event_log__update__change_summary_column(admin_client, feature, actor):
    services.feature_update(feature=feature, description="Faster checkout", actor=actor)
    content = admin_client.get(reverse(CHANGELIST)).content.decode()
    assert "description: &quot;New checkout&quot; → &quot;Faster checkout&quot;" in content
