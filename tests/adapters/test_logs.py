"""Logs never carry bodies, tokens or secrets, whichever library logs them."""

from __future__ import annotations

import io
import json
import logging

import pytest

from adapters.logs import JsonFormatter, RedactionFilter

CANARY = "CANARY-7f3a-family-detail"


@pytest.fixture
def captured() -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactionFilter(secrets=("s3cr3t-signing-secret-value",)))
    root = logging.getLogger("test-logs-root")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG)
    root.propagate = False
    return root, stream


def test_third_party_arguments_and_bodies_are_withheld(captured: tuple[logging.Logger, io.StringIO]) -> None:
    root, stream = captured
    library = root.getChild("slack_bolt")
    library.name = "slack_bolt.App"
    for _ in range(1000):
        library.debug("Sending a request - body: %s", {"text": CANARY})
        library.warning(f"Unhandled request ({{'text': '{CANARY}'}})")
    out = stream.getvalue()
    assert CANARY not in out
    assert out.count("\n") == 2000
    first = json.loads(out.splitlines()[0])
    assert first["message"] == "Sending a request - body: %s"


def test_tokens_and_configured_secrets_are_masked_even_in_our_logs(
    captured: tuple[logging.Logger, io.StringIO],
) -> None:
    root, stream = captured
    ours = logging.getLogger("adapters.slack.test")
    ours.handlers[:] = root.handlers
    ours.propagate = False
    ours.setLevel(logging.DEBUG)
    ours.info("token %s and secret %s", "xoxb-1234-5678-abcdef", "s3cr3t-signing-secret-value")
    ours.info("auth Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl")
    out = stream.getvalue()
    assert "xoxb-1234" not in out
    assert "s3cr3t" not in out
    assert "eyJhbGci" not in out
    assert out.count("[redacted]") == 3
