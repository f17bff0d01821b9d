"""The flag list's search box: words plus the search API's filters written as `key:value`.

`checkout project:web,shop -type:experiment tag:team:payments state:potentially-stale on:production`
becomes the API's parameters (`project=IS_ANY_OF:web,shop`, `type=IS_NONE_OF:experiment`, ...),
applied by the same code as `GET /api/admin/search/features`, so both answer alike. An explicit
operator works too: `tag:INCLUDE_ALL_OF:team:payments,simple:beta`.
"""

import shlex
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from core.errors import ValidationFailed
from flags.models import Feature
from flags.selectors import OPERATOR_LIKE, apply_feature_filters

# key: (API parameter, operator for a plain value, operator for a negated one)
EQUALITY = ("IS_ANY_OF", "IS_NONE_OF")
INCLUSION = ("INCLUDE_ANY_OF", "EXCLUDE_IF_ANY_OF")
KEYS = {
    "project": ("project", *EQUALITY),
    "type": ("type", *EQUALITY),
    "state": ("state", *EQUALITY),
    "tag": ("tag", *INCLUSION),
    "segment": ("segment", *INCLUSION),
    "createdby": ("createdBy", *EQUALITY),
    "created": ("createdAt", "IS_ON_OR_AFTER", "IS_BEFORE"),
    "seen": ("lastSeenAt", "IS_ON_OR_AFTER", "IS_BEFORE"),
}
ENVIRONMENT_KEYS = {"on": True, "off": False}
SYNTAX = [
    ("words", "name, description, project or tag contains every word"),
    ("project:default,web", "in any of these projects (also type:, segment:, createdby:)"),
    ("tag:team:payments", "has the tag (type:value, or a type alone)"),
    ("state:stale", "stale, active or potentially-stale"),
    ("on:production", "on in that environment (off: for off)"),
    ("created:2024-01-31", "created on or after (-created: before; seen: for last seen)"),
    ("-type:experiment", "a minus excludes"),
    ("tag:INCLUDE_ALL_OF:a:x,b:y", "any of the search API's operators"),
]


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)
    environments: list[tuple[str, bool]] = field(default_factory=list)


def _tokens(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:  # an unclosed quote: read the words as typed
        return text.split()


def _param(key: str, value: str, negated: bool) -> tuple[str, str]:
    """The API parameter and its `OPERATOR:values` text (the API's parser checks it)."""
    param, plain, negative = KEYS[key]
    operator, sep, _rest = value.partition(":")
    if sep and OPERATOR_LIKE.fullmatch(operator):
        if negated:
            raise ValidationFailed.at(key, "write a minus or an operator, not both")
        return param, value
    return param, f"{negative if negated else plain}:{value}"


def parse(text: str) -> ParsedQuery:
    """Split the search text into words, API parameters and environment states."""
    parsed = ParsedQuery()
    for token in _tokens(text):
        negated = token.startswith("-") and ":" in token
        key, sep, value = (token[1:] if negated else token).partition(":")
        key = key.lower()
        if not sep or (key not in KEYS and key not in ENVIRONMENT_KEYS):
            parsed.words.append(token)
            continue
        if not value:
            raise ValidationFailed.at(key, f"needs a value, e.g. {key}:something")
        if key in ENVIRONMENT_KEYS:
            enabled = ENVIRONMENT_KEYS[key] != negated
            parsed.environments += [(env, enabled) for env in value.split(",") if env]
            continue
        param, raw = _param(key, value, negated)
        if param in parsed.params:
            raise ValidationFailed.at(key, "appears twice; list the values with commas")
        parsed.params[param] = raw
    return parsed


def _word_q(word: str) -> Q:
    tagged = Feature.objects.filter(
        Q(tags__value__icontains=word) | Q(tags__type__name__icontains=word)
    ).values("pk")
    return (
        Q(name__icontains=word)
        | Q(description__icontains=word)
        | Q(project__id__icontains=word)
        | Q(project__name__icontains=word)
        | Q(pk__in=tagged)
    )


def search(qs: QuerySet, text: str) -> QuerySet:
    """The flags of `qs` matching the search text; ValidationFailed names a bad filter."""
    parsed = parse(text)
    for word in parsed.words:
        qs = qs.filter(_word_q(word))
    qs = apply_feature_filters(qs, parsed.params)
    for environment, enabled in parsed.environments:
        qs = qs.filter(
            pk__in=Feature.objects.filter(
                env_states__environment_id=environment, env_states__enabled=enabled
            ).values("pk")
        )
    return qs
