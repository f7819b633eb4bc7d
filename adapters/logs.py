"""Structured JSON log lines. Only known, content-free fields are written: never bodies or tokens."""

from __future__ import annotations

import json
import logging
import re
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

SAFE_FIELDS = (
    "platform",
    "event_type",
    "outbox_id",
    "purpose",
    "status",
    "path",
    "method",
    "duration_ms",
    "count",
)
_SECRETS = re.compile(
    r"(xox[abposre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|Bearer\s+[A-Za-z0-9._~+/=-]+"
    r"|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*)"
)


NOISY_LOGGERS = (
    "slack_bolt",
    "slack_sdk",
    "microsoft_agents",
    "aiohttp.access",
    "sqlalchemy",
    "alembic",
    "aiosqlite",  # its DEBUG lines quote SQL parameters, that is, message bodies
    "asyncpg",
    "apscheduler",  # "Adding job tentatively…" at every start
)
OUR_LOGGERS = ("bot", "adapters", "scheduler", "plbot")
KNOWN_NOISE: dict[str, tuple[str, ...]] = {
    # ticks never overlap by design (max_instances=1, coalesced): a skipped one is caught up by the next
    "apscheduler.scheduler": ("maximum number of running instances",),
    # the Teams adapter validates each activity itself and logs one WARNING line per refused request
    "microsoft_agents.activity.activity": ("Validation error for Activity",),
    # anonymous loopback mode: said once at start by the Teams adapter, not at every request
    "microsoft_agents.hosting.core.connector.client.user_token_client": ("App ID is not provided",),
}
"""Third-party log lines that are expected and say nothing new: the logger and the start of each message."""
_CUT_AT = re.compile(r"[{\[<\"']")


def _ours(name: str) -> bool:
    return name.split(".", maxsplit=1)[0] in OUR_LOGGERS


class RedactionFilter(logging.Filter):
    """Keeps bodies, tokens and secrets out of every log line, whichever library logged it.

    Our own code logs fixed messages with content-free fields. Third-party libraries (Bolt, the
    Agents SDK, aiohttp…) may interpolate request bodies: for them only the message template is
    kept (never its arguments), and a message without a template is cut before the first bracket
    or quote. Token-shaped strings and the configured secrets are masked everywhere.
    """

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if len(s) >= 8)

    def _mask(self, text: str) -> str:
        text = _SECRETS.sub("[redacted]", text)
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drops it."""
        if _ours(record.name):
            message = record.getMessage()
        elif record.args:
            message = str(record.msg)
        else:
            message = _CUT_AT.split(str(record.msg), maxsplit=1)[0][:200]
        record.msg, record.args = self._mask(message), None
        return True


class DropMessages(logging.Filter):
    """Drops the records of one logger whose message template contains one of ``fragments``."""

    def __init__(self, fragments: tuple[str, ...]) -> None:
        super().__init__()
        self.fragments = fragments

    def filter(self, record: logging.LogRecord) -> bool:
        """False for a known, expected message (checked on the template, never formatted)."""
        template = str(record.msg)
        return not any(fragment in template for fragment in self.fragments)


def quiet_known_noise() -> None:
    """Drop the :data:`KNOWN_NOISE` lines at their loggers (idempotent; part of :func:`configure_logging`)."""
    for name, fragments in KNOWN_NOISE.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, DropMessages) for f in logger.filters):
            logger.addFilter(DropMessages(fragments))


_MAX_FRAMES = 12


def _frames(tb: TracebackType | None) -> list[str]:
    """Where an exception went, frame by frame, without its message (which may hold user text)."""
    return [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in traceback.extract_tb(tb)][-_MAX_FRAMES:]


class JsonFormatter(logging.Formatter):
    """One JSON object per line with a fixed set of fields; secrets that slip into a message are masked."""

    def format(self, record: logging.LogRecord) -> str:
        """Render the record."""
        line: dict[str, object] = {
            "at": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": _SECRETS.sub("[redacted]", record.getMessage()),
        }
        for name in SAFE_FIELDS:
            if hasattr(record, name):
                line[name] = getattr(record, name)
        if record.exc_info and record.exc_info[0] is not None:
            line["error"] = record.exc_info[0].__name__
            line["trace"] = _frames(record.exc_info[2])
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: str = "INFO", secrets: tuple[str, ...] = ()) -> None:
    """JSON lines on standard error through the redaction filter; chatty libraries held at WARNING."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactionFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    quiet_known_noise()
