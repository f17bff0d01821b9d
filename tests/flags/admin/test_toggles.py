"""One switch everywhere: the flag list, the flag page and the per-environment page."""

from django.urls import reverse

from flags import services
from flags.models import FeatureEnvironment

JSON = {"HTTP_ACCEPT": "application/json"}


def _toggle_url(feature, environment="development"):
    return reverse("admin:flags_feature_toggle", args=[feature.pk, environment])


def test_toggle__json_on_without_strategies__enabled_and_default_strategy_reported(
    admin_client, feature
):
    response = admin_client.post(_toggle_url(feature), {"enabled": "1"}, **JSON)
    assert response.status_code == 200
    body = response.json()
    assert body["enabled"] is True and body["strategyAdded"] is True
    assert body["message"].startswith("Turned on checkout in development.")
    state = FeatureEnvironment.objects.get(feature=feature, environment="development")
    assert state.enabled and state.strategies.count() == 1


def test_toggle__json_refused__status_and_message_nothing_changed(admin_client, feature, actor):
    services.feature_archive(feature=feature, actor=actor)
    response = admin_client.post(_toggle_url(feature), {"enabled": "1"}, **JSON)
    assert response.status_code == 400
    assert "archived flag" in response.json()["message"]
    assert not FeatureEnvironment.objects.filter(feature=feature, enabled=True).exists()


def test_toggle__json_success__no_message_left_for_the_next_page(admin_client, feature):
    admin_client.post(_toggle_url(feature), {"enabled": "1"}, **JSON)
    page = admin_client.get(reverse("admin:flags_feature_changelist"))
    assert not [str(m) for m in page.context["messages"]]


def test_flag_page__environment__switch_button_not_a_form_checkbox(admin_client, feature):
    content = admin_client.get(reverse("admin:flags_feature_change", args=[feature.pk])).content
    text = content.decode()
    assert f'formaction="{_toggle_url(feature)}"' in text
    assert 'role="switch"' in text and 'id="flag-toggle-form"' in text
    assert 'name="env_states-0-enabled"' not in text


def test_environment_page__switch_shown_enabled_not_a_form_field(admin_client, feature):
    state = FeatureEnvironment.objects.get(feature=feature, environment="production")
    url = reverse("admin:flags_featureenvironment_change", args=[state.pk])
    response = admin_client.get(url)
    assert "enabled" not in response.context["adminform"].form.fields
    assert f'formaction="{_toggle_url(feature, "production")}"' in response.content.decode()
