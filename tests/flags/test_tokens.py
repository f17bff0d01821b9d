"""The Unleash token format: generation, display, parsing and hashing."""

import hashlib
import re

import pytest

from flags import tokens
from flags.models import Environment

HEX56 = r"[0-9a-f]{56}"


@pytest.fixture
def development():
    return Environment(name="development")


def test_generate__backend_all_projects__star_scope(development):
    assert re.fullmatch(rf"\*:development\.{HEX56}", tokens.generate("backend", development, ["*"]))


def test_generate__one_project__project_scope(development):
    secret = tokens.generate("frontend", development, ["default"])
    assert re.fullmatch(rf"default:development\.{HEX56}", secret)


def test_generate__several_projects__bracket_scope(development):
    secret = tokens.generate("backend", development, ["a", "b"])
    assert re.fullmatch(rf"\[\]:development\.{HEX56}", secret)


def test_generate__admin__all_everything():
    assert re.fullmatch(rf"\*:\*\.{HEX56}", tokens.generate("admin", None, ["*"]))


def test_generate__personal__user_prefix():
    assert re.fullmatch(rf"user:{HEX56}", tokens.generate("personal", None, ["*"]))


def test_generate__twice__different_secrets(development):
    assert tokens.generate("backend", development, ["*"]) != tokens.generate(
        "backend", development, ["*"]
    )


@pytest.mark.parametrize(
    ("type_", "projects", "head"),
    [
        ("backend", ["*"], "*:development."),
        ("frontend", ["default"], "default:development."),
        ("backend", ["a", "b"], "[]:development."),
        ("admin", ["*"], "*:*."),
        ("personal", ["*"], "user:"),
    ],
)
def test_display__generated_token__head_plus_six_characters_only(
    development, type_, projects, head
):
    secret = tokens.generate(type_, development, projects)
    random = secret[len(head) :]
    assert tokens.display(secret) == f"{head}{random[:6]}…"
    assert random[:7] not in tokens.display(secret)


@pytest.mark.parametrize("malformed", ["nonsense-secret-value", "abc:def", "no-colon.secretpart"])
def test_display__malformed_token__at_most_six_characters(malformed):
    assert tokens.display(malformed) == f"{malformed[:6]}…"


@pytest.mark.parametrize(
    ("secret", "parsed"),
    [
        ("*:development.abc", ("*", "development")),
        ("default:production.abc", ("default", "production")),
        ("[]:development.abc", ("[]", "development")),
        ("*:*.abc", ("*", "*")),
        ("user:abc", None),
        ("development.abc", None),
        ("*:development.", None),
        (":development.abc", None),
        ("*:.abc", None),
    ],
)
def test_parse__token_string__scope_or_none(secret, parsed):
    assert tokens.parse(secret) == parsed


def test_hash_secret__sha256_hex():
    assert tokens.hash_secret("*:*.x") == hashlib.sha256(b"*:*.x").hexdigest()
