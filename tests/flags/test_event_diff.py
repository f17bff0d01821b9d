"""Event pre-data/data as diff lines and as a one-line summary."""

from flags.event_diff import DiffLine, diff, summary


def test_diff__changed_value__removed_and_added_lines_with_context():
    pre = {"name": "a", "parameters": {"rollout": "50", "stickiness": "default"}}
    post = {"name": "a", "parameters": {"rollout": "75", "stickiness": "default"}}
    lines = diff(pre, post)
    assert DiffLine("del", '    "rollout": "50",') in lines
    assert DiffLine("add", '    "rollout": "75",') in lines
    assert lines[0].kind == "gap"
    assert {line.kind for line in lines} <= {"gap", "same", "add", "del"}


def test_diff__created__every_line_added():
    lines = diff(None, {"enabled": True})
    assert [line.kind for line in lines] == ["add", "add", "add"]


def test_diff__removed__every_line_removed():
    assert {line.kind for line in diff({"x": 1}, None)} == {"del"}


def test_diff__nothing_recorded__no_lines():
    assert diff(None, None) == []


def test_summary__scalar_and_nested_changes__one_level_deep():
    pre = {"enabled": False, "parameters": {"rollout": "50"}, "constraints": []}
    post = {"enabled": True, "parameters": {"rollout": "75"}, "constraints": [{"a": 1}]}
    assert summary(pre, post) == [
        "constraints changed",
        "enabled: false → true",
        'parameters.rollout: "50" → "75"',
    ]


def test_summary__many_changes__first_three_and_a_count():
    pre = {k: 0 for k in "abcde"}
    post = {k: 1 for k in "abcde"}
    assert summary(pre, post)[-1] == "and 2 more"
    assert len(summary(pre, post)) == 4


def test_summary__created_removed_added_keys():
    assert summary(None, {"a": 1}) == ["created"]
    assert summary({"a": 1}, None) == ["removed"]
    assert summary({"a": 1}, {"a": 1, "b": 2}) == ["b added"]
    assert summary({"a": "x" * 60}, {"a": "y"}) == ['a: "' + "x" * 38 + '… → "y"']
