"""An npm package pinned by the tests, installed once with ``npm ci`` into a cache outside the tree.

A folder under ``tests/`` holds a ``package.json`` naming the package at an exact version and its
``package-lock.json``. :func:`install` copies both into a staging folder next to
``~/.cache/<cache>/<version>`` (``$XDG_CACHE_HOME`` if set), runs ``npm ci`` there and moves the result
into place; later runs (and other workers) reuse it. Used by the Agents Playground test and the Teams
manifest schema test.

The test calling it is skipped, with the reason shown, when node or npm is missing, npm cannot install
the pinned version in time (registry unreachable or slow), or the install holds no such package; it is
never failed for those.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass(frozen=True)
class Pinned:
    """One npm package the tests pin."""

    pins: Path
    """The folder holding ``package.json`` (the package at an exact version) and ``package-lock.json``."""
    package: str
    """The package's npm name, e.g. ``@microsoft/m365agentsplayground``."""
    cache: str
    """The cache's folder name, e.g. ``plbot-playground``."""
    entry: str
    """A file of the package that a complete install has, e.g. ``cli.js``."""
    who: str
    """The test's name, for skip messages."""

    def version(self) -> str:
        """The version ``package.json`` pins (an exact version)."""
        manifest = json.loads((self.pins / "package.json").read_text(encoding="utf-8"))
        version = str(manifest["dependencies"][self.package])
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{self.package} must be pinned exactly, not {version!r}"
        return version

    def folder(self, version: str) -> Path:
        """Where that version is installed, outside the source tree."""
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return base / self.cache / version

    def installed(self, folder: Path, version: str) -> Path | None:
        """The package's folder in ``folder`` if that version is installed there."""
        package = folder / "node_modules" / self.package
        try:
            found = json.loads((package / "package.json").read_text(encoding="utf-8")).get("version")
        except (OSError, ValueError):
            return None
        return package if found == version and (package / self.entry).is_file() else None


def npm_said(output: str) -> str:
    """npm's error in a few lines (its headline lines, without the stack trace)."""
    headlines = [line for line in output.splitlines() if re.match(r"npm (error|ERR!) \w", line)]
    return " | ".join(headlines[:5]) or output.strip()[-800:]


def settle(pinned: Pinned, staging: Path, folder: Path, version: str) -> Path | None:
    """Move a finished install into place (another run may have put one there first: keep theirs;
    a broken one left by an interrupted run is replaced)."""
    for _ in range(2):
        with contextlib.suppress(OSError):
            staging.rename(folder)
        if pinned.installed(folder, version):
            break
        shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    return pinned.installed(folder, version)


async def install(pinned: Pinned, deadline: float) -> Path:
    """The pinned package's folder: ``npm ci`` into the cache the first time (skips if it can't)."""
    version = pinned.version()
    folder = pinned.folder(version)
    if package := pinned.installed(folder, version):
        return package
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip(f"{pinned.who}: node and npm are needed to install {pinned.package} (not on PATH)")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=folder.parent))
    for name in ("package.json", "package-lock.json"):
        shutil.copy(pinned.pins / name, staging / name)
    environ = os.environ | {"npm_config_update_notifier": "false", "npm_config_fund": "false"}
    npm_ci = await asyncio.create_subprocess_exec(
        npm,
        "ci",
        "--no-audit",
        "--ignore-scripts",
        "--loglevel=error",
        "--fetch-retries=1",  # an unreachable registry: skip within seconds, not after npm's minute of retries
        "--fetch-retry-mintimeout=2000",
        "--fetch-retry-maxtimeout=10000",
        cwd=staging,
        env=environ,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        output, _ = await asyncio.wait_for(npm_ci.communicate(), deadline)
    except TimeoutError:
        npm_ci.kill()
        await npm_ci.wait()
        shutil.rmtree(staging, ignore_errors=True)
        pytest.skip(f"{pinned.who}: `npm ci` of {pinned.package}@{version} took over {deadline:.0f} s")
    if npm_ci.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        said = npm_said(output.decode(errors="replace"))
        pytest.skip(
            f"{pinned.who}: npm could not install {pinned.package}@{version} (exit {npm_ci.returncode}): {said}"
        )
    package = settle(pinned, staging, folder, version)
    if package is None:
        pytest.skip(f"{pinned.who}: npm ran, but {folder} holds no {pinned.package}@{version}")
    return package
