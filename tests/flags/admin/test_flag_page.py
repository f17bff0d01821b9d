"""The flag page: per-environment strategy panels edited inline, dependencies, last seen."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Event
from flags import services
from flags.models import Dependency, FeatureEnvironment, Strategy
from tests.support.admin_forms import change_form_data, messages_of

DEV = "strategies-development"


def _url(feature):
    return reverse("admin:flags_feature_change", args=[feature.pk])


def _new_strategy(data: dict, prefix: str, **fields) -> dict:
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    body = {"parameters": "", "constraints": "[]", "variants": "[]", "sort_order": "0"}
    body = {**body, "active": "on", **fields}  # the Enabled box starts checked
    data.update({f"{prefix}-{index}-{key}": value for key, value in body.items()})
    return data


@pytest.fixture
def rollout(feature, development, actor):
    segment = services.segment_create(name="beta-testers", constraints=[], actor=actor)
    return services.strategy_add(
        feature=feature,
        environment=development,
        actor=actor,
        name="flexibleRollout",
        title="Half of users",
        parameters={"rollout": "50", "stickiness": "userId", "groupId": "checkout"},
        constraints=[{"contextName": "userId", "operator": "IN", "values": ["1", "2"]}],
        segments=[segment.pk],
        variants=[
            {"name": "a", "weight": 500, "weightType": "variable", "stickiness": "default"},
            {"name": "b", "weight": 500, "weightType": "variable", "stickiness": "default"},
        ],
        disabled=True,
    )


def test_flag_page__strategy__panel_summarises_it_per_environment(admin_client, feature, rollout):
    content = admin_client.get(_url(feature)).content.decode()
    for text in ("Half of users", "50% of userId", "userId IN [1, 2]", "beta-testers"):
        assert text in content
    assert "2 variants" in content
    assert 'class="badge badge-disabled"' in content
    assert 'id="env-development"' in content and 'id="env-production"' in content
    edit = reverse("admin:flags_featureenvironment_change", args=[rollout.feature_environment_id])
    assert f'href="{edit}"' in content
    assert f'data-add-strategy="{DEV}"' in content


def test_flag_page__new_strategy_inline__added_through_service(admin_client, feature):
    data = change_form_data(admin_client.get(_url(feature)))
    _new_strategy(
        data,
        DEV,
        name="flexibleRollout",
        parameters="rollout = 30\nstickiness = userId",
        constraints='[{"contextName": "userId", "operator": "IN", "values": ["7"]}]',
    )
    # On/off belongs to the panel's switch, which saves at once; the page's save ignores it.
    data["env_states-0-enabled"] = "on"
    response = admin_client.post(_url(feature), data)
    assert response.status_code == 302
    strategy = Strategy.objects.get(feature_environment__environment="development")
    assert strategy.parameters["rollout"] == "30"
    assert strategy.constraints[0]["values"] == ["7"]
    assert not FeatureEnvironment.objects.get(feature=feature, environment="development").enabled
    types = set(Event.objects.filter(feature_name="checkout").values_list("type", flat=True))
    assert "feature-strategy-add" in types and "feature-environment-enabled" not in types


def test_flag_page__bad_constraint_inline__errors_shown_and_nothing_saved(admin_client, feature):
    data = change_form_data(admin_client.get(_url(feature)))
    _new_strategy(
        data,
        DEV,
        name="default",
        constraints='[{"contextName": "userId", "operator": "NOPE", "values": ["1"]}]',
    )
    data["env_states-0-enabled"] = "on"
    response = admin_client.post(_url(feature), data)
    assert response.status_code == 200
    panel = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert "constraints" in panel.strategies.forms[0].errors
    assert not Strategy.objects.filter(feature_environment__feature=feature).exists()
    assert not FeatureEnvironment.objects.get(feature=feature, environment="development").enabled
    assert not Event.objects.filter(type="feature-environment-enabled").exists()


def test_flag_page__strategy_deleted_inline__removed_through_service(
    admin_client, feature, rollout
):
    data = change_form_data(admin_client.get(_url(feature)))
    data[f"{DEV}-0-DELETE"] = "on"
    response = admin_client.post(_url(feature), data)
    assert response.status_code == 302
    assert not Strategy.objects.filter(pk=rollout.pk).exists()
    assert Event.objects.filter(type="feature-strategy-remove", feature_name="checkout").exists()


def test_flag_page__post_without_strategy_forms__strategies_untouched(
    admin_client, feature, rollout
):
    data = {k: v for k, v in change_form_data(admin_client.get(_url(feature))).items()}
    data = {k: v for k, v in data.items() if not k.startswith("strategies-")}
    data["description"] = "only the description"
    response = admin_client.post(_url(feature), data)
    assert response.status_code == 302
    assert Strategy.objects.filter(pk=rollout.pk).exists()


def test_flag_page__viewer__panels_without_inline_editor(viewer_client, feature, rollout):
    content = viewer_client.get(_url(feature)).content.decode()
    assert "50% of userId" in content
    assert f'id="{DEV}-group"' not in content


def test_dependency__added_inline__created_through_service(admin_client, feature, actor):
    parent = services.feature_create(project=feature.project, name="new-ui", actor=actor)
    data = change_form_data(admin_client.get(_url(feature)))
    data.update(
        {
            "dependencies-TOTAL_FORMS": "1",
            "dependencies-0-parent": str(parent.pk),
            "dependencies-0-enabled": "on",
            "dependencies-0-variants": "blue, green",
        }
    )
    response = admin_client.post(_url(feature), data)
    assert response.status_code == 302
    dependency = Dependency.objects.get(child=feature)
    assert (dependency.parent, dependency.variants) == (parent, ["blue", "green"])
    assert Event.objects.filter(type="feature-dependency-added", feature_name="checkout").exists()


def test_dependency__removed_inline__removed_through_service(admin_client, feature, actor):
    parent = services.feature_create(project=feature.project, name="new-ui", actor=actor)
    services.dependency_add(child=feature, parent=parent, actor=actor)
    page = admin_client.get(_url(feature))
    assert "new-ui" in page.content.decode()
    data = change_form_data(page)
    data["dependencies-0-DELETE"] = "on"
    response = admin_client.post(_url(feature), data)
    assert response.status_code == 302
    assert not Dependency.objects.filter(child=feature).exists()
    assert Event.objects.filter(type="feature-dependency-removed", feature_name="checkout")


def test_dependency__service_refuses__form_error_and_nothing_saved(admin_client, feature, actor):
    grandparent = services.feature_create(project=feature.project, name="platform", actor=actor)
    parent = services.feature_create(project=feature.project, name="new-ui", actor=actor)
    services.dependency_add(child=parent, parent=grandparent, actor=actor)
    data = change_form_data(admin_client.get(_url(feature)))
    data.update(
        {"dependencies-TOTAL_FORMS": "1", "dependencies-0-parent": str(parent.pk)},
        description="not saved either",
    )
    response = admin_client.post(_url(feature), data)
    assert response.status_code == 200
    inline = next(
        i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "dependencies"
    )
    assert "has dependencies of its own" in str(inline.formset.forms[0].non_field_errors())
    assert any("has dependencies of its own" in m for m in messages_of(response))
    feature.refresh_from_db()
    assert feature.description == "New checkout"
    assert not Dependency.objects.filter(child=feature).exists()


def test_changelist__last_seen__per_environment_and_sortable_column(admin_client, feature, actor):
    services.feature_create(project=feature.project, name="unused", actor=actor)
    moment = timezone.now() - timedelta(minutes=3, seconds=10)
    FeatureEnvironment.objects.filter(feature=feature, environment="development").update(
        last_seen_at=moment
    )
    type(feature).objects.filter(pk=feature.pk).update(last_seen_at=moment)
    changelist = reverse("admin:flags_feature_changelist")
    response = admin_client.get(changelist)
    content = response.content.decode()
    column = str(response.context["cl"].list_display.index("last_seen"))
    assert "seen 3\xa0minutes ago" in content
    assert "never" in content  # production has not been seen
    assert "sortable column-last_seen" in content
    newest_first = admin_client.get(changelist, {"o": "-" + column}).context["cl"].result_list
    oldest_first = admin_client.get(changelist, {"o": column}).context["cl"].result_list
    assert [f.name for f in newest_first] == ["checkout", "unused"]
    assert [f.name for f in oldest_first] == ["unused", "checkout"]


def test_flag_page__last_seen__shown_per_environment(admin_client, feature):
    FeatureEnvironment.objects.filter(feature=feature, environment="production").update(
        last_seen_at=timezone.now()
    )
    content = admin_client.get(_url(feature)).content.decode()
    assert "Last seen: seen just now" in content
    assert "Last seen: never" in content


def test_environment_page__breadcrumbs__lead_back_to_flag(admin_client, feature):
    state = feature.env_states.get(environment="development")
    page = admin_client.get(reverse("admin:flags_featureenvironment_change", args=[state.pk]))
    content = page.content.decode()
    assert f'<a href="{_url(feature)}">checkout</a>' in content
    assert "Back to flag checkout" in content
