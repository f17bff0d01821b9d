"""Where a webhook may post: http(s) only, and only to public addresses unless allowed.

As Unleash does (validate-url): the host is resolved once, every address it resolves to must
be public unless the host is on INTEGRATION_ALLOWED_HOSTS (Unleash's
UNLEASH_ALLOW_LIST_INTEGRATION) or INTEGRATION_ALLOW_PRIVATE_URLS is on; the request then goes
to the address that was checked (no second lookup an attacker's DNS could answer differently).
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from django.conf import settings

# Ranges Python still calls global but Unleash refuses: 6to4 and NAT64 reach private hosts.
_TUNNELS = [ipaddress.ip_network("2002::/16"), ipaddress.ip_network("64:ff9b::/96")]


class UrlRefused(ValueError):
    """The URL is not one a webhook may post to; the message says why."""


@dataclass(frozen=True)
class CheckedUrl:
    parts: SplitResult
    host: str
    port: int
    address: str  # the resolved address the request must go to

    @property
    def target(self) -> str:
        """Path and query as the request line carries them."""
        path = self.parts.path or "/"
        return f"{path}?{self.parts.query}" if self.parts.query else path


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in net for net in _TUNNELS if ip.version == net.version):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def _split(raw: str) -> tuple[SplitResult, str, int]:
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise UrlRefused("Invalid URL") from exc
    if parts.scheme not in ("http", "https"):
        raise UrlRefused(f"Invalid protocol: {parts.scheme}:")
    host = (parts.hostname or "").lower()
    if not host or parts.username is not None or any(c.isspace() for c in raw):
        raise UrlRefused("Invalid URL")
    return parts, host, port or (443 if parts.scheme == "https" else 80)


def _resolve(host: str, port: int) -> list[str]:
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise UrlRefused(f"Hostname did not resolve: {host}") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise UrlRefused(f"Hostname did not resolve: {host}")
    return addresses


def check_url(raw: str) -> CheckedUrl:
    """The URL split and resolved, or UrlRefused."""
    parts, host, port = _split(raw)
    addresses = _resolve(host, port)
    allowed = {h.lower() for h in settings.INTEGRATION_ALLOWED_HOSTS}
    if not (settings.INTEGRATION_ALLOW_PRIVATE_URLS or host in allowed):
        blocked = next((a for a in addresses if not is_public(a)), None)
        if blocked is not None:
            raise UrlRefused(f"URL resolves to a non-public address: {blocked}")
    return CheckedUrl(parts=parts, host=host, port=port, address=addresses[0])


def check_scheme(raw: str) -> None:
    """The part of the check that needs no lookup (create and update check it all)."""
    _split(raw)
