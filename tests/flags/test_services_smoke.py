"""A first end-to-end check of the service layer against PostgreSQL."""

from flags import services
from flags.models import Event


def test_feature_create__valid__writes_flag_and_event(default_project, actor, development):
    feature = services.feature_create(project=default_project, name="checkout.v2", actor=actor)
    services.feature_set_enabled(
        feature=feature, environment=development, enabled=True, actor=actor
    )
    types = list(Event.objects.order_by("id").values_list("type", flat=True))
    assert types == ["feature-created", "feature-strategy-add", "feature-environment-enabled"]
