"""Item 14's small things: whole banner text in messages, token names without empty brackets."""

from flags.markdown import plain_text
from flags.models import ApiToken, Banner


def test_plain_text__markdown_long__words_cut_at_a_word_never_inside_markup():
    text = "Read the **release notes** at [our status page](https://status.example.com/x) today"
    assert plain_text(text) == "Read the release notes at our status page today"
    assert plain_text(text, 40) == "Read the release notes at our status…"


def test_banner_str__link_near_the_limit__no_half_link():
    banner = Banner(message="Planned upgrade on Friday, details on [the status page](https://s.io)")
    assert str(banner) == "Planned upgrade on Friday, details on the status page"
    assert "](" not in str(Banner(message="x " * 40 + "[a link](https://example.com)"))


def test_token_str__without_display__name_only():
    assert str(ApiToken(name="ci-backend")) == "ci-backend"
    assert str(ApiToken(name="ci", display="*:development.3f2a")) == "ci (*:development.3f2a)"
