"""Writes on a flag's links: add, change, remove; every url is http(s)."""

from urllib.parse import urlsplit

from core.actors import Actor
from core.audit import record_event
from core.errors import NotFound, ValidationFailed
from core.services import write_service
from core.textcheck import check_text
from flags.models import Feature, FeatureLink
from flags.services._spec import column_length

SCHEMES = ("http", "https")


@write_service
def link_add(*, feature: Feature, url: str, actor: Actor, title: str | None = None) -> FeatureLink:
    url = _checked(url, title)
    link = FeatureLink.objects.create(feature=feature, url=url, title=title or None)
    _event("feature-link-added", feature, actor, data=_snapshot(link))
    return link


@write_service
def link_update(
    *, feature: Feature, link_id: str, url: str, actor: Actor, title: str | None = None
) -> FeatureLink:
    url = _checked(url, title)
    link = _locked_link(feature, link_id)
    before = _snapshot(link)
    link.url, link.title = url, title or None
    link.save(update_fields=["url", "title"])
    _event("feature-link-updated", feature, actor, data=_snapshot(link), pre_data=before)
    return link


@write_service
def link_delete(*, feature: Feature, link_id: str, actor: Actor) -> None:
    link = _locked_link(feature, link_id)
    before = _snapshot(link)
    link.delete()
    _event("feature-link-removed", feature, actor, pre_data=before)


def _checked(url, title) -> str:
    """The url to store (a bare host gets https://, as Unleash does); 400 on bad text."""
    errors = check_text(url, "url", column_length(FeatureLink, "url"), required=True)
    if title is not None:
        errors += check_text(title, "title", column_length(FeatureLink, "title"))
    if errors:
        raise ValidationFailed.from_details(errors)
    url = url.strip()
    if "://" not in url:
        url = f"https://{url}"
    if not _is_web_url(url):
        raise ValidationFailed.at("url", "must be an http(s) URL with a host")
    return url


def _is_web_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a port that is not a number: "javascript:x")
    except ValueError:  # also a malformed IPv6 host such as "http://[x"
        return False
    if any(c.isspace() or ord(c) < 32 for c in url):
        return False
    return parts.scheme.lower() in SCHEMES and bool(parts.hostname)


def _locked_link(feature: Feature, link_id: str) -> FeatureLink:
    link = FeatureLink.objects.select_for_update().filter(feature=feature, pk=link_id).first()
    if link is None:
        raise NotFound.at("id", f"No item with id {link_id}")
    return link


def _snapshot(link: FeatureLink) -> dict:
    return {"url": link.url, "title": link.title}


def _event(kind: str, feature: Feature, actor: Actor, **payload) -> None:
    record_event(kind, actor=actor, project=feature.project_id, feature=feature.name, **payload)
