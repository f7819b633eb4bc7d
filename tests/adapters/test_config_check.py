"""``plbot config check``: secrets masked; unsafe combinations and bad values refused in one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from adapters.cli import run
from bot.config import Settings

SAFE_PUBLIC = {
    "PLBOT_HOST": "0.0.0.0",  # noqa: S104 - the production setting under test
    "PLBOT_PUBLIC_URL": "https://plbot.example.org",
    "PLBOT_SECRET_KEY": "a-very-secret-key",
}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A folder without ``.env``, a SQLite database in it, and no PLBOT_ or platform settings inherited."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith(("PLBOT_", "SLACK_", "CONNECTIONS__")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PLBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/plbot.db")
    return tmp_path


def check(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], **env: str) -> tuple[int, str, str]:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code = run(["config", "check"])
    out, err = capsys.readouterr()
    return code, out, err


def test_local_defaults_are_safe_and_secrets_are_masked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = check(monkeypatch, capsys, SLACK_BOT_TOKEN="xoxb-secret-token", PLBOT_SECRET_KEY="hush")
    assert (code, err) == (0, "")
    assert "xoxb-secret-token" not in out
    assert "hush" not in out
    assert "****** (set)" in out
    assert "Configuration is safe" in out


def test_public_production_settings_are_safe(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = check(monkeypatch, capsys, **SAFE_PUBLIC)
    assert (code, err) == (0, ""), err
    assert "a-very-secret-key" not in out


def test_database_password_is_masked(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = check(monkeypatch, capsys, PLBOT_DATABASE_URL="postgresql+asyncpg://plbot:s3cret@db:5432/plbot")
    assert code == 0
    assert "s3cret" not in out
    assert "plbot:***@db" in out


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"PLBOT_TEAMS_ALLOW_UNAUTHENTICATED": "1"}, "PLBOT_TEAMS_ALLOW_UNAUTHENTICATED"),
        ({"PLBOT_SECRET_KEY": ""}, "PLBOT_SECRET_KEY"),
        ({"PLBOT_PUBLIC_URL": "http://plbot.example.org"}, "PLBOT_PUBLIC_URL"),
    ],
    ids=["teams-unauthenticated", "no-secret-key", "public-url-not-https"],
)
def test_unsafe_combination_on_a_public_host_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], env: dict[str, str], names: str
) -> None:
    code, _, err = check(monkeypatch, capsys, **(SAFE_PUBLIC | env))
    assert code == 2
    assert err.count("\n") == 1, err
    assert err.startswith(names), err


def test_all_three_on_a_nip_io_host(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = check(monkeypatch, capsys, PLBOT_HOST="127.0.0.1.nip.io", PLBOT_TEAMS_ALLOW_UNAUTHENTICATED="true")
    assert code == 2
    assert len(err.splitlines()) == 3


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PLBOT_DATABASE_URL", "not a url"),
        ("PLBOT_DATABASE_URL", "mysql://u@h/db"),
        ("PLBOT_PORT", "eighty"),
        ("PLBOT_PORT", "70000"),
        ("PLBOT_LOG_LEVEL", "LOUD"),
        ("PLBOT_TIMEZONE", "Mars/Olympus_Mons"),
    ],
)
def test_bad_value_is_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, value: str
) -> None:
    code, out, err = check(monkeypatch, capsys, **{name: value})
    assert (code, out) == (2, "")
    assert err.count("\n") == 1, err
    assert err.startswith(f"{name}: "), err
    assert "Traceback" not in err


def test_sqlite_folder_missing_is_refused_not_created(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], clean_env: Path
) -> None:
    code, _, err = check(monkeypatch, capsys, PLBOT_DATABASE_URL=f"sqlite+aiosqlite:///{clean_env}/missing/plbot.db")
    assert code == 2
    assert err.startswith("PLBOT_DATABASE_URL: "), err
    assert "missing" in err
    assert not (clean_env / "missing").exists()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("::1", True),
        ("[::1]", True),
        ("127.0.0.1.nip.io", False),
        ("127.example.org", False),
        ("0.0.0.0", False),  # noqa: S104
        ("::", False),
        ("10.0.0.5", False),
        ("plbot.example.org", False),
    ],
)
def test_host_is_loopback_parses_the_address(host: str, loopback: bool) -> None:
    assert Settings(PLBOT_HOST=host).host_is_loopback is loopback


def test_links_follow_the_listening_address_when_no_public_url_is_set() -> None:
    assert Settings(_env_file=None, PLBOT_PORT=8080).public_url == "http://localhost:8080"
    assert Settings(_env_file=None, PLBOT_HOST="0.0.0.0", PLBOT_PORT=8081).public_url == "http://localhost:8081"  # noqa: S104
    assert Settings(_env_file=None, PLBOT_HOST="10.1.2.3", PLBOT_PORT=80).public_url == "http://10.1.2.3:80"
    assert (
        Settings(_env_file=None, PLBOT_PUBLIC_URL="https://plbot.example.org").public_url == "https://plbot.example.org"
    )
