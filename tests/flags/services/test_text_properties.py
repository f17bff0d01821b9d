"""Property: any text in any field of a write is stored and read back unchanged, or refused.

A refusal is a ValidationFailed naming one of the written fields; never a DataError, an
encoding error or any other exception. Each example writes in a savepoint that is rolled back.
"""

from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from core.errors import ValidationFailed
from flags import services
from flags.models import Feature, Strategy
from flags.services.banners import banner_create
from tests.support.fuzz import examples

IN = {"contextName": "userId", "operator": "IN", "values": ["1"]}
VARIANT = {"name": "a", "weight": 1000, "weightType": "variable", "stickiness": "default"}

# Storable characters: any code point but NUL and the surrogates.
STORABLE = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
# Mostly short, sometimes on either side of the 255 characters most name columns hold.
GOOD = st.one_of(
    st.text(STORABLE, min_size=1, max_size=20),
    st.text(st.sampled_from("ab é€😀"), min_size=250, max_size=260),
)
# Text no PostgreSQL column can hold: a NUL or a lone surrogate somewhere in it.
UNSTORABLE = st.tuples(GOOD, st.sampled_from(["\x00", "\ud800", "\udfff"]), GOOD).map("".join)
SETTINGS = settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def texts(*fields):
    """({field: text}, the field given unstorable text or None): at most one is corrupted."""
    good = st.fixed_dictionaries({field: GOOD for field in fields})
    corrupt = st.sampled_from([None, *fields])
    return st.tuples(good, corrupt, UNSTORABLE).map(
        lambda t: ({**t[0], t[1]: t[2]} if t[1] else t[0], t[1])
    )


def _attempt(write):
    """Run one write in a savepoint that is always rolled back: (result, refusal)."""
    savepoint = transaction.savepoint()
    try:
        result = write()
        event("stored")  # both outcomes are reached: see --hypothesis-show-statistics
        return result, None
    except ValidationFailed as exc:
        event("refused")
        return None, exc
    finally:
        transaction.savepoint_rollback(savepoint)


def check(write, case, expected, fields) -> None:
    """Stored as ``expected``, or refused naming one of ``fields`` (always, if corrupted)."""
    values, corrupted = case
    result, refusal = _attempt(lambda: write(values))
    if corrupted is not None:
        assert refusal is not None, f"{corrupted} with unstorable text was stored"
    if refusal is None:
        assert result == expected(values)
    else:
        roots = {d["path"].split(".")[0].split("[")[0] for d in refusal.details}
        assert roots and roots <= set(fields), refusal.details


@SETTINGS
@given(case=texts("name", "description"))
def test_feature_create__any_text__stored_identical_or_refused_naming_a_field(
    default_project, actor, case
):
    def write(v):
        feature = services.feature_create(project=default_project, actor=actor, **v)
        row = Feature.objects.get(pk=feature.pk)
        return {"name": row.name, "description": row.description}

    check(write, case, lambda v: v, ["name", "description"])


@SETTINGS
@given(case=texts("name", "title", "key", "value", "context", "operand", "variant", "payload"))
def test_strategy_add__any_text__stored_identical_or_refused_naming_a_field(
    feature, development, actor, case
):
    def write(v):
        strategy = services.strategy_add(
            feature=feature,
            environment=development,
            actor=actor,
            name=v["name"],
            title=v["title"],
            parameters={v["key"]: v["value"]},
            constraints=[{**IN, "contextName": v["context"], "values": [v["operand"]]}],
            variants=[
                {
                    **VARIANT,
                    "name": v["variant"],
                    "payload": {"type": "string", "value": v["payload"]},
                }
            ],
        )
        row = Strategy.objects.get(pk=strategy.pk)
        constraint, variant = row.constraints[0], row.variants[0]
        return {
            "name": row.name,
            "title": row.title,
            **dict(zip(("key", "value"), next(iter(row.parameters.items())), strict=True)),
            "context": constraint["contextName"],
            "operand": constraint["values"][0],
            "variant": variant["name"],
            "payload": variant["payload"]["value"],
        }

    fields = ["name", "title", "parameters", "constraints", "variants"]
    check(write, case, lambda v: v, fields)


@SETTINGS
@given(case=texts("message", "link_text", "dialog_title", "dialog"))
def test_banner_create__any_text__stored_stripped_or_refused_naming_a_field(db, actor, case):
    def write(v):
        banner = banner_create(actor=actor, **v)
        banner.refresh_from_db()
        return {key: getattr(banner, key) for key in v}

    fields = ["message", "linkText", "dialogTitle", "dialog"]
    check(write, case, lambda v: {k: t.strip() for k, t in v.items()}, fields)


@SETTINGS
@given(case=texts("name", "description", "value", "note"))
def test_context_field_create__any_text__stored_identical_or_refused_naming_a_field(
    db, actor, case
):
    def write(v):
        legal = [{"value": v["value"], "description": v["note"]}]
        field = services.context_field_create(
            name=v["name"], description=v["description"], legal_values=legal, actor=actor
        )
        field.refresh_from_db()
        (stored,) = field.legal_values
        return {"name": field.name, "description": field.description, **_legal(stored)}

    check(write, case, lambda v: v, ["name", "description", "legalValues"])


def _legal(stored: dict) -> dict:
    return {"value": stored["value"], "note": stored["description"]}


@SETTINGS
@given(case=texts("name", "description", "segment", "operand"))
def test_project_and_segment_create__any_text__stored_identical_or_refused_naming_a_field(
    db, actor, case
):
    def write(v):
        project = services.project_create(
            id="p-any", name=v["name"], description=v["description"], actor=actor
        )
        segment = services.segment_create(
            name=v["segment"], constraints=[{**IN, "values": [v["operand"]]}], actor=actor
        )
        project.refresh_from_db()
        segment.refresh_from_db()
        return {
            "name": project.name,
            "description": project.description,
            "segment": segment.name,
            "operand": segment.constraints[0]["values"][0],
        }

    check(write, case, lambda v: v, ["name", "description", "constraints"])
