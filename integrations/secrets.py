"""A provider's sensitive parameters (URL, credentials) are kept only encrypted at rest.

Same keys as API token secrets (flags.tokens: TOKEN_ENCRYPTION_KEY or derived from SECRET_KEY),
so a database dump alone reveals no webhook URL or Authorization header.
"""

import json
import logging

from flags import tokens
from integrations.providers import sensitive_names

log = logging.getLogger(__name__)


def split(provider: str, parameters: dict) -> tuple[dict, str]:
    """(clear parameters, encrypted blob of the sensitive ones) for storage."""
    names = sensitive_names(provider)
    clear = {k: v for k, v in parameters.items() if k not in names}
    hidden = {k: v for k, v in parameters.items() if k in names}
    return clear, tokens.encrypt_secret(json.dumps(hidden)) if hidden else ""


def joined(row) -> dict:
    """All parameters of a stored integration, decrypted (sensitive ones lost if the key went)."""
    params = dict(row.parameters or {})
    if row.secret_parameters:
        plain = tokens.decrypt_text(row.secret_parameters)
        if plain is None:
            log.warning("integration %s: sensitive parameters cannot be decrypted", row.pk)
        else:
            params.update(json.loads(plain))
    return params
