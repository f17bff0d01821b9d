"""axe-core in the browser tests: fetched with npm on first use (cached), injected, run.

Like the client specification (tests/support/client_spec.py), the package comes from the npm
registry through npm itself and is cached under .cache/, so no JavaScript is vendored.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from tests.support import npm

PACKAGE = "axe-core"
VERSION = "4.14.1"
REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE_ROOT = REPO_ROOT / ".cache" / "axe-core"
BLOCKING = ("serious", "critical")


def _fetch(version: str) -> Path:
    return npm.unpack(PACKAGE, version, CACHE_ROOT / version)


@cache
def axe_source(version: str = VERSION) -> str:
    """The text of axe.min.js, fetching the package on first use."""
    script = CACHE_ROOT / version / "package" / "axe.min.js"
    if not script.is_file():
        _fetch(version)
    return script.read_text(encoding="utf-8")


def violations(page, impacts=BLOCKING) -> list[dict]:
    """axe's WCAG 2 A/AA violations on the current page with one of `impacts`.

    The page's context must bypass the CSP (browser_page(bypass_csp=True)): the admin allows
    only its own scripts, and axe arrives as an injected one.
    """
    page.add_script_tag(content=axe_source())
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                resultTypes: ["violations"],
            });
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [v for v in result if v["impact"] in impacts]


def describe(found: list[dict]) -> str:
    return "\n".join(f"{v['impact']} {v['id']}: {v['help']} at {v['targets']}" for v in found)
