"""Every write on integrations: one transaction, Unleash's addon-config event, maintenance.

Validation follows Unleash's addon service: a known provider, its required parameters present,
the URL one a webhook may post to. A sensitive parameter sent back as the mask ("*****")
keeps its stored value, so a form that re-submits what it read changes nothing secret.
"""

from django.db import transaction

from core.actors import Actor
from core.audit import record_event
from core.errors import NotFound, ValidationFailed
from core.services import locked, write_service
from integrations import providers, secrets, selectors
from integrations.models import Integration
from integrations.urlcheck import UrlRefused, check_url

# Header-bound parameters must not smuggle a second header or request line.
_HEADER_PARAMETERS = ("contentType", "authorization")


def snapshot(row: Integration, *, with_created: bool = True) -> dict:
    """The integration as Unleash's events carry it: everything but the parameters."""
    data = {
        "id": row.pk,
        "provider": row.provider,
        "enabled": row.enabled,
        "description": row.description,
        "events": list(row.events),
        "projects": list(row.projects),
        "environments": list(row.environments),
    }
    if with_created:
        data["createdAt"] = row.created_at.isoformat().replace("+00:00", "Z")
    return data


def _validate(provider: str, parameters: dict) -> None:
    if provider not in providers.DEFINITIONS:
        raise ValidationFailed.at("provider", f"Unknown addon provider {provider}")
    missing = [p.name for p in providers.parameters_of(provider) if p.required]
    missing = [name for name in missing if name not in parameters]
    if missing:
        raise ValidationFailed.at("parameters", f"Missing required parameters: {','.join(missing)}")
    for name in _HEADER_PARAMETERS:
        value = parameters.get(name)
        if isinstance(value, str) and any(c in value for c in "\r\n"):
            raise ValidationFailed.at(f"parameters.{name}", "must be a single line")
    url = parameters.get("url")
    if url is not None and url != providers.MASK:
        try:
            check_url(str(url))
        except UrlRefused as exc:
            raise ValidationFailed.at("parameters.url", str(exc)) from exc


def _apply(row: Integration, fields: dict, parameters: dict) -> None:
    row.provider = fields["provider"]
    row.enabled = fields["enabled"]
    row.description = fields.get("description") or ""
    row.events = list(fields["events"])
    row.projects = list(fields.get("projects") or [])
    row.environments = list(fields.get("environments") or [])
    row.parameters, row.secret_parameters = secrets.split(row.provider, parameters)


@write_service
def integration_create(*, fields: dict, actor: Actor) -> Integration:
    """``fields``: provider, enabled, description, parameters, events, projects, environments."""
    parameters = dict(fields["parameters"])
    _validate(fields["provider"], parameters)
    row = Integration()
    _apply(row, fields, parameters)
    row.save()
    transaction.on_commit(selectors.forget_subscriptions)
    record_event("addon-config-created", actor=actor, data=snapshot(row, with_created=False))
    return row


@write_service
def integration_update(*, integration_id: int, fields: dict, actor: Actor) -> Integration:
    row = _locked(integration_id)
    before = snapshot(row)
    stored = secrets.joined(row)
    sent = dict(fields["parameters"])
    _validate(fields["provider"], sent)
    parameters = {}
    for key, value in sent.items():
        if value == providers.MASK:
            if key in stored:
                parameters[key] = stored[key]
        else:
            parameters[key] = value
    _apply(row, fields, parameters)
    row.save()
    transaction.on_commit(selectors.forget_subscriptions)
    record_event("addon-config-updated", actor=actor, data=snapshot(row), pre_data=before)
    return row


@write_service
def integration_delete(*, integration_id: int, actor: Actor) -> None:
    row = _locked(integration_id)
    before = snapshot(row)
    row.delete()
    transaction.on_commit(selectors.forget_subscriptions)
    record_event("addon-config-deleted", actor=actor, pre_data=before)


def _locked(integration_id: int) -> Integration:
    try:
        return locked(Integration, pk=integration_id)
    except NotFound as exc:
        raise NotFound.at("id", "Could not find addon") from exc
