"""The webhook body: Unleash's event JSON, or a Mustache template with escaped markdown."""

import json

from integrations.rendering import render_webhook

EVENT = {"id": 7, "type": "feature-created", "featureName": "f", "data": {"name": "f"}}
MARKDOWN = 'admin created **f** "quoted"\nline'


def test_render__no_template__event_json_as_body():
    rendered = render_webhook({"url": "x"}, EVENT, MARKDOWN)
    assert json.loads(rendered.body) == EVENT and rendered.sent_event
    assert rendered.headers == {"Content-Type": "application/json"}


def test_render__markdown_inside_string__json_escaped_outside__raw():
    template = '{"md": "{{eventMarkdown}}"} {{eventMarkdown}}'
    body = render_webhook({"bodyTemplate": template}, EVENT, MARKDOWN).body
    head, _, tail = body.partition("} ")
    assert json.loads(head + "}")["md"] == MARKDOWN
    assert tail == MARKDOWN


def test_render__event_json_triple_mustache__parses_back_to_event():
    body = render_webhook({"bodyTemplate": '{"e": {{{eventJson}}}}'}, EVENT, "").body
    assert json.loads(json.loads(body)["e"]) == EVENT


def test_render__template_html_escapes_double_mustache():
    event = {**EVENT, "createdBy": "<b>x</b>"}
    body = render_webhook({"bodyTemplate": "{{event.createdBy}}"}, event, "").body
    assert body == "&lt;b&gt;x&lt;/b&gt;"


def test_render__custom_headers__bad_json_and_bad_names_reported_not_sent():
    bad_json = render_webhook({"customHeaders": "{nope"}, EVENT, "")
    assert bad_json.problems and "Content-Type" in bad_json.headers
    headers = json.dumps({"X-Ok": "1", "X-Num": 5, "Bad\nName": "x", "X-Split": "a\r\nb: c"})
    mixed = render_webhook({"customHeaders": headers}, EVENT, "")
    assert mixed.headers["X-Ok"] == "1" and mixed.headers["X-Num"] == "5"
    assert "X-Split" not in mixed.headers and len(mixed.problems) == 2


def test_render__authorization__header_only_when_given():
    assert "Authorization" not in render_webhook({"authorization": ""}, EVENT, "").headers
    assert render_webhook({"authorization": "t"}, EVENT, "").headers["Authorization"] == "t"


def test_markdown__known_and_unknown_events__unleash_sentences(settings):
    from integrations.markdown import event_markdown

    settings.UNLEASH_URL = "https://flags.example/"
    base = {"createdBy": "ann", "featureName": "f", "project": "p", "environment": "prod"}
    enabled = event_markdown({**base, "type": "feature-environment-enabled"})
    assert enabled == (
        "*ann* enabled *[f](https://flags.example/admin/flags/feature/?q=f)* for the *prod* "
        "environment in project *[p](https://flags.example/admin/flags/project/p/change/)*"
    )
    tagged = event_markdown(
        {**base, "type": "feature-tagged", "data": {"type": "t", "value": "<v>"}}
    )
    assert "*t:<v>*" in tagged  # markdown, not HTML: nothing escaped
    assert event_markdown({"type": "user-created", "createdBy": "ann"}) == (
        "*ann* triggered *user-created*"
    )
