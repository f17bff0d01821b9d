"""Headless Chromium from Debian, driven by Playwright: launch it and log into the admin."""

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# from async contexts unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
INSTALL_HINT = "apt-get install -y chromium chromium-driver"


def require_chromium() -> str:
    """The Chromium binary; fails (never skips) the test when it is missing."""
    path = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if not path:
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}. Install Debian's build: {INSTALL_HINT} "
            "(never `playwright install`).",
            pytrace=False,
        )
    return path


@contextmanager
def browser_page(viewport=(1400, 900), bypass_csp=False):
    """A fresh page in headless Chromium; closes everything afterwards.

    bypass_csp lets a test inject scripts of its own (axe-core); pages never need it.
    """
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                viewport={"width": viewport[0], "height": viewport[1]}, bypass_csp=bypass_csp
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()


def admin_login(page, base_url: str, username: str, password: str) -> None:
    """Log into the admin through its login form; lands on the admin index."""
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ (kept as a CI artifact)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path
