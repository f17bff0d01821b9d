"""One bounded HTTP POST to a checked URL: no redirects followed, connected to the checked address.

The standard library's client is enough for one POST; the connection is opened to the address
urlcheck resolved (TLS still verifies the certificate against the URL's host name).
"""

import http.client
import socket
import ssl
from dataclasses import dataclass

from integrations.urlcheck import CheckedUrl

# A receiver's answer is read only this far: its status is what matters.
MAX_RESPONSE_BYTES = 64 * 1024


class DeliveryFailed(Exception):
    """The request could not be completed (connection, TLS, timeout)."""


@dataclass(frozen=True)
class Answer:
    status: int

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, checked: CheckedUrl, timeout: float):
        super().__init__(checked.host, checked.port, timeout=timeout)
        self._address = checked.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, checked: CheckedUrl, timeout: float):
        super().__init__(
            checked.host, checked.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = checked.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(checked: CheckedUrl, body: bytes, headers: dict[str, str], timeout: float) -> Answer:
    """POST ``body``; the receiver's status, or DeliveryFailed. Redirects are answers, not hops."""
    cls = _PinnedHTTPS if checked.parts.scheme == "https" else _PinnedHTTP
    conn = cls(checked, timeout)
    try:
        conn.request("POST", checked.target, body=body, headers=headers)
        response = conn.getresponse()
        response.read(MAX_RESPONSE_BYTES)
        return Answer(response.status)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise DeliveryFailed(f"{type(exc).__name__}: {exc}") from exc
    finally:
        conn.close()
