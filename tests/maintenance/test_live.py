"""A toggle in one process is seen by another web process within one second."""

import time

import pytest
import requests

from core.actors import Actor
from flags.services import token_create
from maintenance import services
from tests.support.workers import wait_for, web_server


def _enabled(base: str, token: str) -> bool:
    response = requests.get(
        f"{base}/api/admin/maintenance", headers={"Authorization": token}, timeout=2
    )
    return response.json()["enabled"]


@pytest.mark.live
def test_toggle__second_web_process__sees_it_within_one_second(transactional_db, tmp_path):
    _, token = token_create(name="live", type="admin", actor=Actor.system("test"))
    with web_server(tmp_path / "web.log") as base:
        assert _enabled(base, token) is False
        for enabled in (True, False):
            started = time.monotonic()
            services.set_maintenance(enabled=enabled, actor=Actor.system("test"))
            seen = wait_for(lambda e=enabled: _enabled(base, token) is e, 1.0, interval=0.02)
            elapsed = time.monotonic() - started
            assert seen and elapsed < 1.0, f"seen={seen} after {elapsed:.3f}s"
