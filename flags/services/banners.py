"""Writes on banners: create, update, delete, on/off; each audited."""

from core.actors import Actor
from core.audit import record_event
from core.errors import ValidationFailed
from core.services import locked, locked_update, write_service
from core.textcheck import check_text
from flags.markdown import safe_url
from flags.models import Banner
from flags.services._spec import column_length, optional_bool, unknown_fields

TEXT_FIELDS = ("message", "link", "link_text", "dialog_title", "dialog")
BOOL_FIELDS = ("sticky", "enabled")
# Errors name fields as Unleash's banner API does (the admin maps them back to its fields).
WIRE_NAMES = {"link_text": "linkText", "dialog_title": "dialogTitle"}


def banner_snapshot(banner: Banner) -> dict:
    return {
        "id": banner.id,
        "message": banner.message,
        "variant": banner.variant,
        "link": banner.link or None,
        "linkText": banner.link_text or None,
        "dialogTitle": banner.dialog_title or None,
        "dialog": banner.dialog or None,
        "sticky": banner.sticky,
        "enabled": banner.enabled,
    }


def _clean(spec: dict, *, creating: bool) -> dict:
    errors, clean = [], {}
    errors += unknown_fields(spec, {*TEXT_FIELDS, *BOOL_FIELDS, "variant"}, "banner field")
    for key in TEXT_FIELDS:
        if key in spec:
            clean[key] = (spec[key] or "").strip() if isinstance(spec[key], str | None) else ""
            if spec[key] is not None:
                errors += _text_errors(spec[key], clean[key], key)
    for key in BOOL_FIELDS:
        errors += optional_bool(spec, key, clean)
    if "variant" in spec:
        if spec["variant"] not in Banner.Variant.values:
            errors.append({"path": "variant", "message": f"must be one of {Banner.Variant.values}"})
        clean["variant"] = spec["variant"]
    if (creating or "message" in clean) and not clean.get("message"):
        errors.append({"path": "message", "message": "is required"})
    link = clean.get("link")
    if link and link != "dialog" and not safe_url(link):
        message = 'must be an http(s) or relative URL, or "dialog"'
        errors.append({"path": "link", "message": message})
    if errors:
        raise ValidationFailed.from_details(errors)
    return clean


def _text_errors(raw, stripped: str, key: str) -> list[dict]:
    # The edge rule on what was sent, the length on what is stored (surrounding blanks go).
    path, limit = WIRE_NAMES.get(key, key), column_length(Banner, key)
    return check_text(raw, path) or check_text(stripped, path, limit)


@write_service
def banner_create(*, actor: Actor, **spec) -> Banner:
    banner = Banner.objects.create(**_clean(spec, creating=True))
    record_event("banner-created", actor=actor, data=banner_snapshot(banner))
    return banner


@write_service
def banner_update(*, banner: Banner, actor: Actor, **spec) -> Banner:
    clean = _clean(spec, creating=False)
    banner, before, after = locked_update(Banner, banner.pk, clean, banner_snapshot)
    if after != before:
        record_event("banner-updated", actor=actor, data=after, pre_data=before)
    return banner


@write_service
def banner_delete(*, banner: Banner, actor: Actor) -> None:
    banner = locked(Banner, pk=banner.pk)
    before = banner_snapshot(banner)
    banner.delete()
    record_event("banner-deleted", actor=actor, pre_data=before)
