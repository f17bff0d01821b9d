"""`manage.py serve` with two granian workers: one scrape target, every worker's requests."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.support.nodes import Node, running
from tests.support.workers import process_env

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

LABELS = {"endpoint": "/api/client/features", "method": "GET", "status": "401"}


def _refused_fetches(url: str) -> float:
    text = requests.get(f"{url}/internal-backstage/prometheus", timeout=10).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "unleash_sdk_requests_total" and sample.labels == LABELS:
                return sample.value
    return 0.0


def _stale_file(folder: Path) -> None:
    """What a worker of an earlier run leaves: 1,000 refused fetches in a metric file."""
    script = (
        "from prometheus_client import Counter\n"
        "c = Counter('unleash_sdk_requests_total', 'x', ('endpoint', 'method', 'status'))\n"
        "c.labels('/api/client/features', 'GET', '401').inc(1000)\n"
    )
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(folder)}
    subprocess.run([sys.executable, "-c", script], env=env, check=True)


def _fetch_without_token(url: str) -> None:
    # a new connection each time, so granian hands them to either worker
    assert requests.get(f"{url}/api/client/features", timeout=10).status_code == 401


def _fetch_until_both_workers_counted(url: str, folder: Path) -> int:
    """Refused fetches until each worker has a metric file; how many were sent."""
    for sent in range(1, 401):
        _fetch_without_token(url)
        if sent >= 20 and len(list(folder.glob("counter_*.db"))) == 2:
            return sent
    raise AssertionError(f"one worker answered 400 new connections: {list(folder.iterdir())}")


def test_serve__two_workers__every_scrape_sums_both_and_old_files_are_wiped(tmp_path):
    folder = tmp_path / "prometheus"
    folder.mkdir()
    _stale_file(folder)
    node = Node("prom", process_env(PROMETHEUS_MULTIPROC_DIR=folder), workers=2, scheduler=False)

    with running(node):
        sent = _fetch_until_both_workers_counted(node.url, folder)
        scrapes = [_refused_fetches(node.url) for _ in range(10)]

    # whichever worker answers the scrape: both workers' fetches, none of the stale 1,000
    assert scrapes == [sent] * 10


def test_serve__no_folder_configured__own_temporary_one_removed_at_stop(tmp_path):
    env = process_env()
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    node = Node("prom-tmp", env, workers=2, scheduler=False)

    with running(node):
        for _ in range(5):
            _fetch_without_token(node.url)
        counted = _refused_fetches(node.url)
        folder = Path(re.search(r"Prometheus figures of the workers in (\S+)", node.output())[1])
        existed = folder.is_dir()
        node.stop()

    assert counted == 5
    assert existed and not folder.exists()
