"""What the endpoint fuzz tests share: a bounded set of Hypothesis examples, hostile text, and the
check that nothing was logged as an error or with a traceback (issue 19).

Hypothesis draws the examples synchronously (with the suite's profile: a fixed seed in CI); the test
then sends them to the real server on loopback.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any, TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

T = TypeVar("T")

FUZZ_EXAMPLES = 60
"""Per endpoint and shape: enough to find a crash, few enough for ``make test``."""

wild_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "a\x00b",
            "\r\n",
            "line\r\nInjected: header",
            "\ud800",
            "x\udfffy",
            "<@U0DEMO003> <@U0DEMO005|priya> <!channel> <#C0WES0TEAM>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
            "🎉" * 50,
            "9" * 400,
            "0001-01-01 9999-12-31",
            "help",
            "setup",
            "dashboard",
        ]
    ),
)
"""Text a person (or an attacker) might send: control characters, lone surrogates, mentions, markup."""


def examples(strategy: st.SearchStrategy[T], count: int = FUZZ_EXAMPLES) -> list[T]:
    """``count`` examples drawn from ``strategy`` (at most; Hypothesis stops early on a small space)."""
    found: list[T] = []

    @settings(max_examples=count, database=None, deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(example: T) -> None:
        found.append(example)

    collect()
    return found


def mutate(draw: st.DrawFn, data: dict[str, Any], values: st.SearchStrategy[Any], keys: tuple[str, ...] = ()) -> None:
    """Set one field of ``data``, at the top or one level down, to a value drawn from ``values``.

    The field is one the payload has, or one of ``keys`` (which it may not have).
    """
    target = data
    nested = [k for k, v in data.items() if isinstance(v, dict)]
    if nested and bool(draw(st.booleans())):
        target = data[draw(st.sampled_from(nested))]
    choices = sorted(target) + list(keys)
    if choices:
        target[draw(st.sampled_from(choices))] = draw(values)


def form_safe(text: str) -> str:
    """``text`` with lone surrogates replaced, so it can be form-encoded as UTF-8."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def tracebacks(records: Iterable[logging.LogRecord]) -> list[str]:
    """Every record logged as an error or with a traceback, as ``logger LEVEL: message``."""
    return [
        f"{r.name} {r.levelname}: {r.getMessage()[:200]}"
        for r in records
        if r.levelno >= logging.ERROR or r.exc_info is not None or r.exc_text
    ]
