"""The flag list's search text: words and `key:value` filters, answered like the search API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import ValidationFailed
from flags import list_search, services
from flags.models import Feature


@pytest.fixture
def flags(default_project, development, actor):
    web = services.project_create(id="web", name="Web shop", actor=actor)
    made = {
        "checkout": services.feature_create(
            project=default_project, name="new-checkout", actor=actor, description="Pay faster"
        ),
        "banner": services.feature_create(
            project=web, name="promo-banner", actor=actor, type="experiment"
        ),
        "kill": services.feature_create(
            project=default_project, name="kill-payments", actor=actor, type="kill-switch"
        ),
    }
    services.feature_tag_add(feature=made["banner"], type="simple", value="payments", actor=actor)
    services.feature_set_stale(feature=made["kill"], stale=True, actor=actor)
    services.feature_set_enabled(
        feature=made["checkout"], environment=development, enabled=True, actor=actor
    )
    return made


def names(text: str) -> set[str]:
    return set(list_search.search(Feature.objects.active(), text).values_list("name", flat=True))


def test_parse__words_and_filters__api_parameters():
    parsed = list_search.parse('checkout project:web,shop -type:experiment "two words"')
    assert parsed.words == ["checkout", "two words"]
    assert parsed.params == {"project": "IS_ANY_OF:web,shop", "type": "IS_NONE_OF:experiment"}


def test_parse__explicit_operator__passed_through():
    parsed = list_search.parse("tag:INCLUDE_ALL_OF:simple:a,team:b created:IS_BEFORE:2024-01-01")
    assert parsed.params == {
        "tag": "INCLUDE_ALL_OF:simple:a,team:b",
        "createdAt": "IS_BEFORE:2024-01-01",
    }


def test_parse__unclosed_quote__words_as_typed():
    assert list_search.parse('"checkout page').words == ['"checkout', "page"]


@pytest.mark.parametrize(
    ("text", "path"),
    [("project:", "project"), ("type:a type:b", "type"), ("-tag:IS:x", "tag")],
)
def test_parse__malformed_filter__validation_names_key(text, path):
    with pytest.raises(ValidationFailed) as caught:
        list_search.parse(text)
    assert caught.value.details[0]["path"] == path


def test_search__word__matches_project_name_and_tag_value(flags):
    assert names("shop") == {"promo-banner"}  # the project's name
    assert names("payments") == {"promo-banner", "kill-payments"}  # tag value, flag name
    assert names("faster") == {"new-checkout"}  # description


def test_search__several_words__every_word_must_match(flags):
    assert names("payments kill") == {"kill-payments"}


def test_search__project_type_and_tag_filters__as_search_api(flags):
    assert names("project:web") == {"promo-banner"}
    assert names("-project:web") == {"new-checkout", "kill-payments"}
    assert names("type:experiment,kill-switch") == {"promo-banner", "kill-payments"}
    assert names("tag:simple:payments") == {"promo-banner"}
    assert names("-tag:simple") == {"new-checkout", "kill-payments"}


def test_search__state_filter__stale_active_potentially_stale(flags):
    assert names("state:stale") == {"kill-payments"}
    assert names("state:active") == {"new-checkout", "promo-banner"}
    assert names("state:potentially-stale") == set()
    old = timezone.now() - timedelta(days=400)
    Feature.objects.filter(name="new-checkout").update(created_at=old)
    assert names("state:potentially-stale") == {"new-checkout"}


def test_search__environment_state__on_and_off(flags):
    assert names("on:development") == {"new-checkout"}
    assert names("off:development") == {"promo-banner", "kill-payments"}


def test_search__unknown_key__is_a_word(flags):
    assert names("colour:blue") == set()


def test_search__bad_operator__validation_names_parameter(flags):
    with pytest.raises(ValidationFailed) as caught:
        names("project:NO_SUCH_OP:web")
    assert "project" in caught.value.message
