"""Form parsing behind the guided editors: what is completed, what is refused and where."""

import json

import pytest
from django.core.exceptions import ValidationError

from flags.admin.editor_config import editor_config
from flags.admin.forms import ConstraintsField, ParametersField, VariantsField, complete_date
from flags.admin.plain_errors import plain_errors
from flags.admin.strategy_parameters import check_parameters
from flags.models import ContextField


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2025-06-01", "2025-06-01T00:00:00.000Z"),
        ("2025-06-01T09:30", "2025-06-01T09:30:00Z"),
        ("2025-06-01 09:30:15", "2025-06-01T09:30:15Z"),
        ("2025-06-01T09:30:00+02:00", "2025-06-01T09:30:00+02:00"),
        ("tomorrow", "tomorrow"),
    ],
)
def test_complete_date__what_a_person_types__rfc3339_or_left_for_validation(typed, stored):
    assert complete_date(typed) == stored


def _constraints(*items) -> str:
    return json.dumps(list(items))


def test_constraints_field__plain_date__completed_to_midnight_utc():
    field = ConstraintsField()
    cleaned = field.clean(
        _constraints(
            {"contextName": "currentTime", "operator": "DATE_AFTER", "value": "2030-01-02"}
        )
    )
    assert cleaned[0]["value"] == "2030-01-02T00:00:00.000Z"


def test_constraints_field__second_row_wrong__only_that_row_marked_in_plain_words():
    field = ConstraintsField()
    with pytest.raises(ValidationError) as raised:
        field.clean(
            _constraints(
                {"contextName": "userId", "operator": "IN", "values": ["1"]},
                {"contextName": "version", "operator": "SEMVER_GT", "value": "one"},
            )
        )
    assert raised.value.messages == [
        "Constraint 2: the value must be a version such as 1.2.3 or 2.0.0-beta.1"
    ]
    assert [(e["row"], e["field"]) for e in field.widget.row_errors] == [(1, "value")]
    rendered = field.widget.render("constraints", "[]")
    assert "data-errors=" in rendered and "Constraint" not in rendered.split("data-errors")[0]


def test_constraints_field__empty_list_for_str_operator__says_which_row():
    field = ConstraintsField()
    with pytest.raises(ValidationError) as raised:
        field.clean(
            _constraints({"contextName": "email", "operator": "STR_ENDS_WITH", "values": []})
        )
    assert raised.value.messages == ["Constraint 1: “ends with” needs at least one value"]


def test_variants_field__json_payload__kept_as_string_weights_balanced():
    field = VariantsField()
    payload = '{\n  "color": "blue"\n}'
    cleaned = field.clean(
        json.dumps(
            [
                {
                    "name": "blue",
                    "weightType": "variable",
                    "payload": {"type": "json", "value": payload},
                },
                {"name": "green", "weightType": "fix", "weight": 200},
            ]
        )
    )
    assert [(v["name"], v["weight"]) for v in cleaned] == [("blue", 800), ("green", 200)]
    assert cleaned[0]["payload"] == {"type": "json", "value": payload}


def test_variants_field__broken_json_payload__row_says_where_it_breaks():
    field = VariantsField()
    with pytest.raises(ValidationError):
        field.clean(
            json.dumps(
                [
                    {"name": "a"},
                    {"name": "b", "payload": {"type": "json", "value": '{"color": blue}'}},
                ]
            )
        )
    (error,) = field.widget.row_errors
    assert error["row"] == 1
    assert error["message"].startswith("The JSON payload is not valid JSON: Expecting value")


def test_parameters_field__json_object_or_lines__same_parameters():
    field = ParametersField()
    from_editor = field.clean('{"rollout": 25, "stickiness": "userId"}')
    from_lines = field.clean("rollout = 25\nstickiness = userId")
    assert from_editor == from_lines == {"rollout": "25", "stickiness": "userId"}


def test_parameters_field__same_parameters_reserialized__not_changed():
    field = ParametersField()
    assert not field.has_changed({"rollout": "25"}, '{"rollout":"25"}')
    assert field.has_changed({"rollout": "25"}, '{"rollout":"30"}')


def test_parameters_field__bad_rollout__error_names_the_parameter():
    field = ParametersField()
    with pytest.raises(ValidationError):
        field.clean('{"rollout": "150"}')
    assert field.widget.row_errors == [
        {"param": "rollout", "message": "must be a whole number from 0 to 100"}
    ]


def test_check_parameters__new_rollout__defaults_and_group_id_from_flag():
    declared = [
        {"name": "rollout", "type": "percentage"},
        {"name": "stickiness", "type": "string", "required": True},
        {"name": "groupId", "type": "string", "required": True},
    ]
    cleaned, errors = check_parameters("flexibleRollout", declared, {"rollout": "40"}, "checkout")
    assert errors == []
    assert cleaned == {"rollout": "40", "stickiness": "default", "groupId": "checkout"}


def test_check_parameters__custom_type__number_and_boolean_checked():
    declared = [
        {"name": "limit", "type": "number", "required": True},
        {"name": "beta", "type": "boolean"},
    ]
    _, errors = check_parameters("custom", declared, {"limit": "ten", "beta": "yes"}, "f")
    assert errors == [
        {"param": "limit", "message": "must be a number"},
        {"param": "beta", "message": "must be true or false"},
    ]


def test_plain_errors__root_and_nested_paths__rows_and_words():
    said = plain_errors(
        [
            {"path": "variants", "message": "variant names must be unique"},
            {"path": "variants[2].weight", "message": "must be a whole number from 0 to 1000"},
            {"path": "constraints[0].values[3]", "message": "contains a NUL character"},
        ],
        "Variant",
    )
    assert [(s["row"], s["text"]) for s in said] == [
        (None, "Variant names must be unique"),
        (2, "Variant 3: the weight must be a whole number from 0 to 1000"),
        (0, "Variant 1: value 4 contains a NUL character"),
    ]


@pytest.mark.django_db
def test_editor_config__context_field_with_legal_values_and_stickiness__offered():
    ContextField.objects.create(
        name="plan",
        stickiness=True,
        legal_values=[
            {"value": "free", "description": ""},
            {"value": "pro", "description": "Paid"},
        ],
    )
    config = editor_config(flag_name="checkout")
    plan = next(f for f in config["contextFields"] if f["name"] == "plan")
    assert [v["value"] for v in plan["legalValues"]] == ["free", "pro"]
    assert config["stickiness"] == ["default", "userId", "sessionId", "random", "plan"]
    assert config["flag"] == "checkout"
    flexible = next(s for s in config["strategies"] if s["name"] == "flexibleRollout")
    assert [p["name"] for p in flexible["parameters"]] == ["rollout", "stickiness", "groupId"]
