"""The admin's Content-Security-Policy, and that the admin's own pages pass it."""

import json
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from flags.models import Banner, Feature

PAGES = [
    "/admin/",
    "/admin/flags/feature/",
    "/admin/flags/feature/add/",
    "/admin/flags/segment/",
    "/admin/flags/apitoken/add/",
    "/admin/maintenance/maintenancesetting/1/change/",
    "admin:batch-import-export",
]


class ScriptAudit(HTMLParser):
    """Collects what script-src 'self' (no 'unsafe-inline') would block."""

    def __init__(self):
        super().__init__()
        self.blocked: list[str] = []
        self.sources: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=...> inline event handler")
            if name in ("href", "src", "action") and (value or "").lower().startswith(
                "javascript:"
            ):
                self.blocked.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            src = attrs.get("src")
            if src is None:
                self._in_inline_script = attrs.get("type") not in ("application/json",)
            else:
                self.sources.append(src)
                if not src.startswith("/") or src.startswith("//"):
                    self.blocked.append(f"<script src={src!r}> from another origin")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.blocked.append(f"inline <script>: {data.strip()[:60]!r}")


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {d[0]: d[1:] for d in directives}


@pytest.fixture
def admin(admin_user, actor) -> Client:
    # A dialog banner and a flag, so the banner template and flag pages render their parts.
    Banner.objects.create(message="Read **this**", link="dialog", dialog="More", enabled=True)
    Feature.objects.create(name="csp-flag", project_id="default")
    client = Client()
    client.force_login(admin_user)
    return client


def test_policy__default__scripts_only_from_self_never_inline():
    policy = {
        d.split()[0]: d.split()[1:]
        for d in settings.CONTENT_SECURITY_POLICY.split(";")
        if d.strip()
    }

    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize("page", PAGES)
def test_admin_page__every_script__allowed_by_the_policy(admin, page):
    path = reverse(page) if ":" in page else page

    response = admin.get(path)

    assert response.status_code == 200, path
    assert "'unsafe-inline'" not in _policy(response)["script-src"]
    audit = ScriptAudit()
    audit.feed(response.content.decode())
    assert audit.blocked == [], path
    assert audit.sources  # the admin's scripts are there, as files


def test_feature_change_page__every_script__allowed_by_the_policy(admin):
    flag = Feature.objects.get(name="csp-flag")

    response = admin.get(reverse("admin:flags_feature_change", args=[flag.pk]))

    assert response.status_code == 200
    audit = ScriptAudit()
    audit.feed(response.content.decode())
    assert audit.blocked == []
    assert any("banners.js" in src for src in audit.sources)  # the dialog opener, as a file


def test_login_page__anonymous__policy_sent(db):
    response = Client().get("/admin/login/")

    assert "script-src" in _policy(response)


def test_api_json__no_policy_header(db):
    response = Client().get("/api/admin/ui-config")

    assert "Content-Security-Policy" not in response
    assert json.loads(response.content)
