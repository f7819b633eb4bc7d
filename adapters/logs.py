"""Structured JSON log lines. Only known, content-free fields are written: never bodies or tokens."""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

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
_SECRETS = re.compile(r"(xox[abposre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|Bearer\s+[A-Za-z0-9._~+/=-]+)")


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
        return json.dumps(line, ensure_ascii=False)


def configure_logging(level: str = "INFO") -> None:
    """JSON lines on standard error; chatty third-party loggers held at WARNING."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("slack_bolt", "slack_sdk", "microsoft_agents", "aiohttp.access", "sqlalchemy", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
