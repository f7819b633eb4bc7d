"""What the container runs, without a container engine: the wheel, installed into a fresh virtual
environment (not editable, run from outside the source tree), migrates PostgreSQL and serves.

Also lints the recipes' shape: the Kubernetes kustomization lists every manifest, the probes and the
grace period match the drain, compose waits for the migration, and .env.example lists every setting.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.error import URLError

import pytest
import yaml

from bot.config import Settings
from tests.conftest import POSTGRES_URL, ROOT

KUBERNETES = ROOT / "deploy" / "kubernetes"
DEADLINE = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(*args: str | Path, env: dict[str, str] | None = None, cwd: Path | None = None) -> str:
    done = subprocess.run(  # noqa: S603 - our own tools
        [str(a) for a in args], capture_output=True, text=True, env=env, cwd=cwd, timeout=900, check=False
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def _wait_ready(url: str, server: subprocess.Popen[str]) -> int:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        assert server.poll() is None, server.communicate()[1][-2000:]
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
                return int(response.status)
        except (URLError, ConnectionError):
            time.sleep(0.05)  # polling the real server's start-up, not waiting for time
    pytest.fail("plbot serve did not become ready")


@pytest.mark.slow
@pytest.mark.skipif(not POSTGRES_URL, reason="PLBOT_TEST_POSTGRES_URL is not set (.ci/run sets it)")
def test_the_wheel_installed_in_a_fresh_venv_migrates_postgres_and_serves(
    tmp_path: Path, blank_postgres: str, wheel: Path
) -> None:
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)  # the venv needs no pip of its own: uv installs
    # with its dependencies, resolved afresh from the index: the wheel's metadata must name all it needs.
    # uv rather than pip: pip's resolver and byte-compiling every dependency took a minute of the suite.
    run(sys.executable, "-m", "uv", "pip", "install", "--quiet", "--python", venv / "bin" / "python", wheel)
    away = tmp_path / "elsewhere"  # not the source tree: only the installed package can be imported
    away.mkdir()
    where = run(venv / "bin" / "python", "-c", "import bot; print(bot.__file__)", cwd=away)
    assert str(venv) in where
    port = free_port()
    env = {
        "PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '')}",
        "HOME": str(tmp_path),
        "PLBOT_DATABASE_URL": blank_postgres,
        "PLBOT_ORG_FILE": str(ROOT / "examples" / "demo-org.yaml"),
        "PLBOT_PORT": str(port),
    }
    run(venv / "bin" / "plbot", "db", "upgrade", env=env, cwd=away)
    server = subprocess.Popen(  # noqa: S603 - our own CLI
        [str(venv / "bin" / "plbot"), "serve"],
        env=env,
        cwd=away,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _wait_ready(f"http://127.0.0.1:{port}/readyz", server) == 200
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=60)
    assert server.returncode == 0, errors[-2000:]


def _kustomization() -> dict[str, object]:
    return dict(yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text(encoding="utf-8")))


def _manifest(name: str) -> dict[str, object]:
    return dict(yaml.safe_load((KUBERNETES / name).read_text(encoding="utf-8")))


def test_the_kustomization_lists_every_manifest_once() -> None:
    resources = list(_kustomization()["resources"])  # type: ignore[call-overload]
    on_disk = sorted(p.name for p in KUBERNETES.glob("*.yaml") if p.name != "kustomization.yaml")
    assert sorted(resources) == on_disk
    assert len(set(resources)) == len(resources)


def test_the_serve_deployment_probes_and_grace_period_match_the_drain() -> None:
    spec = _manifest("serve-deployment.yaml")["spec"]
    assert spec["replicas"] == 2  # type: ignore[index]
    pod = spec["template"]["spec"]  # type: ignore[index]
    [container] = pod["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    drain = float(_manifest("configmap.yaml")["data"]["PLBOT_DRAIN_SECONDS"])  # type: ignore[index]
    assert drain == Settings.model_fields["drain_seconds"].default
    pre_stop = 5
    assert pod["terminationGracePeriodSeconds"] >= drain + pre_stop


def test_compose_waits_for_a_healthy_database_and_the_migration() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"postgres", "migrate", "app", "worker"}
    assert services["postgres"]["healthcheck"]
    assert "pgdata" in compose["volumes"]
    for name in ("app", "worker"):
        needs = services[name]["depends_on"]
        assert needs["postgres"]["condition"] == "service_healthy"
        assert needs["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == ["plbot", "db", "upgrade"]


def test_env_example_lists_every_setting() -> None:
    listed = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    }
    settings = {field.alias for field in Settings.model_fields.values() if field.alias}
    assert settings <= listed
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
