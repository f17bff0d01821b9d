"""Take the README tour's screenshots: the main admin screens in headless Chromium at 1400x900.

    .venv/bin/python docs/screenshots/take_screenshots.py

Creates (or reuses) the database SCREENSHOT_DATABASE_URL (default: unleash_screenshots on the
local PostgreSQL), migrates, seeds a small team's data set (bench/admin_data.py: 60 flags, 3
projects, 3 environments) through the services, serves it with `manage.py runserver` on a free
port and saves PNGs next to this file. Needs Debian's Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/unleash_screenshots"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"
USER, PASSWORD = "admin", "screenshots-pw-1"
CHROMIUM = "/usr/bin/chromium"


def _environment() -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("SCREENSHOT_DATABASE_URL", DEFAULT_DB),
        "REDIS_URL": os.environ.get("SCREENSHOT_REDIS_URL", DEFAULT_REDIS),
        "DJANGO_SETTINGS_MODULE": "unleash_site.settings",
        "DEBUG": "false",
    }
    base, _, name = env["DATABASE_URL"].rpartition("/")
    found = subprocess.run(
        ["psql", f"{base}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{name}'"],
        capture_output=True,
        text=True,
        check=True,
    )
    if found.stdout.strip() != "1":
        subprocess.run(["psql", f"{base}/postgres", "-qc", f'CREATE DATABASE "{name}"'], check=True)
    os.environ.update(env)
    return env


def _seed() -> None:
    import django

    django.setup()
    import admin_data
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from core.actors import Actor
    from core.models import Event
    from flags import services
    from flags.models import Feature

    call_command("migrate", verbosity=0)
    admin_data.seed(flags=60, projects=3, environments=3, report=lambda _line: None)
    user, _ = get_user_model().objects.get_or_create(username=USER)
    user.is_staff = user.is_superuser = True
    user.set_password(PASSWORD)
    user.save()
    if not Event.objects.filter(type="feature-metadata-updated").exists():
        feature = Feature.objects.get(name="checkout-0000")
        actor = Actor.from_user(user, source="admin")
        services.feature_update(
            feature=feature, description="The one-page checkout, behind a 50 % rollout", actor=actor
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def _shots(base: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from core.models import Event
    from flags.models import Feature

    flag = Feature.objects.get(name="checkout-0000")
    event = Event.objects.filter(type="feature-metadata-updated").order_by("-id").first()
    saved = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
        page.goto(f"{base}/admin/login/?next=/admin/")
        page.fill("#id_username", USER)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(f"{base}/admin/")

        def shot(name: str, path: str | None = None) -> None:
            if path is not None:
                page.goto(base + path)
            target = HERE / name
            page.screenshot(path=str(target))
            saved.append(target)

        shot("home.png", "/admin/")
        shot("flag-list.png", "/admin/flags/feature/")
        page.goto(f"{base}/admin/flags/feature/?q=checkout+state:potentially-stale")
        page.click(".search-syntax summary")
        shot("flag-search.png")
        shot("flag-page.png", f"/admin/flags/feature/{flag.pk}/change/")
        page.keyboard.press("Control+k")
        page.keyboard.type("check")
        page.wait_for_selector(".command-menu__item")
        page.wait_for_timeout(300)
        shot("command-menu.png")
        shot("event-log.png", "/admin/core/event/")
        shot("event-diff.png", f"/admin/core/event/{event.pk}/change/")
        shot("import-export.png", "/admin/flags/import-export/")
        browser.close()
    return saved


def main() -> None:
    env = _environment()
    _seed()
    port = _free_port()
    server = _serve(env, port)
    try:
        for path in _shots(f"http://127.0.0.1:{port}"):
            print(path.relative_to(REPO))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
