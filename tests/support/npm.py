"""Fetch an npm package's files into a cache folder (npm pack, unpacked atomically), for tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path


def unpack(package: str, version: str, destination: Path) -> Path:
    """`npm pack` package@version and unpack it at `destination` (its `package/` inside).

    Unpacked beside the destination first, then moved in one rename, so a test run that
    stops halfway never leaves a half-filled cache behind.
    """
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(f"npm is needed to fetch {package}@{version}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent) as tmp:
        subprocess.run(
            [npm, "pack", f"{package}@{version}", "--silent", "--pack-destination", tmp],
            check=True,
            capture_output=True,
            timeout=300,
        )
        (tarball,) = Path(tmp).glob("*.tgz")
        unpacked = Path(tmp) / "unpacked"
        with tarfile.open(tarball) as archive:
            archive.extractall(unpacked, filter="data")
        if destination.exists():
            shutil.rmtree(destination)
        os.replace(unpacked, destination)
    return destination
