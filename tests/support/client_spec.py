"""Locate, cache and iterate the official Unleash client specification (npm package)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tests.support import npm

PACKAGE = "@unleash/client-specification"
VERSION = "6.1.0"
REPO_ROOT = Path(__file__).resolve().parents[2]
CACHE_ROOT = REPO_ROOT / ".cache" / "client-specification"
EXPECTED_TESTS = 227
EXPECTED_VARIANT_TESTS = 52


def cache_dir(version: str = VERSION) -> Path:
    """Folder holding the unpacked package (``<cache>/<version>/package``)."""
    return CACHE_ROOT / version


def spec_dir(version: str = VERSION) -> Path:
    """The ``specifications`` folder of the package, fetching it with npm on first use."""
    target = cache_dir(version) / "package" / "specifications"
    if not (target / "index.json").is_file():
        _fetch(version)
    return target


def _fetch(version: str) -> None:
    npm.unpack(PACKAGE, version, cache_dir(version))


def load_index(version: str = VERSION) -> list[str]:
    """File names listed in ``index.json``, in order."""
    return json.loads((spec_dir(version) / "index.json").read_text(encoding="utf-8"))


def load_spec_files(version: str = VERSION) -> list[tuple[str, dict[str, Any]]]:
    """``(filename, parsed file)`` for every specification file, in index order."""
    folder = spec_dir(version)
    return [
        (name, json.loads((folder / name).read_text(encoding="utf-8")))
        for name in load_index(version)
    ]


def is_delta_state(state: dict[str, Any]) -> bool:
    """True for the delta format ``{"events": [...]}`` (files 19 and 20)."""
    return isinstance(state, dict) and "events" in state and "features" not in state


def fold_delta_state(state: dict[str, Any]) -> dict[str, Any]:
    """Fold a delta-format state (or pass a client-features body through) into a features body.

    Events apply in order: ``hydration`` replaces everything, ``feature-updated`` upserts a
    feature (keeping its position), ``feature-removed`` drops one, ``segment-updated`` upserts
    a segment, ``segment-removed`` drops one.
    """
    if not is_delta_state(state):
        return copy.deepcopy(state)
    features: dict[str, dict[str, Any]] = {}
    segments: dict[Any, dict[str, Any]] = {}
    for event in state["events"]:
        kind = event.get("type")
        if kind == "hydration":
            features = {f["name"]: copy.deepcopy(f) for f in event.get("features", [])}
            segments = {s["id"]: copy.deepcopy(s) for s in event.get("segments", [])}
        elif kind == "feature-updated":
            features[event["feature"]["name"]] = copy.deepcopy(event["feature"])
        elif kind == "feature-removed":
            features.pop(event["featureName"], None)
        elif kind == "segment-updated":
            segments[event["segment"]["id"]] = copy.deepcopy(event["segment"])
        elif kind == "segment-removed":
            segments.pop(event.get("segmentId"), None)
        else:
            raise ValueError(f"unknown delta event type {kind!r}")
    return {"version": 2, "features": list(features.values()), "segments": list(segments.values())}


def file_stem(filename: str) -> str:
    """``"08-variants.json"`` -> ``"08-variants"``."""
    return filename.removesuffix(".json")


def iter_cases(version: str = VERSION) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield ``(filename, kind, case)`` for every case; kind is ``"test"`` or ``"variantTest"``."""
    for filename, spec in load_spec_files(version):
        for case in spec.get("tests", []):
            yield filename, "test", case
        for case in spec.get("variantTests", []):
            yield filename, "variantTest", case


def case_id(filename: str, case: dict[str, Any]) -> str:
    """Readable pytest id: ``"08-variants::<description>"``."""
    return f"{file_stem(filename)}::{case['description']}"


def states_by_file(version: str = VERSION) -> dict[str, dict[str, Any]]:
    """Each file's state folded into a client-features body, keyed by filename."""
    return {name: fold_delta_state(spec["state"]) for name, spec in load_spec_files(version)}
